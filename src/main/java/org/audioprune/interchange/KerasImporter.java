package org.audioprune.interchange;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.data.ClassNames;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.LayerSpec;
import org.audioprune.model.Tensor;

/**
 * The DCASE 2021 Task 1A baseline from its 22 Keras arrays in {@code model.get_weights()} order:
 * for C1, C2, C3 the conv kernel (kH, kW, in, out) and bias, then batch norm γ, β, moving mean,
 * moving variance; then the hidden dense kernel (in, out) and bias and the output dense kernel
 * and bias. Conversions: kernels HWIO → OIHW; dense kernels transposed; the hidden dense layer's
 * inputs re-ordered from Keras' channels-last flatten ((h·W + w)·C + c) to AudioPrune's NCHW
 * flatten (c·H·W + h·W + w) — the mapping the reference pruning code got wrong (method.md §5);
 * batch norm keeps Keras's epsilon 1e-3 (the dcase21 spec's). Widths come from the shapes, so the
 * authors' pruned models import as they are.
 */
final class KerasImporter {
    /** Arrays per conv layer: kernel, bias, γ, β, moving mean, moving variance. */
    private static final int PER_CONV = 6;
    private static final int CONVS = 3;
    static final int ARRAYS = CONVS * PER_CONV + 4;
    private static final String[] CONV_PARTS = {"kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance"};

    private KerasImporter() {
    }

    /**
     * One Keras weight array.
     *
     * @param label names it in messages, e.g. {@code layer conv2d_1 kernel:0} or {@code array 6}
     */
    record KerasArray(String label, long[] shape, float[] values) {
        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** The arrays of an unpickled object array, labelled by position. */
    static List<KerasArray> arraysOf(List<NumpyPickle.NdArray> arrays) {
        List<KerasArray> out = new ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            NumpyPickle.NdArray a = arrays.get(i);
            out.add(new KerasArray("array " + i, a.shape(), a.toFloats("array " + i)));
        }
        return out;
    }

    static Imported fromArrays(Path file, List<KerasArray> arrays, ImportOptions options, String unit) {
        try {
            return convert(file, arrays, options, unit);
        } catch (AudioPruneException e) {
            throw new AudioPruneException(file + ": " + e.getMessage());
        }
    }

    private static Imported convert(Path file, List<KerasArray> a, ImportOptions options, String unit) {
        if (options.model() != null && !options.model().equals("dcase21")) {
            throw new AudioPruneException("--model " + options.model() + ": Keras weights import as dcase21 only");
        }
        if (a.size() != ARRAYS) {
            throw new AudioPruneException(a.size() + " weight arrays, but the DCASE21 baseline has " + ARRAYS
                    + " (3 x conv kernel, bias, BN gamma, beta, moving mean, moving variance; 2 x dense kernel, bias)");
        }
        Map<String, Integer> widths = new LinkedHashMap<>();
        int in = 1;
        for (int c = 0; c < CONVS; c++) {
            KerasArray k = a.get(c * PER_CONV);
            if (k.shape().length != 4 || k.shape()[0] != 7 || k.shape()[1] != 7 || k.shape()[2] != in) {
                throw new AudioPruneException(k.label() + " (C" + (c + 1) + " kernel) has shape " + k.shapeText()
                        + ", expected [7, 7, " + in + ", filters]");
            }
            int out = (int) k.shape()[3];
            for (int p = 1; p < PER_CONV; p++) {
                requireShape(a.get(c * PER_CONV + p), "C" + (c + 1) + " " + CONV_PARTS[p], out);
            }
            widths.put("C" + (c + 1), out);
            in = out;
        }
        KerasArray hiddenKernel = a.get(CONVS * PER_CONV);
        KerasArray outKernel = a.get(CONVS * PER_CONV + 2);
        if (hiddenKernel.shape().length != 2 || outKernel.shape().length != 2) {
            throw new AudioPruneException("dense kernels " + hiddenKernel.label() + " " + hiddenKernel.shapeText() + " and "
                    + outKernel.label() + " " + outKernel.shapeText() + " must be (inputs, units)");
        }
        int hidden = (int) hiddenKernel.shape()[1];
        int classes = (int) outKernel.shape()[1];
        requireShape(a.get(CONVS * PER_CONV + 1), "fc1 bias", hidden);
        requireShape(a.get(CONVS * PER_CONV + 3), "fc2 bias", classes);
        if (outKernel.shape()[0] != hidden) {
            throw new AudioPruneException(outKernel.label() + " (fc2 kernel) has shape " + outKernel.shapeText()
                    + ", expected [" + hidden + ", classes]");
        }
        ArchitectureSpec spec = ImportedSpec.of("dcase21", classes, 40, options.frames(), widths, hidden);
        int[] map = flattenedMap(spec);
        if (hiddenKernel.shape()[0] != map.length) {
            throw new AudioPruneException(hiddenKernel.label() + " (fc1 kernel) has shape " + hiddenKernel.shapeText()
                    + ", but C3's " + widths.get("C3") + " filters flatten to " + map.length + " inputs");
        }
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (int c = 0; c < CONVS; c++) {
            String layer = "C" + (c + 1);
            w.put(layer + ".weight", hwioToOihw(a.get(c * PER_CONV)));
            w.put(layer + ".bias", vector(a.get(c * PER_CONV + 1)));
            w.put(layer + ".bn.gamma", vector(a.get(c * PER_CONV + 2)));
            w.put(layer + ".bn.beta", vector(a.get(c * PER_CONV + 3)));
            w.put(layer + ".bn.running_mean", vector(a.get(c * PER_CONV + 4)));
            w.put(layer + ".bn.running_var", vector(a.get(c * PER_CONV + 5)));
        }
        w.put("fc1.weight", transposed(hiddenKernel, map));
        w.put("fc1.bias", vector(a.get(CONVS * PER_CONV + 1)));
        w.put("fc2.weight", transposed(outKernel, null));
        w.put("fc2.bias", vector(a.get(CONVS * PER_CONV + 3)));
        List<String> names = ClassNames.forCount(classes, options.labels(), null);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("format", unit.equals("layer") ? ImportFormat.KERAS.cliName() : ImportFormat.NPY_LIST.cliName());
        source.put("file", String.valueOf(file.getFileName()));
        Checkpoint ckpt = new Checkpoint(spec, names, null, null, w, Map.of("imported", source));
        List<String> findings = List.of(
                String.format(Locale.ROOT, "network: DCASE21 baseline, conv widths %s, fc1 %d, %d classes (%s)",
                        widths.values(), hidden, classes, options.labels() == null ? "numbered names" : "names from the label file"),
                "batch norm: Keras epsilon 1e-3 kept; dense inputs re-ordered from channels-last to NCHW",
                "input normalisation: none stored in Keras weights; the network expects features normalised as in its training");
        return new Imported(ckpt, findings);
    }

    private static void requireShape(KerasArray a, String what, int n) {
        if (a.shape().length != 1 || a.shape()[0] != n) {
            throw new AudioPruneException(a.label() + " (" + what + ") has shape " + a.shapeText() + ", expected [" + n + "]");
        }
    }

    /** For AudioPrune's flatten index f = c·H·W + h·W + w, the Keras flatten index (h·W + w)·C + c. */
    private static int[] flattenedMap(ArchitectureSpec spec) {
        List<LayerSpec> layers = spec.layers();
        int flatten = 0;
        while (!(layers.get(flatten) instanceof LayerSpec.Flatten)) {
            flatten++;
        }
        int[] s = spec.outputShapes().get(flatten - 1);
        int channels = s[0];
        int h = s[1];
        int wd = s[2];
        int[] map = new int[channels * h * wd];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < wd; x++) {
                    map[c * h * wd + y * wd + x] = (y * wd + x) * channels + c;
                }
            }
        }
        return map;
    }

    private static Tensor hwioToOihw(KerasArray k) {
        int kh = (int) k.shape()[0];
        int kw = (int) k.shape()[1];
        int in = (int) k.shape()[2];
        int out = (int) k.shape()[3];
        float[] dst = new float[k.values().length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * kh + y) * kw + x] = k.values()[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return new Tensor(new long[] {out, in, kh, kw}, dst);
    }

    /** (in, out) → (out, in); with {@code rows}, AudioPrune input f takes Keras input rows[f]. */
    private static Tensor transposed(KerasArray k, int[] rows) {
        int in = (int) k.shape()[0];
        int out = (int) k.shape()[1];
        float[] dst = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int f = 0; f < in; f++) {
                dst[o * in + f] = k.values()[(rows == null ? f : rows[f]) * out + o];
            }
        }
        return new Tensor(new long[] {out, in}, dst);
    }

    private static Tensor vector(KerasArray a) {
        return new Tensor(a.shape().clone(), a.values());
    }
}
