package org.audioprune.bench;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import org.audioprune.Engine;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.NetworkBuilder;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.train.TrainingSession;

/**
 * One DCASE21-Net training step (batch 32, 1×40×500, Adam, softmax cross-entropy) in DJL
 * (TrainingSession, the trainer's own step) versus PyTorch (bench/pytorch_train_step.py, run as a
 * subprocess in the same run with the same thread count). Rounds alternate DJL and PyTorch so
 * that load from other processes hits both alike.
 * Usage: bench/run TrainStepBenchmark [threads=2 (0: each engine's default)] [rounds=3] [stepsPerRound=8]
 * [batch=32] [frames=500]. Each round times the project's step (TrainingSession), the same step
 * through DJL's Trainer + EasyTrain.trainBatch with batches from heap arrays (a first DJL port),
 * and PyTorch.
 */
public final class TrainStepBenchmark {
    private static final int MELS = 40;
    private static final int CLASSES = 10;

    public static void main(String[] args) throws Exception {
        int threads = arg(args, 0, 2);
        int rounds = arg(args, 1, 3);
        int steps = arg(args, 2, 8);
        int batch = arg(args, 3, 32);
        int frames = arg(args, 4, 500);
        Engine.configureOffline();
        EngineThreads.configure(threads > 0 ? threads : null);

        TrainingSession.seed(0);
        ArchitectureSpec spec = Architectures.create("dcase21", CLASSES, MELS, frames);
        List<Double> session = new ArrayList<>();
        List<Double> easyTrain = new ArrayList<>();
        List<Double> torch = new ArrayList<>();
        String torchVersion = "?";
        String torchThreads = "?";
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            TrainingSession trainingSession = new TrainingSession(runner, 1e-3f);
            Random random = new Random(0);
            float[] x = new float[batch * MELS * frames];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] y = new float[batch * CLASSES];
            for (int b = 0; b < batch; b++) {
                y[b * CLASSES + random.nextInt(CLASSES)] = 1f;
            }
            Runnable sessionStep = () -> trainingSession.step(x, y, batch);
            Runnable easyTrainStep = easyTrainStep(spec, x, y, batch);
            for (int w = 0; w < 3; w++) {
                sessionStep.run();
                easyTrainStep.run();
            }
            for (int r = 0; r < rounds; r++) {
                // Alternate which DJL variant runs first, so neither always follows the PyTorch subprocess.
                if (r % 2 == 0) {
                    time(sessionStep, steps, session);
                    time(easyTrainStep, steps, easyTrain);
                } else {
                    time(easyTrainStep, steps, easyTrain);
                    time(sessionStep, steps, session);
                }
                String json = runPyTorch(threads, batch, frames, steps);
                Matcher v = Pattern.compile("\"torch\": \"([^\"]+)\"").matcher(json);
                if (v.find()) {
                    torchVersion = v.group(1);
                }
                Matcher th = Pattern.compile("\"threads\": (\\d+)").matcher(json);
                if (th.find()) {
                    torchThreads = th.group(1);
                }
                Matcher m = Pattern.compile("\"step_ms\": \\[([^]]*)]").matcher(json);
                if (!m.find()) {
                    throw new IllegalStateException("unexpected PyTorch output: " + json);
                }
                for (String t : m.group(1).split(",")) {
                    torch.add(Double.parseDouble(t.trim()));
                }
            }
        }
        double torchMedian = median(torch);
        System.out.printf("dcase21 train step, batch %d, 1x%dx%d, Adam, %d rounds x %d steps per variant%n",
                batch, MELS, frames, rounds, steps);
        System.out.printf("threads: DJL %d, PyTorch %s%n", JniUtils.getNumThreads(), torchThreads);
        System.out.printf("DJL TrainingSession  : median %7.1f ms (min %7.1f)  ratio to PyTorch %.2f%n",
                median(session), min(session), median(session) / torchMedian);
        System.out.printf("DJL Trainer/EasyTrain: median %7.1f ms (min %7.1f)  ratio to PyTorch %.2f%n",
                median(easyTrain), min(easyTrain), median(easyTrain) / torchMedian);
        System.out.printf("PyTorch %-13s: median %7.1f ms (min %7.1f)%n", torchVersion, torchMedian, min(torch));
        System.out.printf("OMP_WAIT_POLICY=%s, load average: %s%n", System.getenv("OMP_WAIT_POLICY"),
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void time(Runnable step, int steps, List<Double> out) {
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            step.run();
            out.add((System.nanoTime() - t0) / 1e6);
        }
    }

    /** DJL's own training API, as a first DJL port would use it (separate parameters, same shapes). */
    private static Runnable easyTrainStep(ArchitectureSpec spec, float[] x, float[] y, int batch) {
        int frames = spec.input().frames();
        Model model = Model.newInstance("easytrain");
        model.setBlock(NetworkBuilder.build(spec));
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        trainer.initialize(new Shape(batch, 1, MELS, frames));
        float[] labels = new float[batch];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < CLASSES; c++) {
                if (y[b * CLASSES + c] == 1f) {
                    labels[b] = c;
                }
            }
        }
        return () -> {
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDList data = new NDList(m.create(x, new Shape(batch, 1, MELS, frames)));
                NDList label = new NDList(m.create(labels, new Shape(batch)));
                EasyTrain.trainBatch(trainer, new Batch(m, data, label, batch, Batchifier.STACK, Batchifier.STACK, 0, 1));
                trainer.step();
            }
        };
    }

    private static String runPyTorch(int threads, int batch, int frames, int steps) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "bench/pytorch_train_step.py",
                Integer.toString(threads), Integer.toString(batch), Integer.toString(MELS),
                Integer.toString(frames), "3", Integer.toString(steps))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.lines().reduce("", (a, b) -> a + b);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bench/pytorch_train_step.py failed");
        }
        return out;
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private TrainStepBenchmark() {
    }
}
