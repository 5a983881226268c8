package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Per-layer output shapes, parameters and MACs of a network or checkpoint.")
public final class SummaryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune summary: not yet available in this version.");
        return 0;
    }
}
