package org.audioprune.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.model.layer.FeatureShape;
import org.audioprune.model.layer.LayerSpec;
import org.audioprune.model.layer.TensorSpec;

/**
 * Parameter and multiply-accumulate counts of the network of an {@link ArchitectureSpec} alone (no
 * weights, no engine), for one clip of the spec's input: the sizes of the layers' declared tensors
 * and the layers' own MAC counts. The front end's cost is the front end's to state (the audio
 * package's {@code FrontEnd.macs}), so this package does not depend on any front end.
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
 */
public record Complexity(List<Row> layers, long trainableParams, long params, long macs) {

    /**
     * One layer.
     *
     * @param name            the layer's name, or its type and a counter ({@code pool1}) for unnamed ones
     * @param type            the layer type as it runs on the spec's input ({@code pool} for an adaptive pool)
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
        List<FeatureShape> inputs = spec.inputShapes();
        List<FeatureShape> outputs = spec.outputShapes();
        Map<String, Integer> unnamed = new HashMap<>();
        long trainable = 0;
        long all = 0;
        long macs = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            // each layer as it runs on this input (an adaptive pool is the fixed pool it amounts to)
            LayerSpec l = spec.layers().get(i).resolvedAt(inputs.get(i));
            String name = l.name() != null ? l.name() : l.type() + unnamed.merge(l.type(), 1, Integer::sum);
            long weights = 0;
            long bn = 0;
            long layerTrainable = 0;
            for (TensorSpec t : l.parameters()) {
                if (t.role().batchNorm()) {
                    bn += t.size();
                } else {
                    weights += t.size();
                }
                layerTrainable += t.trainable() ? t.size() : 0;
            }
            long layerMacs = l.macs(inputs.get(i));
            FeatureShape out = outputs.get(i);
            rows.add(new Row(name, l.type(), out.toArray(), out.channels(), weights, bn, layerTrainable, weights + bn,
                    layerMacs));
            trainable += layerTrainable;
            all += weights + bn;
            macs += layerMacs;
        }
        return new Complexity(List.copyOf(rows), trainable, all, macs);
    }

    /** The row of the layer called {@code name}. */
    public Row layer(String name) {
        return layers.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
    }
}
