package org.audioprune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Compute the un-normalised log-mel features of one WAV file and write them as .npy.")
public final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("audioprune features: not yet available in this version.");
        return 0;
    }
}
