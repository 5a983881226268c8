package org.audioprune.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.audio.FrontEnds;
import org.audioprune.audio.LogMelFrontEnd;

/**
 * Parameter and multiply-accumulate counts derived from an {@link ArchitectureSpec} alone (no
 * weights, no engine), for one clip of the spec's input.
 *
 * <p>Counting rules (docs/models.md): conv MACs = out · in · kH · kW · H_out · W_out with the
 * conv's <em>actual</em> input channels (so pruning a layer also shrinks the next one); dense
 * MACs = in · out; bias, batch norm, activations and pooling cost no MACs. Trainable parameters
 * include batch-norm γ/β (bn0 too); {@link #params()} adds the running mean/var, as Keras counts.
 *
 * @param layers          one row per layer, in order
 * @param trainableParams weights, biases and batch-norm γ/β
 * @param params          trainable plus batch-norm running statistics
 * @param macs            conv + dense multiply-accumulates for one clip
 * @param frontEndMacs    the front end's STFT and mel projection as real matrix products
 */
public record Complexity(List<Row> layers, long trainableParams, long params, long macs, long frontEndMacs) {

    /**
     * One layer.
     *
     * @param outputShape     (C, H, W) or (F)
     * @param outChannels     C of a feature map, F of a vector
     * @param weightParams    the layer's own weights and bias (conv/dense), 0 otherwise
     * @param batchNormParams γ, β, running mean and var of its batch norm (4 per channel)
     * @param trainableParams weights, bias, γ, β
     * @param params          trainable plus running statistics
     */
    public record Row(String name, String type, int[] outputShape, int outChannels, long weightParams,
                      long batchNormParams, long trainableParams, long params, long macs) {
    }

    /** The counts of {@code spec} for one clip of its input. */
    public static Complexity of(ArchitectureSpec spec) {
        List<Row> rows = new ArrayList<>();
        List<int[]> shapes = spec.outputShapes();
        Map<String, Integer> unnamed = new HashMap<>();
        long trainable = 0;
        long all = 0;
        long macs = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            int[] out = shapes.get(i);
            String name;
            long weights = 0;
            long bn = 0;
            long layerMacs = 0;
            if (l instanceof LayerSpec.Conv c) {
                name = c.name();
                long perFilter = (long) c.inChannels() * c.kernelH() * c.kernelW();
                weights = c.outChannels() * perFilter + (c.bias() ? c.outChannels() : 0);
                bn = c.batchNorm() ? 4L * c.outChannels() : 0;
                layerMacs = c.outChannels() * perFilter * out[1] * out[2];
            } else if (l instanceof LayerSpec.Dense d) {
                name = d.name();
                weights = (long) d.inFeatures() * d.outFeatures() + d.outFeatures();
                layerMacs = (long) d.inFeatures() * d.outFeatures();
            } else if (l instanceof LayerSpec.MelBatchNorm b) {
                name = b.name();
                bn = 4L * b.features();
            } else {
                name = l.type() + unnamed.merge(l.type(), 1, Integer::sum);
            }
            long layerTrainable = weights + bn / 2;
            long layerParams = weights + bn;
            rows.add(new Row(name, l.type(), out, out[0], weights, bn, layerTrainable, layerParams, layerMacs));
            trainable += layerTrainable;
            all += layerParams;
            macs += layerMacs;
        }
        return new Complexity(List.copyOf(rows), trainable, all, macs,
                frontEndMacs(spec.frontEnd(), spec.input().nMels(), spec.input().frames()));
    }

    /**
     * STFT as a real matrix product, frames × n_fft × (n_fft/2+1) × 2 (real and imaginary part),
     * plus the mel projection, frames × (n_fft/2+1) × n_mels.
     */
    public static long frontEndMacs(String frontEnd, int nMels, int frames) {
        if (!(FrontEnds.byName(frontEnd) instanceof LogMelFrontEnd logMel)) {
            throw new IllegalArgumentException("front end '" + frontEnd + "' has no STFT size to count");
        }
        int nFft = logMel.config().nFft();
        long bins = nFft / 2 + 1;
        return (long) frames * nFft * bins * 2 + (long) frames * bins * nMels;
    }

    /** Conv + dense MACs plus the front end's. */
    public long macsWithFrontEnd() {
        return macs + frontEndMacs;
    }

    /** The row of the layer called {@code name}. */
    public Row layer(String name) {
        return layers.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
    }
}
