package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a checkpoint's filters physically, optionally fine-tune, and report.")
public final class PruneCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune prune: not yet available in this version.");
        return 0;
    }
}
