package org.audioprune.model;

import java.util.ArrayList;
import java.util.List;
import org.audioprune.AudioPruneException;

/** The named networks of the specification (method.md §3), built as {@link ArchitectureSpec}s. */
public final class Architectures {
    private Architectures() {
    }

    /** Names accepted by {@link #create}. */
    public static List<String> names() {
        return List.of("dcase21", "cnn14", "cnn10", "cnn6");
    }

    /** Default input (mel bands, frames) and class count per family: 10 s clips of its front end. */
    private record Defaults(String frontEnd, int nMels, int frames, int numClasses) {
    }

    private static Defaults defaults(String name) {
        return switch (name) {
            case "dcase21" -> new Defaults("dcase21", 40, 500, 10);
            case "cnn14", "cnn10", "cnn6" -> new Defaults("panns", 64, 1001, 527);
            default -> throw new AudioPruneException("unknown model '" + name + "' (known: "
                    + String.join(", ", names()) + ")");
        };
    }

    /** The network with its default class count and 10 s input. */
    public static ArchitectureSpec create(String name) {
        return create(name, defaults(name).numClasses);
    }

    /** The network for {@code numClasses} classes and its default 10 s input. */
    public static ArchitectureSpec create(String name, int numClasses) {
        Defaults d = defaults(name);
        return create(name, numClasses, d.nMels, d.frames);
    }

    /**
     * The network for {@code numClasses} classes and an input of {@code nMels} × {@code frames}.
     *
     * @throws AudioPruneException for an unknown name, fewer than 2 classes or an input too small
     */
    public static ArchitectureSpec create(String name, int numClasses, int nMels, int frames) {
        Defaults d = defaults(name);
        int minClasses = d.frontEnd.equals("dcase21") ? 2 : 1; // softmax needs two classes, sigmoids one
        if (numClasses < minClasses) {
            throw new AudioPruneException("model " + name + " needs at least " + minClasses + " classes, got "
                    + numClasses);
        }
        try {
            return switch (name) {
                case "dcase21" -> dcase21(numClasses, nMels, frames);
                case "cnn14" -> panns(name, numClasses, nMels, frames, new int[] {64, 128, 256, 512, 1024, 2048}, 2, 3);
                case "cnn10" -> panns(name, numClasses, nMels, frames, new int[] {64, 128, 256, 512}, 2, 3);
                default -> panns(name, numClasses, nMels, frames, new int[] {64, 128, 256, 512}, 1, 5);
            };
        } catch (IllegalArgumentException e) {
            throw new AudioPruneException("model " + name + " (" + d.frontEnd + " input " + nMels + "x" + frames
                    + "): " + e.getMessage());
        }
    }

    /**
     * DCASE 2021 Task 1A baseline (Keras): three 7×7 'same' convs with bias, BN (ε 1e-3), ReLU.
     * The C3 max-pool is (⌊⌊nMels/5⌋/2⌋, ⌊frames/5⌋) — (4, 100) for the 40×500 input — so that
     * shorter clips still flatten to 32 × 2 × 1 = 64 features.
     */
    private static ArchitectureSpec dcase21(int numClasses, int nMels, int frames) {
        if (nMels < 10 || frames < 5) {
            throw new IllegalArgumentException("dcase21 needs at least 10 mel bands and 5 frames");
        }
        double eps = 1e-3;
        List<LayerSpec> l = new ArrayList<>();
        l.add(LayerSpec.Conv.same("C1", 1, 16, 7, 7, true, true, eps));
        l.add(LayerSpec.Conv.same("C2", 16, 16, 7, 7, true, true, eps));
        l.add(new LayerSpec.Pool("max", 5, 5));
        l.add(new LayerSpec.Dropout(0.3));
        l.add(LayerSpec.Conv.same("C3", 16, 32, 7, 7, true, true, eps));
        l.add(new LayerSpec.Pool("max", nMels / 5 / 2, frames / 5));
        l.add(new LayerSpec.Dropout(0.3));
        l.add(new LayerSpec.Flatten());
        int pooledH = (nMels / 5) / (nMels / 5 / 2);
        l.add(new LayerSpec.Dense("fc1", 32 * pooledH, 100, "relu"));
        l.add(new LayerSpec.Dropout(0.3));
        l.add(new LayerSpec.Dense("fc2", 100, numClasses, "linear"));
        return new ArchitectureSpec("dcase21", "dcase21", new ArchitectureSpec.InputShape(1, nMels, frames),
                numClasses, false, l);
    }

    /**
     * PANNs CNN14 / CNN10 / CNN6: bn0 over the mel bands, blocks of (conv k×k pad (k−1)/2 no bias →
     * BN ε 1e-5 → ReLU) × convsPerBlock → avg-pool 2×2 (CNN14's last block pools 1×1, an identity,
     * left out) → dropout 0.2; head: mean over frequency, max + mean over time, dropout 0.5,
     * fc1 (width of the last block) + ReLU, dropout 0.5, fc_audioset.
     */
    private static ArchitectureSpec panns(String name, int numClasses, int nMels, int frames, int[] widths,
                                          int convsPerBlock, int kernel) {
        List<LayerSpec> l = new ArrayList<>();
        l.add(new LayerSpec.MelBatchNorm("bn0", nMels, 1e-5));
        int in = 1;
        int conv = 0;
        for (int b = 0; b < widths.length; b++) {
            for (int k = 0; k < convsPerBlock; k++) {
                int pad = (kernel - 1) / 2;
                l.add(new LayerSpec.Conv("C" + ++conv, in, widths[b], kernel, kernel, "explicit", pad, pad,
                        false, true, 1e-5, "relu"));
                in = widths[b];
            }
            boolean identityPool = widths.length == 6 && b == widths.length - 1;
            if (!identityPool) {
                l.add(new LayerSpec.Pool("avg", 2, 2));
            }
            l.add(new LayerSpec.Dropout(0.2));
        }
        l.add(new LayerSpec.GlobalPool("panns"));
        l.add(new LayerSpec.Dropout(0.5));
        l.add(new LayerSpec.Dense("fc1", in, in, "relu"));
        l.add(new LayerSpec.Dropout(0.5));
        l.add(new LayerSpec.Dense("fc_audioset", in, numClasses, "linear"));
        return new ArchitectureSpec(name, "panns", new ArchitectureSpec.InputShape(1, nMels, frames), numClasses,
                true, l);
    }
}
