package org.audioprune.interchange;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.LogMelFrontEnd;
import org.audioprune.audio.MelFilterBank;
import org.audioprune.data.ClassNames;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.layer.TensorSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;

/**
 * PANNs checkpoints ({@code torch.save({'iteration', 'model': state_dict})}) of Cnn14, Cnn10, Cnn6,
 * MobileNetV1, MobileNetV2, ResNet22 and ResNet38 as AudioPrune checkpoints. The family comes from
 * the keys (how many {@code conv_blockN}, one or two convs each, 3×3 or 5×5 kernels; {@code features.*}
 * for the MobileNets; the blocks per stage of {@code resnet.layerN}), every width from the tensor
 * shapes, so a pruned or reduced PANNs network imports as it is. Key mapping (docs/interchange.md):
 * <pre>
 *   bn0.{weight,bias,running_mean,running_var}           → bn0.{gamma,beta,running_mean,running_var}
 *   CONV.weight (out, in, kT, kF)                         → LAYER.weight (out, in, kF, kT)
 *   BN.{weight,bias,running_mean,running_var}             → LAYER.bn.{gamma,beta,running_mean,running_var}
 *     Cnn14/10/6:  conv_block{b}.conv{j}, .bn{j}          → C{n}, n = (b−1)·convs + j
 *     MobileNetV1: features.0.0, .0.2                     → F0;  features.{i}.0, .{i}.2 → F{i}dw; .{i}.4, .{i}.5 → F{i}pw
 *     MobileNetV2: features.0.0, .0.2 → F0; features.{i}.conv.0, .1 → F{i}ex; .conv.3, .5 → F{i}dw;
 *                  .conv.7, .8 → F{i}pj (block 1, no expansion: .conv.0, .2 → F1dw; .conv.4, .5 → F1pj);
 *                  features.18.0, .18.1 → F18
 *     ResNet22/38: conv_block1.conv{j}, .bn{j} → C{j}; resnet.layer{s}.{b}.conv{j}, .bn{j} → L{s}_{b}_c{j};
 *                  resnet.layer{s}.{b}.downsample.1, .2 → L{s}_{b}_ds; conv_block_after1.conv{j}, .bn{j} → A{j}
 *   fc1.{weight,bias}, fc_audioset.{weight,bias}         → same names
 *   *.num_batches_tracked                                 → checked (int64 scalar), dropped
 *   spectrogram_extractor.stft.conv_{real,imag}.weight    → shape-checked (513, 1, 1024), dropped
 *   logmel_extractor.melW (513, 64)                       → compared with AudioPrune's mel bank, dropped
 * </pre>
 * PANNs' maps are (time, mel) and AudioPrune's (mel, time), hence the kernel transpose; the
 * network computes the same function (the head reduces both axes, bn0 acts per mel band, the pools
 * are square).
 */
final class PannsImporter {
    /** Largest |melW − AudioPrune's bank| accepted (weights are ≤ 0.04; float32 storage differs by ~1e-9). */
    static final double MEL_TOLERANCE = 1e-5;
    private static final String MEL_KEY = "logmel_extractor.melW";
    private static final List<String> STFT_KEYS = List.of("spectrogram_extractor.stft.conv_real.weight",
            "spectrogram_extractor.stft.conv_imag.weight");
    private static final String[] BN_SUFFIX_PANNS = {"weight", "bias", "running_mean", "running_var"};
    private static final String[] BN_SUFFIX_OURS = {"gamma", "beta", "running_mean", "running_var"};

    private PannsImporter() {
    }

    /**
     * A PANNs network: our family, and for each of our conv layers (by name) the PANNs modules of
     * its conv and of its batch norm.
     */
    record Layout(String family, Function<String, String[]> modules) {
    }

    /** A PANNs CNN family: conv blocks, convs per block, kernel size. */
    record CnnLayout(String family, int blocks, int convs, int kernel) {
        Layout layout() {
            return new Layout(family, layer -> {
                int n = Integer.parseInt(layer.substring(1)) - 1;
                String prefix = block(n / convs + 1, "");
                return new String[] {prefix + "conv" + (n % convs + 1), prefix + "bn" + (n % convs + 1)};
            });
        }
    }

    private static final List<CnnLayout> CNN_LAYOUTS = List.of(new CnnLayout("cnn14", 6, 2, 3),
            new CnnLayout("cnn10", 4, 2, 3), new CnnLayout("cnn6", 4, 1, 5));

    private static final Layout MOBILENETV1 = new Layout("mobilenetv1", layer -> {
        String i = layer.replaceAll("\\D", "");
        String f = "features." + i + ".";
        return layer.endsWith("pw") ? new String[] {f + "4", f + "5"} : new String[] {f + "0", f + "2"};
    });

    private static final Layout MOBILENETV2 = new Layout("mobilenetv2", layer -> {
        String i = layer.replaceAll("\\D", "");
        String f = "features." + i + ".";
        boolean first = i.equals("1"); // expansion 1: no expansion conv, the depthwise conv comes first
        if (layer.endsWith("ex")) {
            return new String[] {f + "conv.0", f + "conv.1"};
        }
        if (layer.endsWith("dw")) {
            return first ? new String[] {f + "conv.0", f + "conv.2"} : new String[] {f + "conv.3", f + "conv.5"};
        }
        if (layer.endsWith("pj")) {
            return first ? new String[] {f + "conv.4", f + "conv.5"} : new String[] {f + "conv.7", f + "conv.8"};
        }
        return i.equals("0") ? new String[] {f + "0", f + "2"} : new String[] {f + "0", f + "1"};
    });

    private static Layout resnet(String family) {
        return new Layout(family, layer -> {
            if (layer.matches("[CA]\\d")) {
                String block = layer.startsWith("C") ? "conv_block1." : "conv_block_after1.";
                return new String[] {block + "conv" + layer.charAt(1), block + "bn" + layer.charAt(1)};
            }
            String[] p = layer.split("_"); // L{s}, {b}, c{j} | ds
            String b = "resnet.layer" + p[0].substring(1) + "." + p[1] + ".";
            return p[2].equals("ds") ? new String[] {b + "downsample.1", b + "downsample.2"}
                    : new String[] {b + "conv" + p[2].substring(1), b + "bn" + p[2].substring(1)};
        });
    }

    /** A PANNs state dict in safetensors, as {@code export --format panns} writes it (float32 tensors). */
    private static Map<String, TorchFile.Tensor> fromSafeTensors(Path file) {
        Map<String, TorchFile.Tensor> sd = new LinkedHashMap<>();
        SafeTensors.read(file).tensors().forEach((name, t) ->
                sd.put(name, new TorchFile.Tensor(name, t.shape(), TorchFile.StorageType.FLOAT, t.data())));
        return sd;
    }

    /** The layout of PANNs CNN family {@code family} (cnn14, cnn10, cnn6), or empty for another network. */
    static Optional<CnnLayout> cnnLayout(String family) {
        return CNN_LAYOUTS.stream().filter(l -> l.family().equals(family)).findFirst();
    }

    static Imported read(Path file, ImportOptions options) {
        Map<String, TorchFile.Tensor> sd = file.getFileName().toString().endsWith(".safetensors")
                ? fromSafeTensors(file) : TorchFile.readStateDict(file);
        try {
            return convert(file, sd, options);
        } catch (AudioPruneException e) {
            throw new AudioPruneException(file + ": " + e.getMessage());
        }
    }

    static Imported convert(Path file, Map<String, TorchFile.Tensor> sd, ImportOptions options) {
        Layout layout = detect(sd);
        if (options.model() != null && !options.model().equals(layout.family())) {
            throw new AudioPruneException("--model " + options.model() + " but the keys are those of a PANNs "
                    + layout.family());
        }
        List<String> findings = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (String conv : Architectures.create(layout.family()).convLayerNames()) {
            widths.put(conv, require(sd, layout.modules().apply(conv)[0] + ".weight", 4).dim(0));
        }
        int classes = require(sd, "fc_audioset.weight", 2).dim(0);
        int hidden = require(sd, "fc1.weight", 2).dim(0);
        int mels = require(sd, "bn0.weight", 1).dim(0);
        ArchitectureSpec spec = ImportedSpec.of(layout.family(), classes, mels, options.frames(), widths, hidden);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (TensorSpec p : spec.parameters()) {
            String source = pannsName(p.name(), layout);
            TorchFile.Tensor t = sd.get(source);
            if (t == null) {
                throw new AudioPruneException("tensor " + source + " is missing (the " + layout.family() + " layout needs it, "
                        + "shape " + shapeOf(p.shape(), p.name()) + ")");
            }
            if (!t.type().floating) {
                throw new AudioPruneException("tensor " + source + " holds " + t.type() + " values, expected floats");
            }
            boolean conv = p.name().endsWith(".weight") && p.shape().length == 4;
            long[] shape = conv ? new long[] {t.shape()[0], t.shape()[1], t.shape()[3], t.shape()[2]} : t.shape();
            if (t.shape().length != p.shape().length || !Arrays.equals(shape, p.shape())) {
                throw new AudioPruneException("tensor " + source + " has shape " + t.shapeText() + " but the "
                        + layout.family() + " with these widths needs " + shapeOf(p.shape(), p.name()));
            }
            weights.put(p.name(), new Tensor(p.shape().clone(), conv ? swapLastAxes(t.values(), t.shape()) : t.values()));
            used.add(source);
        }
        for (TorchFile.Tensor t : sd.values()) {
            if (t.name().endsWith(".num_batches_tracked")) {
                if (t.shape().length != 0 || t.type().floating) {
                    throw new AudioPruneException("tensor " + t.name() + " has shape " + t.shapeText() + " " + t.type()
                            + ", expected an integer scalar");
                }
                used.add(t.name());
            }
        }
        for (String key : STFT_KEYS) {
            TorchFile.Tensor t = sd.get(key);
            if (t != null) {
                LogMelFrontEnd.Config c = LogMelFrontEnd.PANNS;
                long[] expected = {c.nFft() / 2 + 1, 1, c.nFft()};
                if (!Arrays.equals(t.shape(), expected)) {
                    throw new AudioPruneException("tensor " + key + " has shape " + t.shapeText() + " but the panns front end"
                            + " (n_fft " + c.nFft() + ") has " + Arrays.toString(expected));
                }
                used.add(key);
            }
        }
        TorchFile.Tensor melW = sd.get(MEL_KEY);
        if (melW != null) {
            double diff = melDifference(melW, mels);
            findings.add(String.format(Locale.ROOT, "mel bank: %s matches AudioPrune's panns front end (largest difference %.3g)",
                    MEL_KEY, diff));
            used.add(MEL_KEY);
        } else {
            findings.add("mel bank: no " + MEL_KEY + " in the file, front end assumed to be PANNs' (32 kHz, 64 mels)");
        }
        for (String key : sd.keySet()) {
            if (!used.contains(key)) {
                throw new AudioPruneException("tensor " + key + " is not part of a PANNs " + layout.family()
                        + " (Cnn14, Cnn10, Cnn6, MobileNetV1, MobileNetV2, ResNet22 and ResNet38 are imported)");
            }
        }
        Path folder = file.toAbsolutePath().getParent();
        List<String> names = ClassNames.forCount(classes, options.labels(), folder);
        findings.add(0, String.format(Locale.ROOT, "network: PANNs %s, conv widths %s, fc1 %d, %d classes (%s)",
                layout.family(), widths.values(), hidden, classes,
                names.equals(ClassNames.numbered(classes)) ? "numbered names" : "names from the label file"));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("format", ImportFormat.PANNS.cliName());
        source.put("file", String.valueOf(file.getFileName()));
        Checkpoint ckpt = new Checkpoint(spec, names, null, null, weights, Map.of("imported", source));
        return new Imported(ckpt, findings);
    }

    private static Layout detect(Map<String, TorchFile.Tensor> sd) {
        if (sd.containsKey("resnet.layer1.0.conv1.weight")) {
            List<Integer> blocks = new ArrayList<>();
            for (int s = 1; s <= 4; s++) {
                int b = 0;
                while (sd.containsKey("resnet.layer" + s + "." + b + ".conv1.weight")) {
                    b++;
                }
                blocks.add(b);
            }
            if (blocks.equals(List.of(2, 2, 2, 2)) || blocks.equals(List.of(3, 4, 6, 3))) {
                return resnet(blocks.get(1) == 2 ? "resnet22" : "resnet38");
            }
            throw new AudioPruneException("found resnet stages of " + blocks + " basic blocks: not a PANNs ResNet22"
                    + " [2, 2, 2, 2] or ResNet38 [3, 4, 6, 3]");
        }
        if (sd.containsKey("features.1.conv.0.weight")) {
            return MOBILENETV2;
        }
        if (sd.containsKey("features.1.4.weight")) {
            return MOBILENETV1;
        }
        int blocks = 0;
        while (sd.containsKey(block(blocks + 1, "conv1") + ".weight")) {
            blocks++;
        }
        if (blocks == 0) {
            throw new AudioPruneException("no conv_block1.conv1.weight, features.1.* or resnet.layer1.*: not a PANNs"
                    + " Cnn14/Cnn10/Cnn6, MobileNetV1/V2 or ResNet22/38 state dict");
        }
        int convs = sd.containsKey(block(1, "conv2") + ".weight") ? 2 : 1;
        int kernel = (int) sd.get(block(1, "conv1") + ".weight").shape()[sd.get(block(1, "conv1") + ".weight").shape().length - 1];
        for (CnnLayout l : CNN_LAYOUTS) {
            if (l.blocks() == blocks && l.convs() == convs && l.kernel() == kernel) {
                return l.layout();
            }
        }
        throw new AudioPruneException("found " + blocks + " conv blocks of " + convs + " " + kernel + "x" + kernel
                + " convs: not a PANNs Cnn14 (6 of 2 3x3), Cnn10 (4 of 2 3x3) or Cnn6 (4 of 1 5x5)");
    }

    private static String block(int b, String part) {
        return "conv_block" + b + "." + part;
    }

    private static TorchFile.Tensor require(Map<String, TorchFile.Tensor> sd, String key, int rank) {
        TorchFile.Tensor t = sd.get(key);
        if (t == null) {
            throw new AudioPruneException("tensor " + key + " is missing");
        }
        if (t.shape().length != rank) {
            throw new AudioPruneException("tensor " + key + " has shape " + t.shapeText() + ", expected rank " + rank);
        }
        return t;
    }

    /** The PANNs key of an AudioPrune parameter name. */
    static String pannsName(String ours, Layout layout) {
        int dot = ours.indexOf('.');
        String layer = ours.substring(0, dot);
        String rest = ours.substring(dot + 1);
        if (layer.equals("bn0")) {
            return "bn0." + bnSuffix(rest);
        }
        if (layer.startsWith("fc")) {
            return ours;
        }
        String[] modules = layout.modules().apply(layer);
        return rest.startsWith("bn.") ? modules[1] + "." + bnSuffix(rest.substring(3)) : modules[0] + "." + rest;
    }

    private static String bnSuffix(String ours) {
        for (int i = 0; i < BN_SUFFIX_OURS.length; i++) {
            if (BN_SUFFIX_OURS[i].equals(ours)) {
                return BN_SUFFIX_PANNS[i];
            }
        }
        return ours;
    }

    private static String shapeOf(long[] ours, String name) {
        boolean conv = name.endsWith(".weight") && ours.length == 4;
        return Arrays.toString(conv ? new long[] {ours[0], ours[1], ours[3], ours[2]} : ours);
    }

    /** (out, in, a, b) → (out, in, b, a): PANNs convolves (time, mel) maps, AudioPrune (mel, time). */
    static float[] swapLastAxes(float[] src, long[] shape) {
        int o = (int) shape[0];
        int i = (int) shape[1];
        int a = (int) shape[2];
        int b = (int) shape[3];
        float[] out = new float[src.length];
        for (int oi = 0; oi < o * i; oi++) {
            int base = oi * a * b;
            for (int x = 0; x < a; x++) {
                for (int y = 0; y < b; y++) {
                    out[base + y * a + x] = src[base + x * b + y];
                }
            }
        }
        return out;
    }

    /** Largest |melW[k][m] − bank(m, k)|; refuses another shape or a real difference. */
    private static double melDifference(TorchFile.Tensor melW, int mels) {
        LogMelFrontEnd.Config c = LogMelFrontEnd.PANNS;
        MelFilterBank bank = new MelFilterBank(c.sampleRate(), c.nFft(), c.nMels(), c.fMin(), c.fMax());
        long[] expected = {bank.nBins(), bank.nMels()};
        if (!Arrays.equals(melW.shape(), expected) || mels != c.nMels()) {
            throw new AudioPruneException("tensor " + MEL_KEY + " has shape " + melW.shapeText() + " (bn0 over " + mels
                    + " bands) but the panns front end (" + c.sampleRate() + " Hz, n_fft " + c.nFft() + ", " + c.nMels()
                    + " mels) needs " + Arrays.toString(expected));
        }
        double worst = 0;
        for (int k = 0; k < bank.nBins(); k++) {
            for (int m = 0; m < bank.nMels(); m++) {
                worst = Math.max(worst, Math.abs(melW.values()[k * bank.nMels() + m] - bank.weight(m, k)));
            }
        }
        if (!(worst <= MEL_TOLERANCE)) {
            throw new AudioPruneException(String.format(Locale.ROOT, "tensor %s differs from the panns front end's mel bank"
                    + " (%d Hz, n_fft %d, %d mels, %.0f-%.0f Hz) by up to %.3g: a network trained on other features"
                    + " (another sample rate or band range) would be imported wrongly", MEL_KEY, c.sampleRate(), c.nFft(),
                    c.nMels(), c.fMin(), c.fMax(), worst));
        }
        return worst;
    }
}
