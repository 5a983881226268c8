package org.audioprune.interchange;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.audioprune.io.NpyArray;

/** The files made by {@code tools/make_interchange_fixtures.py} (src/test/resources/interchange). */
final class Fixture {
    private Fixture() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixture.class.getResource("/interchange/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static float[] floats(String name) {
        double[] d = NpyArray.read(path(name)).data();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static int[] shape(String name) {
        return NpyArray.read(path(name)).shape();
    }

    /** PANNs' (batch, 1, time, mel) log-mel as AudioPrune's (batch, 1, mel, time). */
    static float[] timeMelToMelTime(float[] x, int batch, int frames, int mels) {
        float[] out = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < frames; t++) {
                for (int m = 0; m < mels; m++) {
                    out[(b * mels + m) * frames + t] = x[(b * frames + t) * mels + m];
                }
            }
        }
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths " + a.length + " and " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
