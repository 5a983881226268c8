package org.audioprune.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.InstrumentDataset;
import org.audioprune.data.InstrumentVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audioprune dataset render}: renders the built-in instrument dataset into the cache. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render the built-in instrument dataset with the JDK's synthesizer into the cache ($AUDIOPRUNE_CACHE or ~/.cache/audioprune) and print its folder. An existing complete render with the same parameters and soundbank is reused.")
public final class DatasetRenderCommand implements Callable<Integer> {
    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "instruments",
            description = "The built-in dataset: instruments (one family per clip), instruments-multi (mixtures of "
                    + "1-4 families, multi-label) or instruments-hard (28 close programs with noise and a distractor: "
                    + "the benchmark) (default: ${DEFAULT-VALUE}).")
    String variant;

    @Mixin
    RenderOptionsMixin render;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DatasetOptions options = render.applyTo(DatasetOptions.defaults());
        InstrumentVariant v = InstrumentVariant.byName(variant);
        long start = System.nanoTime();
        Path dir = InstrumentDataset.render(v, options);
        spec.commandLine().getOut().printf("%s (use --dataset builtin:%s; %.1f s)%n", dir, v.label(),
                (System.nanoTime() - start) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
