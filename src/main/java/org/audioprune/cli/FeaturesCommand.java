package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.audio.AudioLoader;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.Clip;
import org.audioprune.data.DatasetRef;
import org.audioprune.data.FeatureShards;
import org.audioprune.data.Split;
import org.audioprune.io.NpyArray;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.Architectures;
import org.audioprune.pipeline.Splits;
import org.audioprune.work.WorkEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Compute the un-normalised log-mel features of one WAV file as a NumPy array (--input, --out), or fill "
                + "the feature cache of a whole dataset (--dataset), locally or on Apache Spark (--engine spark).",
            "",
            "The audio is mixed down to mono and resampled to the front end's rate (Kaiser-windowed sinc, 80 dB stop "
                + "band). The output is a float32 array shaped (n_mels, frames). Definitions: docs/frontends.md.",
            "",
            "With --dataset, every split's features are computed as the training commands want them for --model (its "
                + "front end, and --frames as 'train' takes it) and stored in the cache ($AUDIOPRUNE_CACHE) in shards "
                + "that are recorded as they finish: a run killed part-way continues where it stopped. How the Spark "
                + "engine works: docs/distributed.md.",
            ""})
public final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--front-end", defaultValue = "dcase21", paramLabel = "NAME",
            description = "With --input: the front end, one of ${bundle:registry-front-ends}: dcase21 is 44.1 kHz, 40 mel "
                    + "bands, natural log; panns is 32 kHz, 64 mel bands, dB (default: ${DEFAULT-VALUE}).")
    String frontEnd;

    @Option(names = "--input", paramLabel = "FILE.wav",
            description = "The input WAV file: 16/24/32-bit integer PCM or 32/64-bit float, any channels, any rate.")
    Path input;

    @Option(names = "--out", paramLabel = "OUT.npy",
            description = "With --input: the output .npy file (written atomically: an existing file is replaced only "
                    + "on success).")
    Path out;

    @Mixin
    DatasetOptionsMixin dataset;

    @Option(names = "--model", defaultValue = "dcase21", paramLabel = "NAME",
            description = "With --dataset: the network the features are for, which sets the front end and the default "
                    + "frame count: dcase21, cnn14, cnn10 or cnn6 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--frames", paramLabel = "N",
            description = "With --dataset: frames per clip (clips are cropped or padded). Default: as 'train' takes it, "
                    + "the length of the first training clip (dcase21 drops the last centred frame).")
    Integer frames;

    @Mixin
    EngineOptionsMixin engine;

    @Option(names = "--shard-clips", paramLabel = "N",
            description = "With --dataset: clips per shard, the unit of work that an engine schedules and records "
                    + "(default: 128, fewer if their features exceed 64 MiB).")
    Integer shardClips;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        Progress.setEnabled(!noProgress);
        if (dataset.given()) {
            if (input != null || out != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give either --dataset or --input with --out, not both");
            }
            return cacheDataset();
        }
        if (input == null || out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --input FILE.wav with --out OUT.npy, or --dataset KIND:PATH");
        }
        OutputGuard.create().reads("--input", input).writes("--out", out, OutputKind.NPY).check();
        FrontEnd fe = FrontEnds.byName(frontEnd);
        float[] mono = AudioLoader.loadMono(input, fe.sampleRate());
        float[][] mel = fe.compute(mono);
        AudioLoader.requireFinite(mel, input);
        int n = mel[0].length;
        float[] flat = new float[fe.nMels() * n];
        for (int m = 0; m < mel.length; m++) {
            System.arraycopy(mel[m], 0, flat, m * n, n);
        }
        NpyArray.ofFloats(new int[] {fe.nMels(), n}, flat).write(out);
        spec.commandLine().getOut().printf("%s: %d mel bands x %d frames (%s) -> %s%n", input, fe.nMels(), n,
                fe.name(), out);
        return 0;
    }

    private int cacheDataset() {
        if (shardClips != null && shardClips <= 0) {
            throw new AudioPruneException("--shard-clips must be positive, got " + shardClips);
        }
        if (frames != null && frames <= 0) {
            throw new AudioPruneException("--frames must be positive, got " + frames);
        }
        DatasetRef ref = DatasetRef.of(dataset.spec(), dataset.options());
        AudioDataset ds = ref.open();
        FrontEnd fe = FrontEnds.of(Architectures.create(model, Math.max(1, ds.classNames().size())).frontEnd());
        List<Clip> train = ds.clips(Split.TRAIN);
        if (frames == null && train.isEmpty()) {
            throw new AudioPruneException("--dataset " + ds.spec() + ": the training split is empty; give --frames");
        }
        int n = frames != null ? frames : Splits.defaultFrames(model, ds);
        FeatureShards.Report report;
        try (WorkEngine work = engine.open("features " + ds.spec())) {
            report = FeatureShards.compute(ref, fe, n, shardClips == null ? 0 : shardClips, work);
        }
        PrintWriter pw = spec.commandLine().getOut();
        for (FeatureShards.SplitEntry e : report.splits()) {
            pw.printf(Locale.ROOT, "%-10s %6d clips x %d mel bands x %d frames (%s) %s %s%n",
                    e.split().name().toLowerCase(Locale.ROOT), e.clips(), fe.nMels(), n, fe.name(),
                    e.computed() ? "computed ->" : "cached at", e.entry());
        }
        if (report.shards() != null) {
            pw.printf(Locale.ROOT, "%d shards on the %s engine: %d computed, %d finished earlier, %d failed attempts retried%n",
                    report.shards().results().size(), engine.engine.label(), report.shards().computed(),
                    report.shards().reused(), report.shards().failedAttempts());
        }
        return 0;
    }
}
