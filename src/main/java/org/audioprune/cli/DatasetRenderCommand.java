package org.audioprune.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.InstrumentDataset;
import org.audioprune.data.InstrumentVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audioprune dataset render}: renders the built-in instrument dataset into the cache. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render the built-in instrument dataset with the JDK's synthesizer into the cache ($AUDIOPRUNE_CACHE or ~/.cache/audioprune) and print its folder. An existing complete render with the same parameters and soundbank is reused.")
public final class DatasetRenderCommand implements Callable<Integer> {
    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "instruments",
            description = "instruments (one family per clip) or instruments-multi (mixtures of 1-4 families, multi-label); default: ${DEFAULT-VALUE}.")
    String variant;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DatasetOptions.DEFAULT_SEED,
            description = "Seed of every random choice and of the splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--clips-per-class", paramLabel = "N", defaultValue = "" + DatasetOptions.DEFAULT_CLIPS_PER_CLASS,
            description = "Clips per instrument family; instruments-multi renders this many times the number of families (default: ${DEFAULT-VALUE}).")
    int clipsPerClass;

    @Option(names = "--clip-seconds", paramLabel = "S", defaultValue = "" + DatasetOptions.DEFAULT_CLIP_SECONDS,
            description = "Length of each clip in seconds (default: ${DEFAULT-VALUE}).")
    double clipSeconds;

    @Option(names = "--soundfont", paramLabel = "FILE",
            description = "Render with this .sf2/.dls soundbank instead of the JDK's default (needs the JVM option --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED in AUDIOPRUNE_JAVA_OPTS).")
    Path soundfont;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DatasetOptions options = DatasetOptions.defaults().withSeed(seed).withClipsPerClass(clipsPerClass)
                .withClipSeconds(clipSeconds).withSoundfont(soundfont);
        InstrumentVariant v = InstrumentVariant.byName(variant);
        long start = System.nanoTime();
        Path dir = InstrumentDataset.render(v, options);
        spec.commandLine().getOut().printf("%s (use --dataset builtin:%s; %.1f s)%n", dir, v.label(),
                (System.nanoTime() - start) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
