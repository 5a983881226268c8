package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint on a dataset's test split.")
public final class EvaluateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune evaluate: not yet available in this version.");
        return 0;
    }
}
