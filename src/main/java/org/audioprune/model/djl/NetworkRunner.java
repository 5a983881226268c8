package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;

/**
 * An initialised {@link AudioNetwork} with the native memory it owns. Batches go in as plain float
 * arrays (batch, 1, nMels, frames), results come out as plain arrays or {@link Tensor}s; every
 * per-batch native array lives in a sub-manager closed when the call returns.
 */
public final class NetworkRunner implements AutoCloseable {
    private final NDManager manager;
    private final AudioNetwork network;
    private final ParameterStore parameterStore;
    private final int nMels;
    private final int frames;
    private ByteBuffer inputBytes;

    /** Fresh parameters drawn from the engine's RNG (seed it first for reproducibility). */
    public NetworkRunner(ArchitectureSpec spec) {
        this.manager = NDManager.newBaseManager();
        this.network = NetworkBuilder.build(spec);
        this.nMels = spec.input().nMels();
        this.frames = spec.input().frames();
        // Glorot/Xavier uniform, U(±√(6 / (fan_in + fan_out))): Keras' default (DCASE21 baseline) and PANNs'
        // init_layer; DJL's default Xavier magnitude is √2 larger. Biases 0, BN γ 1 / β 0 (DJL defaults).
        network.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.AVG, 3), Parameter.Type.WEIGHT);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, spec.input().channels(), nMels, frames));
        this.parameterStore = new ParameterStore(manager, false);
    }

    /** The network with the given weights. */
    public NetworkRunner(ArchitectureSpec spec, Map<String, Tensor> weights) {
        this(spec);
        NetworkBuilder.loadWeights(network, weights);
    }

    public AudioNetwork network() {
        return network;
    }

    public NDManager manager() {
        return manager;
    }

    public ParameterStore parameterStore() {
        return parameterStore;
    }

    /** Current weights, by checkpoint name. */
    public Map<String, Tensor> weights() {
        return NetworkBuilder.weights(network);
    }

    /** Logits (batch × classes, row-major) in inference mode (running BN statistics, no dropout). */
    public float[] logits(float[] inputs, int batch) {
        try (NDManager batchManager = manager.newSubManager()) {
            return network.forward(parameterStore, input(batchManager, inputs, batch), false, null).toFloatArray();
        }
    }

    /** Each conv layer's post-BN-activation feature maps (batch, channels, h, w), inference mode. */
    public List<Tensor> featureMaps(float[] inputs, int batch) {
        try (NDManager batchManager = manager.newSubManager()) {
            List<NDArray> captured = new ArrayList<>();
            network.forward(parameterStore, input(batchManager, inputs, batch), false, captured);
            List<Tensor> out = new ArrayList<>(captured.size());
            for (NDArray a : captured) {
                out.add(new Tensor(a.getShape().getShape(), a.toFloatArray()));
            }
            return out;
        }
    }

    /**
     * The first {@code batch} patches of {@code inputs} as an array of {@code batchManager}, handed to
     * the engine through one reused direct buffer (no per-batch heap→native staging copy).
     */
    public NDArray input(NDManager batchManager, float[] inputs, int batch) {
        int count = batch * nMels * frames;
        if (inputBytes == null || inputBytes.capacity() < count * Float.BYTES) {
            inputBytes = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        // A direct *ByteBuffer* goes to libtorch as is; any other buffer (even a direct FloatBuffer
        // view) makes DJL allocate and fill a fresh direct buffer per call.
        inputBytes.clear();
        inputBytes.asFloatBuffer().put(inputs, 0, count);
        inputBytes.limit(count * Float.BYTES);
        return batchManager.create(inputBytes, new Shape(batch, 1, nMels, frames), DataType.FLOAT32);
    }

    @Override
    public void close() {
        manager.close();
    }
}
