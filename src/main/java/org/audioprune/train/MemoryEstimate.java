package org.audioprune.train;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEnd;
import org.audioprune.data.FeatureCache;
import org.audioprune.model.ArchitectureSpec;

/**
 * What a job will need in memory, estimated before any work, so that one that cannot fit is refused
 * at once with the number instead of swapping for minutes and dying (on main {@code train --frames
 * 100000} grew to 6.8 GB). Two budgets:
 * <ul>
 *   <li><b>engine memory</b> (libtorch's, outside the Java heap), against the machine's memory (the
 *       container's limit where there is one): every layer output of a batch is kept until the batch
 *       is done, and training also keeps the batch-norm and activation inputs and the gradients,
 *       {@value #TRAINING_COPIES} copies in all (measured on dcase21 with 2 000 and 8 000 frames:
 *       2.9 and 3.9 copies), plus four copies of the parameters (weights, gradients, Adam's
 *       moments) and a fixed {@value #ENGINE_BASE_MIB} MiB for libtorch itself;</li>
 *   <li><b>Java heap</b>, against {@code -Xmx}: per feature thread the clip padded to the frame count
 *       (float) and its log-mel output twice, plus the batch of inputs.</li>
 * </ul>
 */
public record MemoryEstimate(long engineBytes, long heapBytes, String what) {
    static final int TRAINING_COPIES = 5;
    static final int INFERENCE_COPIES = 3;
    static final int ENGINE_BASE_MIB = 512;

    /**
     * The estimate for batches of {@code batch} clips of {@code spec}'s input (inference: the
     * evaluator's batch, {@link #inference}).
     *
     * @param training training (gradients kept) or inference only
     * @param frontEnd the front end the features come from
     * @param threads  threads computing features in parallel
     */
    public static MemoryEstimate of(ArchitectureSpec spec, int batch, boolean training, FrontEnd frontEnd,
            int threads) {
        long perClip = (long) spec.input().channels() * spec.input().nMels() * spec.input().frames();
        for (int[] shape : spec.outputShapes()) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            perClip += n;
        }
        long params = spec.parameters().stream().mapToLong(p -> {
            long n = 1;
            for (long d : p.shape()) {
                n *= d;
            }
            return n;
        }).sum();
        // training also runs the validation pass, in inference batches of Evaluator.BATCH
        long activations = training ? Math.max(perClip * batch * TRAINING_COPIES,
                perClip * Evaluator.BATCH * INFERENCE_COPIES) : perClip * batch * INFERENCE_COPIES;
        long engine = Float.BYTES * (activations + params * (training ? 4 : 1)) + ((long) ENGINE_BASE_MIB << 20);
        long clipFloats = (long) spec.input().nMels() * spec.input().frames();
        long featureThread = Float.BYTES * ((long) FeatureCache.samplesFor(frontEnd, spec.input().frames())
                + 2 * clipFloats);
        long heap = featureThread * threads + Float.BYTES * clipFloats * batch;
        String what = String.format(Locale.ROOT, "%s of %d clips of %d x %d", training ? "training batches"
                : "inference batches", batch, spec.input().nMels(), spec.input().frames());
        return new MemoryEstimate(engine, heap, what);
    }

    /** The estimate for evaluating {@code spec}. */
    public static MemoryEstimate inference(ArchitectureSpec spec, FrontEnd frontEnd, int threads) {
        return of(spec, Evaluator.BATCH, false, frontEnd, threads);
    }

    /** Refuses the job, with the numbers and what to change, if it cannot fit. */
    public void requireFits(String remedy) {
        long machine = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory();
        if (engineBytes > machine) {
            throw new AudioPruneException(String.format(Locale.ROOT, "%s need about %s of engine memory, more than "
                    + "this machine's %s; %s", what, gib(engineBytes), gib(machine), remedy));
        }
        if (heapBytes > heap) {
            throw new AudioPruneException(String.format(Locale.ROOT, "%s need about %s of Java heap, more than the "
                    + "%s available; %s, or give more heap with AUDIOPRUNE_JAVA_OPTS=-Xmx...", what, gib(heapBytes),
                    gib(heap), remedy));
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
