package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune a (pruned) checkpoint.")
public final class FinetuneCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune finetune: not yet available in this version.");
        return 0;
    }
}
