package org.audioprune.prune;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.ChannelCut;
import org.audioprune.model.layer.ChannelGroup;
import org.audioprune.model.layer.FeatureShape;

/**
 * Physically removes conv filters from a checkpoint, generically over the layer types: walking the
 * network, each layer says what survives of it given the channels that reach it
 * ({@link org.audioprune.model.layer.LayerSpec#cut}): which of its output channels survive (a pruned
 * conv keeps its chosen filters, pooling and dropout pass channels through, flatten expands channel c
 * of a (C, H, W) map to features c·H·W … c·H·W + H·W − 1 — NCHW, as the DJL blocks flatten — and
 * global pooling passes channels) and which indices of each of its tensors, along the axes that
 * follow its output and input channels ({@link org.audioprune.model.layer.TensorSpec}). So a pruned
 * conv loses weight rows, bias and batch-norm γ/β/mean/var, the next conv loses the matching input
 * channels and the first dense layer the matching inputs. The result is an ordinary checkpoint
 * with a narrower spec.
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
        coupled(spec, kept);
        Map<String, Integer> widths = new LinkedHashMap<>();
        kept.forEach((layer, idx) -> widths.put(layer, idx.length));
        ArchitectureSpec pruned = spec.withConvWidths(widths);

        Map<String, Tensor> w = new LinkedHashMap<>(checkpoint.weights());
        List<FeatureShape> inputs = spec.inputShapes();
        int[] live = null; // surviving channels (or features) flowing into the layer; null = all
        for (int i = 0; i < spec.layers().size(); i++) {
            ChannelCut cut = spec.layers().get(i).cut(inputs.get(i), live, kept::get);
            cut.keptIndices().forEach((name, axes) -> {
                Tensor t = w.get(name);
                for (int axis = 0; axis < axes.length; axis++) {
                    t = select(t, axis, axes[axis]);
                }
                w.put(name, t);
            });
            live = cut.liveOutputs();
        }
        Map<String, int[]> record = new LinkedHashMap<>();
        kept.forEach((layer, idx) -> record.put(layer, idx.clone()));
        return checkpoint.withWeights(pruned, w).withMetadata(KEPT_FILTERS_KEY, record);
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

    /**
     * Refuses a cut that splits a channel group: every conv of a group must keep the same channels,
     * or none of them be listed; and a conv tied to the network's input or output cannot be cut.
     */
    private static void coupled(ArchitectureSpec spec, Map<String, int[]> kept) {
        java.util.Set<String> grouped = new java.util.HashSet<>();
        for (ChannelGroup g : spec.channelGroups()) {
            grouped.addAll(g.producers());
            List<String> listed = g.producers().stream().filter(kept::containsKey).toList();
            if (listed.isEmpty()) {
                continue;
            }
            String first = listed.get(0);
            for (String conv : g.producers()) {
                if (!kept.containsKey(conv) || !Arrays.equals(kept.get(first), kept.get(conv))) {
                    throw new AudioPruneException("channel group " + g.name() + " (" + String.join(", ", g.producers())
                            + ", tied by " + String.join(", ", g.additions()) + ") must keep the same channels in every"
                            + " member, but " + first + " keeps " + describe(kept.get(first)) + " and " + conv
                            + " keeps " + describe(kept.get(conv)));
                }
            }
        }
        for (String conv : kept.keySet()) {
            if (!grouped.contains(conv)) {
                spec.group(conv);
            }
        }
    }

    /** "all its channels", or the count and the first few indices. */
    private static String describe(int[] idx) {
        if (idx == null) {
            return "all its channels";
        }
        String first = Arrays.toString(Arrays.copyOf(idx, Math.min(idx.length, 6)));
        return idx.length + " channels " + (idx.length > 6 ? first.replace("]", ", ...]") : first);
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
