package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on the built-in dataset: train, rank, prune, fine-tune, report.")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune demo: not yet available in this version.");
        return 0;
    }
}
