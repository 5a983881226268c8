package org.audioprune.prune;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.LayerSpec;
import org.audioprune.model.Tensor;

/**
 * Physically removes conv filters from a checkpoint: each pruned conv loses output channels
 * (weight rows, bias, batch-norm γ/β/mean/var), the next conv loses the matching input channels,
 * and the first dense layer loses the matching inputs — after a flatten of a (C, H, W) map in
 * NCHW order these are features c·H·W + h·W + w of every kept c (the DJL blocks flatten with
 * {@code reshape(batch, -1)} on NCHW), after global pooling the kept channels themselves.
 * The result is an ordinary checkpoint with a narrower spec.
 */
public final class Surgery {
    private Surgery() {
    }

    /** Metadata key under which the kept filter indices are recorded. */
    public static final String KEPT_FILTERS_KEY = "keptFilters";

    /**
     * @param keptFilters per conv layer, the filter indices to keep (any order, no duplicates);
     *                    layers not listed keep all filters
     * @throws AudioPruneException for an unknown layer, an empty list, a duplicate or out-of-range index
     */
    public static Checkpoint apply(Checkpoint checkpoint, Map<String, int[]> keptFilters) {
        ArchitectureSpec spec = checkpoint.spec();
        Map<String, int[]> kept = validated(spec, keptFilters);
        Map<String, Integer> widths = new LinkedHashMap<>();
        kept.forEach((layer, idx) -> widths.put(layer, idx.length));
        ArchitectureSpec pruned = spec.withConvWidths(widths);

        Map<String, Tensor> w = new LinkedHashMap<>(checkpoint.weights());
        List<LayerSpec> layers = spec.layers();
        List<int[]> shapes = spec.outputShapes();
        int[] live = null; // surviving channels (or features) flowing out of the previous layer; null = all
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l instanceof LayerSpec.Conv c) {
                String n = c.name();
                int[] out = kept.get(n);
                Tensor weight = select(w.get(n + ".weight"), 1, live);
                w.put(n + ".weight", select(weight, 0, out));
                if (c.bias()) {
                    w.put(n + ".bias", select(w.get(n + ".bias"), 0, out));
                }
                if (c.batchNorm()) {
                    for (String s : List.of(".bn.gamma", ".bn.beta", ".bn.running_mean", ".bn.running_var")) {
                        w.put(n + s, select(w.get(n + s), 0, out));
                    }
                }
                live = out;
            } else if (l instanceof LayerSpec.Flatten && live != null) {
                int[] in = shapes.get(i - 1);
                live = flattenedFeatures(live, in[1] * in[2]);
            } else if (l instanceof LayerSpec.Dense d) {
                w.put(d.name() + ".weight", select(w.get(d.name() + ".weight"), 1, live));
                live = null;
            }
        }
        Map<String, int[]> record = new LinkedHashMap<>();
        kept.forEach((layer, idx) -> record.put(layer, idx.clone()));
        return checkpoint.withWeights(pruned, w).withMetadata(KEPT_FILTERS_KEY, record);
    }

    /** Features c·hw + j (j < hw) of every kept channel c, ascending: NCHW flatten order. */
    static int[] flattenedFeatures(int[] channels, int hw) {
        int[] f = new int[channels.length * hw];
        for (int k = 0; k < channels.length; k++) {
            for (int j = 0; j < hw; j++) {
                f[k * hw + j] = channels[k] * hw + j;
            }
        }
        return f;
    }

    /** Sorted copies; rejects unknown layers, empty lists, duplicates and out-of-range indices. */
    private static Map<String, int[]> validated(ArchitectureSpec spec, Map<String, int[]> keptFilters) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : keptFilters.entrySet()) {
            int n = spec.conv(e.getKey()).outChannels();
            int[] idx = e.getValue().clone();
            Arrays.sort(idx);
            if (idx.length == 0) {
                throw new AudioPruneException("surgery would remove every filter of " + e.getKey());
            }
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] < 0 || idx[i] >= n) {
                    throw new AudioPruneException("filter index " + idx[i] + " of " + e.getKey() + " is out of range (0.."
                            + (n - 1) + ")");
                }
                if (i > 0 && idx[i] == idx[i - 1]) {
                    throw new AudioPruneException("filter index " + idx[i] + " of " + e.getKey() + " is listed twice");
                }
            }
            out.put(e.getKey(), idx);
        }
        return out;
    }

    /** The sub-tensor with only indices {@code idx} (ascending) along {@code axis}; null idx = unchanged. */
    static Tensor select(Tensor t, int axis, int[] idx) {
        if (idx == null) {
            return t;
        }
        long[] shape = t.shape().clone();
        int dim = t.dim(axis);
        int inner = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            inner *= t.dim(a);
        }
        int outer = t.data().length / (dim * inner);
        shape[axis] = idx.length;
        float[] out = new float[outer * idx.length * inner];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (int k : idx) {
                System.arraycopy(t.data(), (o * dim + k) * inner, out, p, inner);
                p += inner;
            }
        }
        return new Tensor(shape, out);
    }
}
