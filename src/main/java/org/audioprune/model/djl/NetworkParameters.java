package org.audioprune.model.djl;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps DJL's per-block parameter names to the checkpoint's dotted names. */
final class NetworkParameters {
    private NetworkParameters() {
    }

    /** DJL keeps the running statistics as (non-trainable) parameters of BatchNorm. */
    static Map<String, Parameter> batchNorm(String prefix, BatchNorm bn) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put(prefix + ".gamma", bn.getParameters().get("gamma"));
        out.put(prefix + ".beta", bn.getParameters().get("beta"));
        out.put(prefix + ".running_mean", bn.getParameters().get("runningMean"));
        out.put(prefix + ".running_var", bn.getParameters().get("runningVar"));
        return out;
    }

    /** Dense layer: weight (out, in), bias (out), as in PyTorch. */
    static Map<String, Parameter> linear(String prefix, Linear fc) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put(prefix + ".weight", fc.getParameters().get("weight"));
        out.put(prefix + ".bias", fc.getParameters().get("bias"));
        return out;
    }
}
