package org.audioprune.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEndId;
import org.audioprune.model.layer.Activation;
import org.audioprune.model.layer.ActivationLayer;
import org.audioprune.model.layer.ChannelGroup;
import org.audioprune.model.layer.DepthwiseConv;
import org.audioprune.model.layer.LayerSpec;
import org.audioprune.model.layer.Residual;
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
        CNN6("cnn6", FrontEndId.PANNS, 64, 1001, 527, 1),
        MOBILENETV1("mobilenetv1", FrontEndId.PANNS, 64, 1001, 527, 1),
        MOBILENETV2("mobilenetv2", FrontEndId.PANNS, 64, 1001, 527, 1),
        RESNET22("resnet22", FrontEndId.PANNS, 64, 1001, 527, 1),
        RESNET38("resnet38", FrontEndId.PANNS, 64, 1001, 527, 1);

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
                case MOBILENETV1 -> withGroupPresets(mobileNetV1(start(classes, mels, inputFrames), classes));
                case MOBILENETV2 -> withGroupPresets(mobileNetV2(start(classes, mels, inputFrames), classes));
                case RESNET22 -> withGroupPresets(resNet(start(classes, mels, inputFrames), classes, new int[] {2, 2, 2, 2}));
                case RESNET38 -> withGroupPresets(resNet(start(classes, mels, inputFrames), classes, new int[] {3, 4, 6, 3}));
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

    private static final double PANNS_BN_EPS = 1e-5;

    /** A k×k PANNs conv (pad (k−1)/2, no bias) with batch norm and the activation. */
    private static Conv pannsConv(String name, int filters, int kernel, Activation activation) {
        int pad = (kernel - 1) / 2;
        return Conv.builder(name, filters).kernel(kernel, kernel).explicitPadding(pad, pad).batchNorm(PANNS_BN_EPS)
                .activation(activation).build();
    }

    /**
     * PANNs' {@code conv → AvgPool2d(stride) → BN → act} with the batch norm inside the conv, before
     * the pool: average pooling and a per-channel affine commute exactly, so the function at
     * inference is PANNs' (training computes the batch statistics before the pool instead of after).
     * Stride 1 pools nothing, so conv → BN → act.
     */
    private static void pooledConv(Consumer<LayerSpec> add, LayerSpec conv, LayerSpec convLinear, int stride,
                                   Activation activation) {
        if (stride == 1) {
            add.accept(conv);
        } else {
            add.accept(convLinear);
            add.accept(new Pool(PoolKind.AVG, stride, stride));
            add.accept(new ActivationLayer(activation));
        }
    }

    private static void pannsHead(ArchitectureSpec.Builder b, int numClasses, int hidden, boolean dropoutBeforeFc1) {
        b.layer(new GlobalPool(GlobalPool.Mode.PANNS));
        if (dropoutBeforeFc1) {
            b.layer(new Dropout(0.5));
        }
        // PANNs' second dropout only feeds the embedding output, not the classifier
        b.layer(Dense.of("fc1", hidden, Activation.RELU)).layer(Dense.of("fc_audioset", numClasses, Activation.LINEAR));
    }

    /**
     * PANNs MobileNetV1: bn0; F0 = conv 3×3 1→32, avg-pool 2, BN, ReLU; then 13 depthwise-separable
     * blocks Fi = depthwise 3×3 ({@code Fidw}), avg-pool (stride), BN, ReLU, pointwise 1×1
     * ({@code Fipw}) + BN + ReLU; head: global pool, dropout 0.5, fc1 1024 + ReLU, fc_audioset.
     */
    private static ArchitectureSpec mobileNetV1(ArchitectureSpec.Builder b, int numClasses) {
        b.layer(new MelBatchNorm("bn0", 1, PANNS_BN_EPS));
        pooledConv(b::layer, pannsConv("F0", 32, 3, Activation.RELU), pannsConv("F0", 32, 3, Activation.LINEAR), 2,
                Activation.RELU);
        int[][] blocks = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1},
            {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
        for (int i = 0; i < blocks.length; i++) {
            String dw = "F" + (i + 1) + "dw";
            pooledConv(b::layer, DepthwiseConv.of(dw, 3, PANNS_BN_EPS, Activation.RELU),
                    DepthwiseConv.of(dw, 3, PANNS_BN_EPS, Activation.LINEAR), blocks[i][1], Activation.RELU);
            b.layer(pannsConv("F" + (i + 1) + "pw", blocks[i][0], 1, Activation.RELU));
        }
        pannsHead(b, numClasses, 1024, true);
        return b.build();
    }

    /**
     * PANNs MobileNetV2 (width 1): bn0; F0 = conv 3×3 1→32, avg-pool 2, BN, ReLU6; 17 inverted
     * residuals Fi = [1×1 expand ×t ({@code Fiex}) + BN + ReLU6,] depthwise 3×3 ({@code Fidw}),
     * avg-pool (stride), BN, ReLU6, 1×1 project ({@code Fipj}) + BN, with the identity added when the
     * stride is 1 and the width stays; F18 = 1×1 → 1280 + BN + ReLU6; head: global pool, fc1 1024 +
     * ReLU, fc_audioset (no dropout before fc1).
     */
    private static ArchitectureSpec mobileNetV2(ArchitectureSpec.Builder b, int numClasses) {
        b.layer(new MelBatchNorm("bn0", 1, PANNS_BN_EPS));
        pooledConv(b::layer, pannsConv("F0", 32, 3, Activation.RELU6), pannsConv("F0", 32, 3, Activation.LINEAR), 2,
                Activation.RELU6);
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 2}, {6, 160, 3, 1},
            {6, 320, 1, 1}};
        int in = 32;
        int block = 0;
        for (int[] t : settings) {
            for (int r = 0; r < t[2]; r++) {
                int stride = r == 0 ? t[3] : 1;
                String name = "F" + ++block;
                List<LayerSpec> layers = new ArrayList<>();
                if (t[0] != 1) {
                    layers.add(pannsConv(name + "ex", in * t[0], 1, Activation.RELU6));
                }
                pooledConv(layers::add, DepthwiseConv.of(name + "dw", 3, PANNS_BN_EPS, Activation.RELU6),
                        DepthwiseConv.of(name + "dw", 3, PANNS_BN_EPS, Activation.LINEAR), stride, Activation.RELU6);
                layers.add(pannsConv(name + "pj", t[1], 1, Activation.LINEAR));
                if (stride == 1 && in == t[1]) {
                    b.layer(new Residual(name, layers, List.of(), Activation.LINEAR));
                } else {
                    layers.forEach(b::layer);
                }
                in = t[1];
            }
        }
        b.layer(pannsConv("F" + ++block, 1280, 1, Activation.RELU6));
        pannsHead(b, numClasses, 1024, false);
        return b.build();
    }

    /**
     * PANNs ResNet22 / ResNet38: bn0; C1, C2 = conv 3×3 → 64 + BN + ReLU; avg-pool 2, dropout 0.2;
     * four stages of basic blocks (64, 128, 256, 512 wide; {@code blocks} per stage), block
     * {@code Ls_b} = [avg-pool 2 on the first block of stages 2–4, {@code Ls_b_c1} 3×3 + BN + ReLU,
     * dropout 0.1, {@code Ls_b_c2} 3×3 + BN] + shortcut (the identity, or where the stride or width
     * changes PANNs' downsample [avg-pool 2, {@code Ls_b_ds} 1×1 + BN]), then ReLU; avg-pool 2,
     * dropout 0.2; A1, A2 = conv 3×3 → 2048 + BN + ReLU (PANNs' conv_block_after1, its 1×1 pool an
     * identity), dropout 0.2; head: global pool, dropout 0.5, fc1 2048 + ReLU, fc_audioset.
     */
    private static ArchitectureSpec resNet(ArchitectureSpec.Builder b, int numClasses, int[] blocks) {
        b.layer(new MelBatchNorm("bn0", 1, PANNS_BN_EPS))
                .layer(pannsConv("C1", 64, 3, Activation.RELU))
                .layer(pannsConv("C2", 64, 3, Activation.RELU))
                .layer(new Pool(PoolKind.AVG, 2, 2))
                .layer(new Dropout(0.2));
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int planes = 64 << stage;
            for (int k = 0; k < blocks[stage]; k++) {
                boolean stride2 = stage > 0 && k == 0;
                String name = "L" + (stage + 1) + "_" + k;
                List<LayerSpec> main = new ArrayList<>();
                List<LayerSpec> shortcut = new ArrayList<>();
                if (stride2) {
                    main.add(new Pool(PoolKind.AVG, 2, 2));
                    shortcut.add(new Pool(PoolKind.AVG, 2, 2));
                }
                main.add(pannsConv(name + "_c1", planes, 3, Activation.RELU));
                main.add(new Dropout(0.1));
                main.add(pannsConv(name + "_c2", planes, 3, Activation.LINEAR));
                if (stride2 || in != planes) {
                    shortcut.add(pannsConv(name + "_ds", planes, 1, Activation.LINEAR));
                }
                b.layer(new Residual(name, main, shortcut, Activation.RELU));
                in = planes;
            }
        }
        b.layer(new Pool(PoolKind.AVG, 2, 2))
                .layer(new Dropout(0.2))
                .layer(pannsConv("A1", 2048, 3, Activation.RELU))
                .layer(pannsConv("A2", 2048, 3, Activation.RELU))
                .layer(new Dropout(0.2));
        pannsHead(b, numClasses, 2048, true);
        return b.build();
    }

    /**
     * Presets over channel groups: {@code free@25} and {@code free@50} prune every free group (one
     * conv's channels, with the depthwise conv that follows them) by 25 % / 50 %; where the network
     * has residual groups (channels tied by additions), {@code residual@25} prunes those by 25 %
     * and {@code free@25+residual@25} both.
     */
    private static ArchitectureSpec withGroupPresets(ArchitectureSpec spec) {
        List<String> free = new ArrayList<>();
        List<String> residual = new ArrayList<>();
        for (ChannelGroup g : spec.channelGroups()) {
            (g.kind() == ChannelGroup.Kind.FREE ? free : residual).add(g.name());
        }
        Map<String, Map<String, Double>> presets = new LinkedHashMap<>();
        presets.put("free@25", ratios(0.25, free.toArray(String[]::new)));
        presets.put("free@50", ratios(0.5, free.toArray(String[]::new)));
        if (!residual.isEmpty()) {
            presets.put("residual@25", ratios(0.25, residual.toArray(String[]::new)));
            Map<String, Double> both = new LinkedHashMap<>(presets.get("free@25"));
            both.putAll(ratios(0.25, residual.toArray(String[]::new)));
            presets.put("free@25+residual@25", both);
        }
        return new ArchitectureSpec(spec.name(), spec.frontEnd(), spec.input(), spec.referenceInput(), spec.numClasses(),
                spec.multiLabel(), spec.layers(), presets);
    }

    private static Map<String, Double> ratios(double ratio, String... layers) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String l : layers) {
            m.put(l, ratio);
        }
        return m;
    }
}
