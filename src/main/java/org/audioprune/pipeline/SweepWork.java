package org.audioprune.pipeline;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.audioprune.Json;
import org.audioprune.Progress;
import org.audioprune.audio.FrontEndId;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.PruningConfigs;
import org.audioprune.prune.Sensitivity;
import org.audioprune.report.SensitivityReport;
import org.audioprune.train.ClipPredictions;
import org.audioprune.train.EvaluationResult;
import org.audioprune.train.Evaluator;
import org.audioprune.train.Resumable;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;
import org.audioprune.work.UnitRunner;
import org.audioprune.work.UnitStore;

/**
 * What every unit of a sweep shares, and the two unit runners: {@link #baselines()} trains a
 * baseline, {@link #runs()} prunes, fine-tunes and measures one run. A unit is a function of its
 * descriptor and these shared inputs only, written into the folder it is given; the object is
 * serialisable (plain values and paths as strings, which every process of a job sees alike), and
 * what it loads (dataset, features, baselines) is cached per process.
 */
public final class SweepWork implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The checkpoint folder in a baseline unit's folder. */
    public static final String BASELINE = "baseline.ckpt";
    /** The checkpoint folder in a run unit's folder: the final (fine-tuned) network. */
    public static final String NETWORK = "network.ckpt";
    /** In a unit's folder when its training continued an interrupted attempt's: after which epoch. */
    public static final String RESUMED = "resumed.txt";
    /** A unit's per-clip test predictions of its (final) network, for the paired per-clip tests. */
    public static final String PREDICTIONS = "predictions.json";

    private final String dataset;
    private final String datasetOptions; // JSON: DatasetOptions holds paths, which are not serialisable
    private final String checkpoint;
    private final UnitStore baselineStore;
    private final String model;
    private final int baselineEpochs;
    private final Integer frames;
    private final int finetuneEpochs;
    private final int batchSize;
    private final float learningRate;
    private final long seed;
    private final String sensitivity;
    private final String states; // training states of units in progress, so that a killed unit's training continues

    private transient AudioDataset openDataset;
    private transient Map<Integer, Splits> splitsByFrames;
    private transient Map<String, Checkpoint> baselineCache;
    private transient SensitivityReport guide;

    /**
     * @param baselineStore where trained baselines are recorded; {@code null} for a sweep over a given checkpoint
     * @param states        where units keep their training state while they run ({@code null}: nowhere, for checks)
     */
    SweepWork(SweepSettings s, UnitStore baselineStore, Path states) {
        this.dataset = s.dataset();
        DatasetOptions abs = s.datasetOptions().withCacheRoot(s.datasetOptions().cacheRoot().toAbsolutePath());
        try {
            this.datasetOptions = Json.MAPPER.writeValueAsString(abs);
        } catch (IOException e) {
            throw new IllegalStateException("dataset options are plain values", e);
        }
        this.checkpoint = s.checkpoint() == null ? null : s.checkpoint().toAbsolutePath().toString();
        this.baselineStore = baselineStore;
        this.model = s.model();
        this.baselineEpochs = s.baselineEpochs();
        this.frames = s.frames();
        this.finetuneEpochs = s.finetuneEpochs();
        this.batchSize = s.batchSize();
        this.learningRate = s.learningRate();
        this.seed = s.seed();
        this.sensitivity = s.sensitivity() == null ? null : s.sensitivity().toAbsolutePath().toString();
        this.states = states == null ? null : states.toAbsolutePath().toString();
    }

    /** Trains baseline k of the sweep's model into {@value #BASELINE}. */
    public UnitRunner<SweepUnits.Baseline, SweepUnits.BaselineRow> baselines() {
        return this::trainBaseline;
    }

    /** Prunes, fine-tunes and measures one run, its final network into {@value #NETWORK}. */
    public UnitRunner<SweepUnits.Run, SweepUnits.RunRow> runs() {
        return this::prune;
    }

    private SweepUnits.BaselineRow trainBaseline(SweepUnits.Baseline unit, Path folder, int threads) {
        return EngineThreads.with(threads, () -> Progress.silently(() -> {
            AudioDataset ds = dataset();
            int n = frames != null ? frames : Splits.defaultFrames(model, ds);
            ArchitectureSpec spec = architecture(ds, n);
            Splits data = splits(n, spec.frontEnd());
            long s = seed + unit.index();
            Resumable resumable = resumable(unit.id());
            Trainer.Result result = Trainer.train(spec, data.train(), data.validation(),
                    new TrainingConfig(baselineEpochs, batchSize, learningRate, s, false, false, false), resumable);
            Checkpoint trained = result.checkpoint().withMetadata("dataset", dataset);
            trained.save(folder.resolve(BASELINE));
            noteResumed(folder, result.resumedAfter());
            resumable.finish();
            Complexity c = Complexity.of(PruningPipeline.canonical(trained.spec()));
            return new SweepUnits.BaselineRow(unit.id(), s, c.params(), c.macs(),
                    predictions(trained, data.test(), folder));
        }));
    }

    private SweepUnits.RunRow prune(SweepUnits.Run unit, Path folder, int threads) {
        return EngineThreads.with(threads, () -> Progress.silently(() -> {
            Checkpoint base = baseline(unit.baseline());
            Splits data = splits(base.spec().input().frames(), base.frontEnd());
            long s = seed + unit.seed();
            CriterionChoice choice = Criterion.byLabel(unit.criterion()).builder().optSeed(s).build();
            PruningConfigs.Resolved plan = plan(unit.configuration(), base.spec(), unit.criterion());
            TrainingConfig finetune = finetuneEpochs == 0 ? null
                    : new TrainingConfig(finetuneEpochs, batchSize, learningRate, s, false, false, false);
            PruningRun run = new PruningRun(choice, unit.configuration(), plan.plan(), finetune);
            Resumable resumable = resumable(unit.id());
            PruningRun.Result r = run.run(base, data, resumable);
            run.recorded(r, "baseline=" + unit.baseline() + "|dataset=" + dataset).save(folder.resolve(NETWORK));
            noteResumed(folder, r.resumedAfter());
            resumable.finish();
            predictions(r.network(), data.test(), folder);
            Complexity c = Complexity.of(PruningPipeline.canonical(r.network().spec()));
            return new SweepUnits.RunRow(unit.id(), unit.baseline(), unit.criterion(), unit.configuration(),
                    unit.seed(), plan.plan().toString(), r.network().spec().convWidths(), c.params(), c.macs(),
                    r.prunedMetric(), r.finetuned(), r.finetunedMetric(), r.keptFilters());
        }));
    }

    /**
     * The training state of unit {@code id}: a unit killed during its training continues it when it
     * runs again (it is the same training: same descriptor, same defining options); the state is
     * deleted once the unit's network is saved.
     */
    private Resumable resumable(String id) {
        return new Resumable(Path.of(states).resolve(id + ".state"), Resumable.Policy.RESUME_IF_MATCHING);
    }

    /** Notes in the unit's folder that its training continued after epoch {@code epochs} (0: it did not). */
    private static void noteResumed(Path folder, int epochs) {
        if (epochs > 0) {
            org.audioprune.io.AtomicFiles.writeString(folder.resolve(RESUMED), "continued the interrupted training "
                    + "after epoch " + epochs + "\n");
        }
    }

    /** The configuration's plan for a baseline of {@code spec}, a budget guided by the criterion's sensitivity. */
    PruningConfigs.Resolved plan(String configuration, ArchitectureSpec spec, String criterion) {
        return PruningConfigs.resolve(configuration, spec, PruningPipeline.canonical(spec), guide(criterion));
    }

    /** The architecture a baseline of this sweep has, before training it. */
    ArchitectureSpec architecture(AudioDataset ds, int n) {
        ArchitectureSpec family = Architectures.create(model, ds.classNames().size());
        return Architectures.create(model, ds.classNames().size(),
                FrontEnds.of(family.frontEnd()).nMels(), n);
    }

    /** The sensitivity of {@code criterion} from --sensitivity, or {@code null} without one. */
    Sensitivity guide(String criterion) {
        if (sensitivity == null) {
            return null;
        }
        if (guide == null) {
            guide = SensitivityReport.read(Path.of(sensitivity));
        }
        return guide.of(criterion, Path.of(sensitivity));
    }

    /** Baseline {@code id}: the given checkpoint, or a finished baseline unit's network. */
    synchronized Checkpoint baseline(String id) {
        if (baselineCache == null) {
            baselineCache = new HashMap<>();
        }
        return baselineCache.computeIfAbsent(id, k -> Checkpoint.load(k.equals(SweepUnits.Run.GIVEN)
                ? Path.of(checkpoint) : baselineStore.folder(k).resolve(BASELINE)));
    }

    synchronized AudioDataset dataset() {
        if (openDataset == null) {
            openDataset = Datasets.open(dataset, options());
        }
        return openDataset;
    }

    private DatasetOptions options() {
        try {
            return Json.MAPPER.readValue(datasetOptions, DatasetOptions.class);
        } catch (IOException e) {
            throw new IllegalStateException("dataset options written here are readable: " + datasetOptions, e);
        }
    }

    /** The splits as features of {@code frontEnd} with {@code n} frames (cached). */
    synchronized Splits splits(int n, FrontEndId frontEnd) {
        if (splitsByFrames == null) {
            splitsByFrames = new HashMap<>();
        }
        return splitsByFrames.computeIfAbsent(n, k -> Splits.of(new FeatureCache(options().cacheRoot())
                .allSplits(dataset(), FrontEnds.of(frontEnd), k)));
    }

    /** Evaluates {@code network} on the test split, writes its {@value #PREDICTIONS} into {@code folder}, returns the metric. */
    static double predictions(Checkpoint network, FeatureSet test, Path folder) {
        EvaluationResult e = Evaluator.evaluate(network, test, "test");
        ClipPredictions p = e.clipPredictions();
        if (p.predicted() != null) { // single-label: the tests need the predicted classes, not the probabilities
            p = new ClipPredictions(p.clipIds(), p.labels(), p.predicted(), new double[p.size()][0]);
        }
        try {
            Json.compact().writeValue(folder.resolve(PREDICTIONS).toFile(), p);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException("cannot write " + folder.resolve(PREDICTIONS), ex);
        }
        return e.primaryMetric();
    }

    /** The {@value #PREDICTIONS} of a finished unit's folder. */
    static ClipPredictions predictions(Path folder) {
        try {
            return Json.MAPPER.readValue(folder.resolve(PREDICTIONS).toFile(), ClipPredictions.class);
        } catch (IOException e) {
            throw new org.audioprune.AudioPruneException(folder.resolve(PREDICTIONS) + ": damaged unit file ("
                    + e.getMessage().lines().findFirst().orElse("") + "); remove the unit's folder to run it again");
        }
    }
}
