package org.audioprune.pipeline;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;
import org.audioprune.io.OutputKind;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.PruningPresets;
import org.audioprune.report.PruningReport;
import org.audioprune.report.PruningRunResult;
import org.audioprune.report.ReportWriter;
import org.audioprune.report.StageResult;
import org.audioprune.train.Resumable;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;

/**
 * The main job: built-in data → baseline dcase21 → every criterion × configuration pruned and
 * fine-tuned → one comparison table, report.md, results.json and a plot. Checkpoints are kept in the
 * output folder and reused when their settings match, so a re-run (or a run after a crash) repeats
 * no finished work.
 */
public final class Demo {
    static final String NETWORK = "dcase21";
    static final String DATASET = "builtin:instruments";
    private static final String KEY = "demoKey";

    private final DemoSettings settings;
    private final Path cacheRoot;
    private final Path outDir;
    private final PrintWriter log;
    private final boolean progress;

    /**
     * @param cacheRoot where rendered data and features are cached; {@code null}: the default
     *                  ($AUDIOPRUNE_CACHE or ~/.cache/audioprune)
     */
    public Demo(DemoSettings settings, Path cacheRoot, Path outDir, PrintWriter log, boolean progress) {
        this.settings = settings;
        this.cacheRoot = cacheRoot;
        this.outDir = outDir;
        this.log = log;
        this.progress = progress;
    }

    public PruningReport run() {
        long start = System.nanoTime();
        OutputKind.DEMO.writeMarker(outDir);
        DatasetOptions options = DatasetOptions.defaults().withSeed(settings.seed())
                .withClipsPerClass(settings.clipsPerClass()).withClipSeconds(settings.clipSeconds())
                .withCacheRoot(cacheRoot);
        step("1/5 built-in dataset (" + settings.clipsPerClass() + " clips per family, " + settings.clipSeconds()
                + " s)");
        AudioDataset dataset = Datasets.open(DATASET, options);
        FrontEnd frontEnd = FrontEnds.byName(NETWORK);
        // the network sees the first 50·s frames of the 50·s + 1 centred frames (500 of 501 for 10 s)
        int frames = frontEnd.frames((int) Math.round(settings.clipSeconds() * frontEnd.sampleRate())) - 1;
        step("2/5 log-mel features (dcase21 front end, 40 × " + frames + " per clip; cached)");
        Splits data = Splits.of(new FeatureCache(options.cacheRoot()).allSplits(dataset, frontEnd, frames));
        FeatureSet train = data.train();
        FeatureSet validation = data.validation();
        FeatureSet test = data.test();
        log.printf(Locale.ROOT, "    %d train / %d validation / %d test clips, %d classes%n", train.size(),
                validation.size(), test.size(), train.classNames().size());

        step("3/5 baseline " + NETWORK + " (" + settings.baselineEpochs() + " epochs)");
        ArchitectureSpec spec = Architectures.create(NETWORK, train.classNames().size(), frontEnd.nMels(), frames);
        Path baselinePath = outDir.resolve("baseline.ckpt");
        Checkpoint baseline = loadOrCreate(baselinePath, settings.baselineKey(),
                () -> Trainer.train(spec, train, validation, config(settings.baselineEpochs()),
                        resumable(baselinePath)));
        double baselineMetric = PruningPipeline.metric(baseline, test);
        log.printf(Locale.ROOT, "    baseline test accuracy %.2f %%%n", 100 * baselineMetric);

        step("4/5 prune + fine-tune: " + settings.criteria() + " × " + settings.configurations());
        List<PruningRun.Result> runs = new ArrayList<>();
        int total = settings.criteria().size() * settings.configurations().size();
        TrainingConfig finetune = settings.finetuneEpochs() == 0 ? null : config(settings.finetuneEpochs());
        for (String configuration : settings.configurations()) {
            PruningPlan plan = PruningPresets.plan(configuration, baseline.spec());
            for (Criterion criterion : settings.criteria()) {
                long t0 = System.nanoTime();
                PruningRun run = new PruningRun(criterion.builder().optSeed(settings.seed()).build(), configuration,
                        plan, finetune);
                Path dir = outDir.resolve("runs").resolve(criterion.label() + "-" + configuration + ".ckpt");
                PruningRun.Result r = run.runOrReuse(baseline, data, dir, settings.baselineKey());
                runs.add(r);
                if (r.resumedAfter() > 0) {
                    log.println("    continued the interrupted training of " + dir + " after epoch " + r.resumedAfter());
                }
                log.printf(Locale.ROOT, "    [%d/%d] %-6s × %-10s pruned %6.2f %% → fine-tuned %6.2f %%  (%s)%n",
                        runs.size(), total, criterion.label(), configuration, 100 * r.prunedMetric(),
                        100 * r.finetunedMetric(), r.reused() ? "reusing " + dir
                                : String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9));
                log.flush();
            }
        }

        step("5/5 latency (1×40×500 input, batch 1 and 64, " + settings.latency().threads()
                + " thread(s), interleaved medians) and report");
        PruningPipeline.Comparison comparison = PruningPipeline.compare(baseline, baselineMetric, runs,
                settings.latency());
        StageResult base = comparison.baseline();
        List<PruningRunResult> results = comparison.runs();
        List<String> notes = new ArrayList<>(notes(frames, train, validation, test, (System.nanoTime() - start) / 1e9));
        notes.addAll(claimCheck(base, results));
        PruningReport report = comparison.report(NETWORK, DATASET, "accuracy", notes);
        ReportWriter.writeFiles(report, outDir);
        return report;
    }

    private TrainingConfig config(int epochs) {
        return new TrainingConfig(epochs, 32, 1e-3f, settings.seed(), false, false, progress);
    }

    /** A killed training continues where it stopped (the state is deleted once its checkpoint is saved). */
    private static Resumable resumable(Path checkpoint) {
        return Resumable.beside(checkpoint, Resumable.Policy.RESUME_IF_MATCHING);
    }

    /** The baseline saved by an earlier run with the same settings, or a fresh one (then saved). */
    private Checkpoint loadOrCreate(Path path, String key, Supplier<Trainer.Result> train) {
        if (Files.isDirectory(path)) {
            Checkpoint existing = Checkpoint.load(path);
            if (key.equals(existing.metadata().get(KEY))) {
                log.println("    reusing " + path);
                return existing;
            }
        }
        Trainer.Result result = train.get();
        if (result.resumedAfter() > 0) {
            log.println("    continued the interrupted training of " + path + " after epoch " + result.resumedAfter());
        }
        Checkpoint created = result.checkpoint().withMetadata(KEY, key);
        created.save(path);
        resumable(path).finish();
        return created;
    }

    private void step(String what) {
        log.println("==> " + what);
        log.flush();
    }

    private List<String> notes(int frames, FeatureSet train, FeatureSet validation, FeatureSet test, double seconds) {
        return List.of(
                String.format(Locale.ROOT, "Data: %s, %d families, %d train / %d validation / %d test clips of %.1f s "
                        + "(dcase21 front end, 40 × %d input); seed %d.", DATASET, train.classNames().size(),
                        train.size(), validation.size(), test.size(), settings.clipSeconds(), frames, settings.seed()),
                String.format(Locale.ROOT, "Shortened protocol for a demo on 2 CPU cores: baseline %d epochs, "
                        + "fine-tuning %d epochs (the paper: 10 s clips, 100 epochs), Adam lr 1e-3, batch 32, model "
                        + "selection on the validation split.", settings.baselineEpochs(), settings.finetuneEpochs()),
                "Params, MACs and latency are for the network's default 1×40×500 input (10 s), so they compare with "
                        + "the paper; the weights are the same for any clip length. Latency: exact inference form "
                        + "(batch norm folded, channels-last), " + settings.latency().threads() + " intra-op thread(s), "
                        + "median wall time of interleaved rounds in one process.",
                String.format(Locale.ROOT, "Total time %.0f s.", seconds));
    }

    /** The paper's claim, checked on this run: graph criteria at −71 % MACs within 2 points, ≥ l1 and random. */
    static List<String> claimCheck(StageResult baseline, List<PruningRunResult> runs) {
        List<String> notes = new ArrayList<>();
        double base = baseline.metric();
        for (String graph : List.of("wdc", "bc")) {
            PruningRunResult g = find(runs, graph, "paper");
            if (g == null || g.finetuned() == null) {
                continue;
            }
            double acc = g.finetuned().metric();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "Claim check, %s at `paper` (−%.1f %% MACs): %+.2f points vs baseline (%s 2 points)", graph,
                    100.0 * (baseline.macs() - g.finetuned().macs()) / baseline.macs(), 100 * (acc - base),
                    base - acc <= 0.02 ? "within" : "NOT within"));
            for (String other : List.of("l1", "random")) {
                PruningRunResult o = find(runs, other, "paper");
                if (o != null && o.finetuned() != null) {
                    double d = acc - o.finetuned().metric();
                    sb.append(String.format(Locale.ROOT, "; vs %s %+.2f points (%s)", other, 100 * d,
                            d >= 0 ? "at least as good" : "worse"));
                }
            }
            notes.add(sb.append('.').toString());
        }
        return notes;
    }

    private static PruningRunResult find(List<PruningRunResult> runs, String criterion, String configuration) {
        return runs.stream().filter(x -> x.criterion().equals(criterion) && x.configuration().equals(configuration))
                .findFirst().orElse(null);
    }
}
