package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on a dataset and write a checkpoint.")
public final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune train: not yet available in this version.");
        return 0;
    }
}
