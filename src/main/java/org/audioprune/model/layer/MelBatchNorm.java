package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Batch normalisation over the mel bands of the (1-channel) input, as PANNs' {@code bn0}: one
 * γ/β/mean/var per mel band (H row), tensors {@code NAME.gamma|beta|running_mean|running_var}.
 * The network then normalises its own input ({@link #normalisesInput()}).
 */
@JsonTypeName("melBatchNorm")
public record MelBatchNorm(String name, int features, double epsilon) implements LayerSpec {
    public MelBatchNorm {
        Layers.requireName(name);
        if (features < 1 || !(epsilon > 0)) {
            throw new IllegalArgumentException(name + ": features and epsilon must be positive");
        }
    }

    @Override
    public String describe() {
        return name + " over " + features + " mel bands";
    }

    @Override
    public MelBatchNorm wiredTo(FeatureShape in) {
        in.requireMap(describe());
        if (in.channels() != 1) {
            throw new IllegalArgumentException(describe() + " needs a 1-channel input, got " + in.channels());
        }
        return new MelBatchNorm(name, in.height(), epsilon);
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return in;
    }

    /** Indexed by mel band, so no axis follows the channels. */
    @Override
    public List<TensorSpec> parameters() {
        return BatchNormTensors.specs(name, features, TensorSpec.NONE);
    }

    @Override
    public boolean normalisesInput() {
        return true;
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return new Block(this, in);
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        float[][] affine = BatchNormTensors.step(name, epsilon, weights).affine();
        return List.of(new BandAffine(affine[0], affine[1]));
    }

    /** x·scale[band] + shift[band] with (1, 1, bands, 1) initializers, as the inference step. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        float[][] affine = BatchNormTensors.step(name, epsilon, weights).affine();
        String y = onnx.node("Mul", x, onnx.weight(name + ".scale", affine[0], 1, 1, features, 1));
        return onnx.node("Add", y, onnx.weight(name + ".shift", affine[1], 1, 1, features, 1));
    }

    /** Training block: the mel axis becomes BatchNorm's channel axis, (B, 1, mels, T) → (B, mels, 1, T) and back. */
    private static final class Block extends LayerBlock {
        private final MelBatchNorm spec;
        private final BatchNorm bn;

        Block(MelBatchNorm spec, FeatureShape in) {
            super(in);
            this.spec = spec;
            this.bn = addChildBlock(spec.name, BatchNorm.builder().optAxis(1).optEpsilon((float) spec.epsilon).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow().transpose(0, 2, 1, 3);
            return new NDList(bn.forward(ps, new NDList(x), training).singletonOrThrow().transpose(0, 2, 1, 3));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape s = inputShapes[0];
            bn.initialize(manager, dataType, new Shape(s.get(0), s.get(2), s.get(1), s.get(3)));
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            return BatchNormTensors.parameters(spec.name, bn);
        }
    }

    /** Inference: y = x·scale[band] + shift[band]; as the first step it is applied while the input is uploaded. */
    private record BandAffine(float[] scale, float[] shift) implements InferenceStep {
        @Override
        public Op compile(NDManager manager, boolean channelsLast) {
            long bands = scale.length;
            NDArray s = InferenceStep.upload(manager, scale, 1, 1, bands, 1);
            NDArray b = InferenceStep.upload(manager, shift, 1, 1, bands, 1);
            return x -> x.mul(s).add(b);
        }

        @Override
        public float[][] inputAffine() {
            return new float[][] {scale, shift};
        }
    }
}
