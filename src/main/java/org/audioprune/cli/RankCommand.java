package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "rank", mixinStandardHelpOptions = true,
        description = "Rank the filters of a conv layer by an importance criterion.")
public final class RankCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune rank: not yet available in this version.");
        return 0;
    }
}
