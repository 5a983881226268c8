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
import org.audioprune.AudioPruneException;
import org.audioprune.audio.LogMelFrontEnd;
import org.audioprune.audio.MelFilterBank;
import org.audioprune.data.ClassNames;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.layer.TensorSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;

/**
 * PANNs checkpoints ({@code torch.save({'iteration', 'model': state_dict})}) of Cnn14, Cnn10 and
 * Cnn6 as AudioPrune checkpoints. The family comes from the keys (how many {@code conv_blockN},
 * one or two convs each, 3×3 or 5×5 kernels), every width from the tensor shapes, so a pruned or
 * reduced PANNs network imports as it is. Key mapping (docs/interchange.md):
 * <pre>
 *   bn0.{weight,bias,running_mean,running_var}           → bn0.{gamma,beta,running_mean,running_var}
 *   conv_block{b}.conv{j}.weight (out, in, kT, kF)        → C{n}.weight (out, in, kF, kT), n = (b−1)·convs + j
 *   conv_block{b}.bn{j}.{weight,bias,running_mean,running_var} → C{n}.bn.{gamma,beta,running_mean,running_var}
 *   fc1.{weight,bias}, fc_audioset.{weight,bias}         → same names
 *   *.num_batches_tracked                                 → checked (int64 scalar), dropped
 *   spectrogram_extractor.stft.conv_{real,imag}.weight    → shape-checked (513, 1, 1024), dropped
 *   logmel_extractor.melW (513, 64)                       → compared with AudioPrune's mel bank, dropped
 * </pre>
 * PANNs' maps are (time, mel) and AudioPrune's (mel, time), hence the kernel transpose; the
 * network computes the same function (the head reduces both axes, bn0 acts per mel band).
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

    /** A PANNs family: conv blocks, convs per block, kernel size. */
    record Layout(String family, int blocks, int convs, int kernel) {
    }

    private static final List<Layout> LAYOUTS = List.of(new Layout("cnn14", 6, 2, 3), new Layout("cnn10", 4, 2, 3),
            new Layout("cnn6", 4, 1, 5));

    /** A PANNs state dict in safetensors, as {@code export --format panns} writes it (float32 tensors). */
    private static Map<String, TorchFile.Tensor> fromSafeTensors(Path file) {
        Map<String, TorchFile.Tensor> sd = new LinkedHashMap<>();
        SafeTensors.read(file).tensors().forEach((name, t) ->
                sd.put(name, new TorchFile.Tensor(name, t.shape(), TorchFile.StorageType.FLOAT, t.data())));
        return sd;
    }

    /** The layout of PANNs family {@code family} (cnn14, cnn10, cnn6), or empty for another network. */
    static Optional<Layout> layout(String family) {
        return LAYOUTS.stream().filter(l -> l.family().equals(family)).findFirst();
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
                    + layout.family() + " (" + layout.blocks() + " conv blocks of " + layout.convs() + " " + layout.kernel()
                    + "x" + layout.kernel() + " convs)");
        }
        List<String> findings = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        int n = 0;
        for (int b = 1; b <= layout.blocks(); b++) {
            for (int j = 1; j <= layout.convs(); j++) {
                widths.put("C" + ++n, require(sd, block(b, "conv" + j) + ".weight", 4).dim(0));
            }
        }
        int classes = require(sd, "fc_audioset.weight", 2).dim(0);
        int hidden = require(sd, "fc1.weight", 2).dim(0);
        int mels = require(sd, "bn0.weight", 1).dim(0);
        ArchitectureSpec spec = ImportedSpec.of(layout.family(), classes, mels, options.frames(), widths, hidden);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (TensorSpec p : spec.parameters()) {
            String source = pannsName(p.name(), layout.convs());
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
                        + " (only Cnn14, Cnn10 and Cnn6 are imported)");
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
        int blocks = 0;
        while (sd.containsKey(block(blocks + 1, "conv1") + ".weight")) {
            blocks++;
        }
        if (blocks == 0) {
            String hint = sd.keySet().stream().anyMatch(k -> k.startsWith("resnet.") || k.startsWith("features."))
                    ? " (a PANNs ResNet or MobileNet: not supported yet)" : "";
            throw new AudioPruneException("no conv_block1.conv1.weight: not a PANNs Cnn14/Cnn10/Cnn6 state dict" + hint);
        }
        int convs = sd.containsKey(block(1, "conv2") + ".weight") ? 2 : 1;
        int kernel = (int) sd.get(block(1, "conv1") + ".weight").shape()[sd.get(block(1, "conv1") + ".weight").shape().length - 1];
        for (Layout l : LAYOUTS) {
            if (l.blocks() == blocks && l.convs() == convs && l.kernel() == kernel) {
                return l;
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
    static String pannsName(String ours, int convs) {
        int dot = ours.indexOf('.');
        String layer = ours.substring(0, dot);
        String rest = ours.substring(dot + 1);
        if (layer.matches("C\\d+")) {
            int n = Integer.parseInt(layer.substring(1)) - 1;
            String prefix = block(n / convs + 1, "");
            int j = n % convs + 1;
            return rest.startsWith("bn.") ? prefix + "bn" + j + "." + bnSuffix(rest.substring(3)) : prefix + "conv" + j + "." + rest;
        }
        return layer.equals("bn0") ? "bn0." + bnSuffix(rest) : ours;
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
