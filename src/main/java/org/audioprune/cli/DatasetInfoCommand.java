package org.audioprune.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.audioprune.data.DatasetCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code audioprune dataset info}: clips per split and per class (and per device, where known). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Print the number of clips per split and per class of a dataset.",
            "For multi-label data a clip counts once for every class it carries."})
public final class DatasetInfoCommand implements Callable<Integer> {
    @Mixin
    DatasetOptionsMixin dataset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DatasetCounts counts = DatasetCounts.of(dataset.open());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("dataset %s: %d classes, %s%n", counts.spec(), counts.perClass().size(),
                counts.multiLabel() ? "multi-label" : "single-label");
        int width = Math.max("total clips".length(),
                counts.perClass().keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s %10s %10s %10s %10s%n";
        out.printf(row, "class", "train", "validation", "test", "total");
        counts.perClass().forEach((name, n) -> printCounts(out, row, name, n));
        printCounts(out, row, "total clips", counts.totals());
        if (!counts.perDevice().isEmpty()) {
            out.println();
            out.printf(row, "device", "train", "validation", "test", "total");
            counts.perDevice().forEach((device, n) -> printCounts(out, row, device, n));
        }
        out.flush();
        return 0;
    }

    private static void printCounts(PrintWriter out, String row, String name, int[] n) {
        out.printf(row, name, n[0], n[1], n[2], n[0] + n[1] + n[2]);
    }
}
