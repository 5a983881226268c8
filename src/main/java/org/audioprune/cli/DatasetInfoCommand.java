package org.audioprune.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.Clip;
import org.audioprune.data.Split;
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
        AudioDataset ds = dataset.open();
        PrintWriter out = spec.commandLine().getOut();
        List<String> classes = ds.classNames();
        out.printf("dataset %s: %d classes, %s%n", ds.spec(), classes.size(),
                ds.multiLabel() ? "multi-label" : "single-label");
        int width = Math.max("total clips".length(), classes.stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s %10s %10s %10s %10s%n";
        out.printf(row, "class", "train", "validation", "test", "total");
        for (int c = 0; c < classes.size(); c++) {
            int[] n = new int[Split.values().length];
            for (Split s : Split.values()) {
                for (Clip clip : ds.clips(s)) {
                    if (clip.labels().contains(c)) {
                        n[s.ordinal()]++;
                    }
                }
            }
            printCounts(out, row, classes.get(c), n);
        }
        int[] totals = new int[Split.values().length];
        Map<String, int[]> devices = new TreeMap<>();
        for (Split s : Split.values()) {
            totals[s.ordinal()] = ds.clips(s).size();
            for (Clip clip : ds.clips(s)) {
                if (clip.device() != null) {
                    devices.computeIfAbsent(clip.device(), d -> new int[Split.values().length])[s.ordinal()]++;
                }
            }
        }
        printCounts(out, row, "total clips", totals);
        if (!devices.isEmpty()) {
            out.println();
            out.printf(row, "device", "train", "validation", "test", "total");
            devices.forEach((device, n) -> printCounts(out, row, device, n));
        }
        out.flush();
        return 0;
    }

    private static void printCounts(PrintWriter out, String row, String name, int[] n) {
        out.printf(row, name, n[0], n[1], n[2], n[0] + n[1] + n[2]);
    }
}
