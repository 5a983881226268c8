package org.audioprune.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.data.FeatureSet;
import org.audioprune.io.OutputKind;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.LayerSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.NetworkBuilder;
import org.audioprune.model.djl.NetworkRunner;

/**
 * The training loop: Adam on shuffled mini-batches, softmax cross-entropy (single-label) or binary
 * cross-entropy (multi-label), optional SpecAugment and mixup, and model selection on the
 * validation split (the best epoch's weights are kept; the test split is never seen here). With a
 * {@link Resumable}, the full state is saved after every epoch and an interrupted run continues
 * from its last finished epoch with the same bits as an uninterrupted one (same settings, data and
 * thread count).
 */
public final class Trainer {
    private static final int TIME_STRIPES = 2;
    private static final int TIME_STRIPE_MAX = 64;
    private static final int FREQ_STRIPES = 2;
    private static final int FREQ_STRIPE_MAX = 8;

    /** One epoch's record; validation values are NaN without a validation split. */
    public record EpochRecord(int epoch, double trainLoss, double validationLoss, double validationMetric,
                              double seconds) {
    }

    /**
     * @param checkpoint the best epoch's network (on the validation metric; the last epoch without validation)
     * @param bestEpoch  1-based epoch whose weights were kept
     * @param metricName accuracy or mAP
     * @param resumedAfter epochs taken over from a saved state (0: started at epoch 1)
     */
    public record Result(Checkpoint checkpoint, List<EpochRecord> history, int bestEpoch, String metricName,
                         int resumedAfter) {
    }

    private Trainer() {
    }

    /**
     * Trains a freshly initialised network. The per-band normalisation is fitted on {@code train} only
     * (none for networks with their own input batch norm, PANNs bn0).
     *
     * @param validation may be null or empty: then the last epoch is kept
     */
    public static Result train(ArchitectureSpec spec, FeatureSet train, FeatureSet validation, TrainingConfig config) {
        return train(spec, train, validation, config, null);
    }

    /** As {@link #train(ArchitectureSpec, FeatureSet, FeatureSet, TrainingConfig)}, resumable ({@code null}: not). */
    public static Result train(ArchitectureSpec spec, FeatureSet train, FeatureSet validation, TrainingConfig config,
            Resumable resumable) {
        Evaluator.requireCompatible(spec, train.classNames(), train);
        BandNormalisation norm = normalisesItsInput(spec) ? BandNormalisation.none() : BandNormalisation.fit(train);
        TrainingSession.seed(config.seed());
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            return run(runner, norm, train.classNames(), train, validation, config, "init", resumable);
        }
    }

    /**
     * Continues training from a checkpoint's weights (fine-tuning a pruned network); its stored
     * normalisation is kept.
     */
    public static Result train(Checkpoint start, FeatureSet train, FeatureSet validation, TrainingConfig config) {
        return train(start, train, validation, config, null);
    }

    /** As {@link #train(Checkpoint, FeatureSet, FeatureSet, TrainingConfig)}, resumable ({@code null}: not). */
    public static Result train(Checkpoint start, FeatureSet train, FeatureSet validation, TrainingConfig config,
            Resumable resumable) {
        Evaluator.requireCompatible(start.spec(), start.classNames(), train);
        TrainingSession.seed(config.seed());
        try (NetworkRunner runner = new NetworkRunner(start.spec(), start.weights())) {
            return run(runner, new BandNormalisation(start.bandMean(), start.bandStd()), start.classNames(), train,
                    validation, config, resumable == null ? null : TrainingState.digest(start.weights()), resumable);
        }
    }

    private static boolean normalisesItsInput(ArchitectureSpec spec) {
        return spec.layers().stream().anyMatch(l -> l instanceof LayerSpec.MelBatchNorm);
    }

    /** @param origin what the network starts from, for the resumable's key: "init" or a digest of the weights */
    private static Result run(NetworkRunner runner, BandNormalisation norm, List<String> classNames, FeatureSet train,
            FeatureSet validation, TrainingConfig config, String origin, Resumable resumable) {
        if (train.size() < 2) {
            throw new AudioPruneException("the training split has " + train.size() + " clips; at least 2 are needed");
        }
        boolean validate = validation != null && validation.size() > 0;
        if (validate) {
            Evaluator.requireCompatible(runner.network().spec(), classNames, validation);
        }
        TrainingSession session = new TrainingSession(runner, config.learningRate());
        Random random = new Random(config.seed());
        String key = resumable == null ? null
                : TrainingState.key(config, runner.network().spec(), classNames, norm, origin, train, validation);
        int n = train.size();
        int classes = classNames.size();
        int batchSize = Math.min(config.batchSize(), n);
        int clipSize = train.nMels() * train.frames();
        float[] inputs = new float[batchSize * clipSize];
        float[] targets = new float[batchSize * classes];
        int[] order = IntStream.range(0, n).toArray();
        // A last batch of one clip is skipped: batch statistics of a single clip are degenerate.
        int batchesPerEpoch = n / batchSize + (n % batchSize >= 2 ? 1 : 0);
        List<EpochRecord> history = new ArrayList<>();
        Map<String, Tensor> best = null;
        int bestEpoch = 0;
        double bestMetric = Double.NEGATIVE_INFINITY;
        String metricName = train.multiLabel() ? "mAP" : "accuracy";
        TrainingState.Saved saved = resumable == null ? null : TrainingState.resumeFrom(resumable, key, config.epochs());
        int done = 0;
        if (saved != null) {
            done = saved.header().epochs();
            for (int e = 0; e < done; e++) {
                for (int from = 0; from + 2 <= n; from += batchSize) {
                    session.replayRandomDraws(Math.min(n, from + batchSize) - from);
                }
            }
            NetworkBuilder.loadWeights(runner.network(), saved.weights());
            session.restoreOptimizer(saved.header().optimizerSteps(), saved.moments());
            random = saved.random();
            order = saved.header().order().clone();
            history.addAll(saved.header().history());
            best = saved.best();
            bestEpoch = saved.header().bestEpoch();
            bestMetric = saved.header().bestMetric();
        }
        try (ProgressBar bar = progressBar(config, (long) batchesPerEpoch * config.epochs())) {
            if (bar != null) {
                bar.stepTo((long) batchesPerEpoch * done);
            }
            for (int epoch = done + 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                shuffle(order, random);
                double lossSum = 0;
                int steps = 0;
                for (int from = 0; from + 2 <= n; from += batchSize) {
                    int to = Math.min(n, from + batchSize);
                    int b = to - from;
                    norm.fillBatch(train, order, from, to, inputs);
                    fillTargets(train, order, from, to, classes, targets);
                    if (config.specAugment()) {
                        specAugment(inputs, b, train.nMels(), train.frames(), random);
                    }
                    if (config.mixup()) {
                        mixup(inputs, targets, b, clipSize, classes, random);
                    }
                    float loss = session.step(inputs, targets, b);
                    steps++;
                    if (!Float.isFinite(loss)) {
                        throw new AudioPruneException("training diverged at epoch " + epoch + ", batch " + steps
                                + " of " + batchesPerEpoch + ": the loss is " + loss + "; try a lower --lr (now "
                                + config.learningRate() + ")");
                    }
                    lossSum += loss;
                    if (bar != null) {
                        bar.step();
                        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d loss %.3f", epoch, lossSum / steps));
                    }
                }
                double valLoss = Double.NaN;
                double valMetric = Double.NaN;
                if (validate) {
                    EvaluationResult r = Evaluator.evaluate(runner, norm, validation, "validation");
                    valLoss = r.loss();
                    valMetric = r.primaryMetric();
                }
                history.add(new EpochRecord(epoch, lossSum / steps, valLoss, valMetric,
                        (System.nanoTime() - start) / 1e9));
                if (bar != null && validate) {
                    bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d loss %.3f val %s %.3f", epoch,
                            lossSum / steps, metricName, valMetric));
                }
                boolean improved = validate ? valMetric > bestMetric : epoch == config.epochs();
                if (improved || best == null) {
                    bestMetric = validate ? valMetric : bestMetric;
                    best = runner.weights();
                    bestEpoch = epoch;
                }
                if (resumable != null) {
                    TrainingState.save(resumable.stateDir(), new TrainingState.Header(
                            OutputKind.TRAINING_STATE.formatTag(), 1, key, epoch, session.optimizerSteps(), bestEpoch,
                            bestMetric, history, order, TrainingState.serialize(random)),
                            runner.weights(), best, session.optimizerMoments());
                }
            }
        }
        Checkpoint checkpoint = new Checkpoint(runner.network().spec(), classNames, norm.mean(), norm.std(), best,
                Map.of("training", trainingMetadata(config, history, bestEpoch, metricName)));
        return new Result(checkpoint, history, bestEpoch, metricName, done);
    }

    private static Map<String, Object> trainingMetadata(TrainingConfig config, List<EpochRecord> history,
            int bestEpoch, String metricName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config);
        m.put("intraOpThreads", TrainingSession.intraOpThreads());
        m.put("bestEpoch", bestEpoch);
        m.put("selectionMetric", "validation " + metricName);
        m.put("history", history.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("trainLoss", e.trainLoss());
            if (!Double.isNaN(e.validationMetric())) {
                row.put("validationLoss", e.validationLoss());
                row.put("validation" + (metricName.equals("mAP") ? "MAP" : "Accuracy"), e.validationMetric());
            }
            row.put("seconds", e.seconds());
            return row;
        }).toList());
        return m;
    }

    private static ProgressBar progressBar(TrainingConfig config, long steps) {
        if (!config.progress()) {
            return null;
        }
        return Progress.bar("train", steps);
    }

    /** Fisher–Yates with the run's seeded Random (so the order depends on the seed only). */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static void fillTargets(FeatureSet set, int[] order, int from, int to, int classes, float[] targets) {
        Arrays.fill(targets, 0, (to - from) * classes, 0f);
        for (int k = from; k < to; k++) {
            for (int label : set.labels(order[k])) {
                targets[(k - from) * classes + label] = 1f;
            }
        }
    }

    /** PANNs' SpecAugmentation: zero 2 time stripes of width in [0, 64) and 2 mel stripes of width in [0, 8). */
    static void specAugment(float[] inputs, int batch, int mels, int frames, Random random) {
        for (int b = 0; b < batch; b++) {
            int offset = b * mels * frames;
            for (int s = 0; s < TIME_STRIPES; s++) {
                int width = random.nextInt(Math.min(TIME_STRIPE_MAX, frames));
                int start = random.nextInt(frames - width + 1);
                for (int m = 0; m < mels; m++) {
                    Arrays.fill(inputs, offset + m * frames + start, offset + m * frames + start + width, 0f);
                }
            }
            for (int s = 0; s < FREQ_STRIPES; s++) {
                int width = random.nextInt(Math.min(FREQ_STRIPE_MAX, mels));
                int start = random.nextInt(mels - width + 1);
                Arrays.fill(inputs, offset + start * frames, offset + (start + width) * frames, 0f);
            }
        }
    }

    /** Mixup (α = 1): clip i becomes λᵢ·clip i + (1 − λᵢ)·clip (batch − 1 − i), λᵢ ~ U(0, 1) = Beta(1, 1). */
    static void mixup(float[] inputs, float[] targets, int batch, int clipSize, int classes, Random random) {
        float[] mixedInputs = new float[batch * clipSize];
        float[] mixedTargets = new float[batch * classes];
        for (int i = 0; i < batch; i++) {
            int j = batch - 1 - i;
            float lambda = random.nextFloat();
            for (int k = 0; k < clipSize; k++) {
                mixedInputs[i * clipSize + k] = lambda * inputs[i * clipSize + k] + (1 - lambda) * inputs[j * clipSize + k];
            }
            for (int c = 0; c < classes; c++) {
                mixedTargets[i * classes + c] = lambda * targets[i * classes + c] + (1 - lambda) * targets[j * classes + c];
            }
        }
        System.arraycopy(mixedInputs, 0, inputs, 0, mixedInputs.length);
        System.arraycopy(mixedTargets, 0, targets, 0, mixedTargets.length);
    }
}
