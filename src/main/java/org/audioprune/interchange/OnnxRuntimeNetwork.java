package org.audioprune.interchange;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.CompiledNetwork;

/**
 * A network run by ONNX Runtime (CPU, all graph optimisations, sequential execution, a fixed number
 * of intra-op threads): its {@link OnnxExport#logits} graph, so that latency can be measured where
 * an exported model is deployed. {@link #predict} has the contract of {@code InferenceOptimizer.predict}:
 * normalised inputs (batch, 1, n_mels, frames) in, logits out.
 */
public final class OnnxRuntimeNetwork implements CompiledNetwork {
    /** How reports name this backend. */
    public static final String BACKEND = "onnxruntime";

    private final ArchitectureSpec spec;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OnnxRuntimeNetwork(ArchitectureSpec spec, Map<String, Tensor> weights, int threads) {
        this.spec = spec;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            this.session = env.createSession(OnnxExport.logits(spec, weights).toBytes(), options);
        } catch (OrtException e) {
            throw new AudioPruneException("ONNX Runtime cannot load the " + spec.name() + " network: " + e.getMessage());
        }
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    /** Logits (batch × classes, row-major) for the first {@code batch} inputs of (1, nMels, frames) each. */
    @Override
    public float[] predict(float[] input, int batch) {
        ArchitectureSpec.InputShape in = spec.input();
        int perClip = in.channels() * in.nMels() * in.frames();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input, 0, batch * perClip),
                new long[] {batch, in.channels(), in.nMels(), in.frames()});
             OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] logits = new float[out.remaining()];
            out.get(logits);
            return logits;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a graph it loaded", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
