package org.audioprune.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEndId;
import org.audioprune.model.layer.Activation;
import org.audioprune.model.layer.AdaptivePool;
import org.audioprune.model.layer.Conv;
import org.audioprune.model.layer.Dense;
import org.audioprune.model.layer.Dropout;
import org.audioprune.model.layer.Flatten;
import org.audioprune.model.layer.GlobalPool;
import org.audioprune.model.layer.MelBatchNorm;
import org.audioprune.model.layer.Pool;
import org.audioprune.model.layer.PoolKind;

/**
 * The named network families of the specification (method.md §3), built as {@link ArchitectureSpec}s.
 * A spec carries everything about its network (reference input, presets), so nothing downstream
 * looks a family up again by name.
 */
public final class Architectures {
    private Architectures() {
    }

    /** One family: front end, default 10 s input and class count, and how to build it. */
    private enum Family {
        DCASE21("dcase21", FrontEndId.DCASE21, 40, 500, 10, 2),
        CNN14("cnn14", FrontEndId.PANNS, 64, 1001, 527, 1),
        CNN10("cnn10", FrontEndId.PANNS, 64, 1001, 527, 1),
        CNN6("cnn6", FrontEndId.PANNS, 64, 1001, 527, 1);

        final String id;
        final FrontEndId frontEnd;
        final int nMels;
        final int frames;
        final int numClasses;
        /** Softmax needs two classes, sigmoids one. */
        final int minClasses;

        Family(String id, FrontEndId frontEnd, int nMels, int frames, int numClasses, int minClasses) {
            this.id = id;
            this.frontEnd = frontEnd;
            this.nMels = nMels;
            this.frames = frames;
            this.numClasses = numClasses;
            this.minClasses = minClasses;
        }

        ArchitectureSpec.Builder start(int classes, int mels, int inputFrames) {
            return ArchitectureSpec.builder(id).frontEnd(frontEnd).input(mels, inputFrames)
                    .referenceInput(mels, frames).classes(classes, minClasses == 1);
        }

        ArchitectureSpec build(int classes, int mels, int inputFrames) {
            return switch (this) {
                case DCASE21 -> dcase21(start(classes, mels, inputFrames), classes, mels, inputFrames);
                case CNN14 -> cnn14(panns(start(classes, mels, inputFrames), classes,
                        new int[] {64, 128, 256, 512, 1024, 2048}, 2, 3, false));
                case CNN10 -> panns(start(classes, mels, inputFrames), classes, new int[] {64, 128, 256, 512}, 2, 3,
                        true).build();
                case CNN6 -> panns(start(classes, mels, inputFrames), classes, new int[] {64, 128, 256, 512}, 1, 5,
                        true).build();
            };
        }
    }

    /** Names accepted by {@link #create}. */
    public static List<String> names() {
        return Arrays.stream(Family.values()).map(f -> f.id).toList();
    }

    private static Family family(String name) {
        for (Family f : Family.values()) {
            if (f.id.equals(name)) {
                return f;
            }
        }
        throw new AudioPruneException("unknown model '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** The network with its default class count and 10 s input. */
    public static ArchitectureSpec create(String name) {
        return create(name, family(name).numClasses);
    }

    /** The network for {@code numClasses} classes and its default 10 s input. */
    public static ArchitectureSpec create(String name, int numClasses) {
        Family f = family(name);
        return create(name, numClasses, f.nMels, f.frames);
    }

    /**
     * The network for {@code numClasses} classes and an input of {@code nMels} × {@code frames}; its
     * reference input is {@code nMels} × the family's 10 s frame count.
     *
     * @throws AudioPruneException for an unknown name, too few classes or an input too small
     */
    public static ArchitectureSpec create(String name, int numClasses, int nMels, int frames) {
        Family f = family(name);
        if (numClasses < f.minClasses) {
            throw new AudioPruneException("model " + name + " needs at least " + f.minClasses + " classes, got "
                    + numClasses);
        }
        try {
            return f.build(numClasses, nMels, frames);
        } catch (IllegalArgumentException e) {
            throw new AudioPruneException("model " + name + " (" + f.frontEnd + " input " + nMels + "x" + frames
                    + "): " + e.getMessage());
        }
    }

    /**
     * DCASE 2021 Task 1A baseline (Keras): three 7×7 'same' convs with bias, BN (ε 1e-3), ReLU. The
     * last pool is (4, 100) on the 8 × 100 map of the 40 × 500 input; as an adaptive pool to 2 × 1
     * it is (⌊⌊nMels/5⌋/2⌋, ⌊frames/5⌋) for any input, so shorter clips still flatten to 32 × 2 × 1 = 64.
     * Preset {@code paper}: C1 = C2 = 50 % (the headline: −71.9 % MACs, −48.5 % parameters).
     */
    private static ArchitectureSpec dcase21(ArchitectureSpec.Builder b, int numClasses, int nMels, int frames) {
        if (nMels < 10 || frames < 5) {
            throw new IllegalArgumentException("dcase21 needs at least 10 mel bands and 5 frames");
        }
        return b.layer(dcase21Conv("C1", 16))
                .layer(dcase21Conv("C2", 16))
                .layer(new Pool(PoolKind.MAX, 5, 5))
                .layer(new Dropout(0.3))
                .layer(dcase21Conv("C3", 32))
                .layer(new AdaptivePool(PoolKind.MAX, 2, 1))
                .layer(new Dropout(0.3))
                .layer(new Flatten())
                .layer(Dense.of("fc1", 100, Activation.RELU))
                .layer(new Dropout(0.3))
                .layer(Dense.of("fc2", numClasses, Activation.LINEAR))
                .preset("paper", ratios(0.5, "C1", "C2"))
                .build();
    }

    private static Conv dcase21Conv(String name, int filters) {
        return Conv.builder(name, filters).kernel(7, 7).bias().batchNorm(1e-3).build();
    }

    /**
     * PANNs CNN14 / CNN10 / CNN6: bn0 over the mel bands, blocks of (conv k×k pad (k−1)/2 no bias →
     * BN ε 1e-5 → ReLU) × convsPerBlock → avg-pool 2×2 → dropout 0.2; head: mean over frequency,
     * max + mean over time, dropout 0.5, fc1 (width of the last block) + ReLU, dropout 0.5, fc_audioset.
     *
     * @param lastBlockPools false for CNN14, whose last block pools 1×1 in PANNs (an identity, left out)
     */
    private static ArchitectureSpec.Builder panns(ArchitectureSpec.Builder b, int numClasses, int[] widths,
                                                  int convsPerBlock, int kernel, boolean lastBlockPools) {
        b.layer(new MelBatchNorm("bn0", 1, 1e-5));
        int conv = 0;
        int pad = (kernel - 1) / 2;
        for (int block = 0; block < widths.length; block++) {
            for (int k = 0; k < convsPerBlock; k++) {
                b.layer(Conv.builder("C" + ++conv, widths[block]).kernel(kernel, kernel).explicitPadding(pad, pad)
                        .batchNorm(1e-5).build());
            }
            if (lastBlockPools || block < widths.length - 1) {
                b.layer(new Pool(PoolKind.AVG, 2, 2));
            }
            b.layer(new Dropout(0.2));
        }
        int last = widths[widths.length - 1];
        return b.layer(new GlobalPool(GlobalPool.Mode.PANNS))
                .layer(new Dropout(0.5))
                .layer(Dense.of("fc1", last, Activation.RELU))
                .layer(new Dropout(0.5))
                .layer(Dense.of("fc_audioset", numClasses, Activation.LINEAR));
    }

    /**
     * CNN14's presets (method.md §3): {@code c6-c12@25} (the headline, −41.7 % params / −24.7 % MACs
     * with the front end), {@code c7-c12@25}, {@code c7-c12@50}, {@code c7-c12@75}, {@code c1+c7-c12@25}.
     */
    private static ArchitectureSpec cnn14(ArchitectureSpec.Builder b) {
        String[] c6to12 = {"C6", "C7", "C8", "C9", "C10", "C11", "C12"};
        String[] c7to12 = Arrays.copyOfRange(c6to12, 1, c6to12.length);
        String[] c1c7to12 = {"C1", "C7", "C8", "C9", "C10", "C11", "C12"};
        return b.preset("c6-c12@25", ratios(0.25, c6to12))
                .preset("c7-c12@25", ratios(0.25, c7to12))
                .preset("c7-c12@50", ratios(0.5, c7to12))
                .preset("c7-c12@75", ratios(0.75, c7to12))
                .preset("c1+c7-c12@25", ratios(0.25, c1c7to12))
                .build();
    }

    private static Map<String, Double> ratios(double ratio, String... layers) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String l : layers) {
            m.put(l, ratio);
        }
        return m;
    }
}
