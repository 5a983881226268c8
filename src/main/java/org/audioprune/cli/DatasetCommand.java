package org.audioprune.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code audioprune dataset}: groups {@code info} and {@code render}. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Inspect a dataset (info) or render the built-in instrument dataset (render).",
        subcommands = {DatasetInfoCommand.class, DatasetRenderCommand.class})
public final class DatasetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
