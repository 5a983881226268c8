package org.audioprune.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Set;

/**
 * One layer of an {@link ArchitectureSpec}. The tensor layout is NCHW with H = mel bands and
 * W = frames (time); every layer type is a record so that specs serialise to JSON as data
 * ({@code "type"} names the layer type).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Conv.class, name = "conv"),
    @JsonSubTypes.Type(value = LayerSpec.Pool.class, name = "pool"),
    @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
    @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
    @JsonSubTypes.Type(value = LayerSpec.MelBatchNorm.class, name = "melBatchNorm"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalPool.class, name = "globalPool"),
    @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense")})
public sealed interface LayerSpec {

    /** Activations a conv or dense layer may end with; {@code linear} means none (logits). */
    Set<String> ACTIVATIONS = Set.of("relu", "linear");

    /** The JSON type name of this layer. */
    String type();

    /**
     * 2-D convolution, stride 1, optionally with bias, optionally followed by batch
     * normalisation over its output channels, then the activation. The prunable unit.
     *
     * @param padding {@code same} (odd kernels, pad = (k−1)/2) or {@code explicit}
     * @param padH    zero padding added above and below (for {@code same}: (kernelH−1)/2)
     * @param padW    zero padding added left and right
     * @param bnEpsilon batch-norm epsilon (Keras 1e-3, PyTorch 1e-5); ignored without batch norm
     */
    record Conv(String name, int inChannels, int outChannels, int kernelH, int kernelW,
                String padding, int padH, int padW, boolean bias, boolean batchNorm, double bnEpsilon,
                String activation) implements LayerSpec {
        public Conv {
            requireName(name);
            if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || padH < 0 || padW < 0) {
                throw new IllegalArgumentException("conv " + name + ": channels and kernel must be positive,"
                        + " padding non-negative");
            }
            if ("same".equals(padding)) {
                if (kernelH % 2 == 0 || kernelW % 2 == 0 || padH != (kernelH - 1) / 2 || padW != (kernelW - 1) / 2) {
                    throw new IllegalArgumentException("conv " + name + ": 'same' padding needs an odd kernel"
                            + " and pad (k-1)/2");
                }
            } else if (!"explicit".equals(padding)) {
                throw new IllegalArgumentException("conv " + name + ": padding must be 'same' or 'explicit', got '"
                        + padding + "'");
            }
            if (batchNorm && !(bnEpsilon > 0)) {
                throw new IllegalArgumentException("conv " + name + ": batch-norm epsilon must be positive");
            }
            requireActivation(name, activation);
        }

        /** A stride-1 'same' conv with odd kernel kH×kW. */
        public static Conv same(String name, int in, int out, int kernelH, int kernelW, boolean bias,
                                boolean batchNorm, double bnEpsilon) {
            return new Conv(name, in, out, kernelH, kernelW, "same", (kernelH - 1) / 2, (kernelW - 1) / 2,
                    bias, batchNorm, bnEpsilon, "relu");
        }

        public Conv withChannels(int in, int out) {
            return new Conv(name, in, out, kernelH, kernelW, padding, padH, padW, bias, batchNorm, bnEpsilon,
                    activation);
        }

        @Override
        public String type() {
            return "conv";
        }
    }

    /** Max or average pooling with stride = kernel and no padding (output = ⌊input / kernel⌋). */
    record Pool(String kind, int kernelH, int kernelW) implements LayerSpec {
        public Pool {
            if (!"max".equals(kind) && !"avg".equals(kind)) {
                throw new IllegalArgumentException("pool kind must be 'max' or 'avg', got '" + kind + "'");
            }
            if (kernelH < 1 || kernelW < 1) {
                throw new IllegalArgumentException("pool kernel must be positive");
            }
        }

        @Override
        public String type() {
            return "pool";
        }
    }

    /** Dropout with drop probability {@code rate} (training only). */
    record Dropout(double rate) implements LayerSpec {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }

        @Override
        public String type() {
            return "dropout";
        }
    }

    /** Flattens (C, H, W) to C·H·W features in NCHW order: index c·H·W + h·W + w. */
    record Flatten() implements LayerSpec {
        @Override
        public String type() {
            return "flatten";
        }
    }

    /**
     * Batch normalisation over the mel bands of the (1-channel) input, as PANNs' {@code bn0}:
     * one γ/β/mean/var per mel band (H row).
     */
    record MelBatchNorm(String name, int features, double epsilon) implements LayerSpec {
        public MelBatchNorm {
            requireName(name);
            if (features < 1 || !(epsilon > 0)) {
                throw new IllegalArgumentException(name + ": features and epsilon must be positive");
            }
        }

        @Override
        public String type() {
            return "melBatchNorm";
        }
    }

    /**
     * Global pooling to a vector of C features. {@code panns}: mean over frequency (H), then
     * max over time (W) plus mean over time (W), as in PANNs' CNN14 head.
     */
    record GlobalPool(String mode) implements LayerSpec {
        public GlobalPool {
            if (!"panns".equals(mode)) {
                throw new IllegalArgumentException("global pool mode must be 'panns', got '" + mode + "'");
            }
        }

        @Override
        public String type() {
            return "globalPool";
        }
    }

    /** Fully connected layer with bias; weight shaped (out, in). */
    record Dense(String name, int inFeatures, int outFeatures, String activation) implements LayerSpec {
        public Dense {
            requireName(name);
            if (inFeatures < 1 || outFeatures < 1) {
                throw new IllegalArgumentException("dense " + name + ": features must be positive");
            }
            requireActivation(name, activation);
        }

        public Dense withInFeatures(int in) {
            return new Dense(name, in, outFeatures, activation);
        }

        @Override
        public String type() {
            return "dense";
        }
    }

    private static void requireName(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("layer name must be a letter followed by letters, digits or '_',"
                    + " got '" + name + "'");
        }
    }

    private static void requireActivation(String name, String activation) {
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException(name + ": activation must be one of " + ACTIVATIONS + ", got '"
                    + activation + "'");
        }
    }
}
