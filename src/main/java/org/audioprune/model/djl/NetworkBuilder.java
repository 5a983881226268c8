package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;

/**
 * Builds the DJL block of an {@link ArchitectureSpec} and moves weights between the block and the
 * engine-free checkpoint map (tensor names as the layers declare them).
 */
public final class NetworkBuilder {
    private NetworkBuilder() {
    }

    /** The uninitialised block; initialise it with input shape (batch, 1, nMels, frames) of the spec. */
    public static AudioNetwork build(ArchitectureSpec spec) {
        return new AudioNetwork(spec);
    }

    /**
     * Copies every tensor into the initialised network, in place.
     *
     * @throws AudioPruneException if a tensor is missing or shaped differently from the block's parameter
     */
    public static void loadWeights(AudioNetwork network, Map<String, Tensor> weights) {
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                throw new AudioPruneException("weights for " + network.spec().name() + " lack tensor " + e.getKey());
            }
            NDArray array = e.getValue().getArray();
            if (!Arrays.equals(array.getShape().getShape(), t.shape())) {
                throw new AudioPruneException("tensor " + e.getKey() + " has shape " + Arrays.toString(t.shape())
                        + " but the network needs " + array.getShape());
            }
            array.set(FloatBuffer.wrap(t.data()));
        }
    }

    /** A copy of every parameter of the initialised network, by checkpoint name in spec order. */
    public static Map<String, Tensor> weights(AudioNetwork network) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            NDArray array = e.getValue().getArray();
            out.put(e.getKey(), new Tensor(array.getShape().getShape(), array.toFloatArray()));
        }
        return out;
    }
}
