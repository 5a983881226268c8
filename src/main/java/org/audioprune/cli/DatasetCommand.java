package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Inspect or render datasets (info, render).")
public final class DatasetCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune dataset: not yet available in this version.");
        return 0;
    }
}
