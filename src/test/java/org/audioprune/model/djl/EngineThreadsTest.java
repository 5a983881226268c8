package org.audioprune.model.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

class EngineThreadsTest {
    @Test
    void withRestoresTheThreadCountItFound() {
        EngineThreads.configure(1);
        int original = JniUtils.getNumThreads();
        try {
            EngineThreads.configure(2);
            int inside = EngineThreads.with(1, JniUtils::getNumThreads);
            assertEquals(1, inside);
            assertEquals(2, JniUtils.getNumThreads(), "the count before the call is restored");
        } finally {
            EngineThreads.configure(original);
        }
    }
}
