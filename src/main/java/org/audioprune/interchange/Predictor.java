package org.audioprune.interchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.AudioLoader;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.FeatureCache;
import org.audioprune.io.NpyArray;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.train.BandNormalisation;

/**
 * Class probabilities of clips, the way PANNs' inference script tags audio: a WAV file goes through
 * the checkpoint's front end, a {@code .npy} is taken as the un-normalised log-mel that
 * {@code audioprune features} writes ((n_mels, frames), or PANNs' (1, 1, frames, n_mels)); the
 * checkpoint's band normalisation is applied; sigmoids for multi-label networks, a softmax
 * otherwise. Every clip is cropped or padded to the network's input length as in training: a short
 * WAV is padded with silence before the front end, a short feature array with the front end's
 * log-mel of silence.
 */
public final class Predictor implements AutoCloseable {
    private static final int BATCH = 32;

    /** One clip's probabilities, in the checkpoint's class order. */
    public record Prediction(Path input, float[] probabilities) {
        /** Indices of the {@code k} most probable classes, most probable first (ties: lower index first). */
        public int[] top(int k) {
            Integer[] idx = new Integer[probabilities.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> probabilities[a] != probabilities[b] ? Float.compare(probabilities[b], probabilities[a])
                    : Integer.compare(a, b));
            return Arrays.stream(idx).limit(Math.min(k, idx.length)).mapToInt(Integer::intValue).toArray();
        }
    }

    private final Checkpoint checkpoint;
    private final FrontEnd frontEnd;
    private final NetworkRunner runner;
    private final BandNormalisation norm;
    private final int nMels;
    private final int frames;

    public Predictor(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.frontEnd = FrontEnds.of(checkpoint.frontEnd());
        this.nMels = checkpoint.spec().input().nMels();
        this.frames = checkpoint.spec().input().frames();
        if (frontEnd.nMels() != nMels) {
            throw new AudioPruneException("checkpoint expects " + nMels + " mel bands but its front end "
                    + frontEnd.name() + " makes " + frontEnd.nMels());
        }
        this.norm = new BandNormalisation(checkpoint.bandMean(), checkpoint.bandStd());
        this.runner = new NetworkRunner(checkpoint.spec(), checkpoint.weights());
    }

    /**
     * The inputs a path stands for: the file itself, or every {@code .wav} and {@code .npy} directly
     * inside a folder, by name.
     */
    public static List<Path> inputs(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new AudioPruneException(path + ": no such file or folder");
        }
        try (Stream<Path> s = Files.list(path)) {
            List<Path> out = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".wav") || n.endsWith(".npy");
            }).sorted().toList();
            if (out.isEmpty()) {
                throw new AudioPruneException(path + ": no .wav or .npy files in the folder");
            }
            return out;
        } catch (IOException e) {
            throw new AudioPruneException(path + ": cannot list: " + e.getMessage());
        }
    }

    /** Probabilities of every input, in order; every input is read and checked before the network runs. */
    public List<Prediction> predict(List<Path> inputs) {
        List<float[]> features = new ArrayList<>();
        for (Path p : inputs) {
            features.add(features(p));
        }
        List<Prediction> out = new ArrayList<>();
        int clip = nMels * frames;
        for (int from = 0; from < inputs.size(); from += BATCH) {
            int n = Math.min(BATCH, inputs.size() - from);
            float[] batch = new float[n * clip];
            for (int i = 0; i < n; i++) {
                System.arraycopy(features.get(from + i), 0, batch, i * clip, clip);
            }
            float[][] p = probabilities(batch, n);
            for (int i = 0; i < n; i++) {
                out.add(new Prediction(inputs.get(from + i), p[i]));
            }
        }
        return out;
    }

    /**
     * Probabilities of {@code n} clips of un-normalised log-mel features, (nMels × frames) each,
     * row-major, one row per clip; {@code features} is normalised in place.
     */
    public float[][] probabilities(float[] features, int n) {
        int clip = nMels * frames;
        if (features.length != n * clip) {
            throw new IllegalArgumentException(n + " clips need " + n * clip + " values, got " + features.length);
        }
        for (int i = 0; i < n; i++) {
            norm.apply(features, i * clip, frames);
        }
        float[] logits = runner.logits(features, n);
        int classes = checkpoint.spec().numClasses();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = probabilities(Arrays.copyOfRange(logits, i * classes, (i + 1) * classes));
        }
        return out;
    }

    private float[] probabilities(float[] z) {
        float[] p = new float[z.length];
        if (checkpoint.spec().multiLabel()) {
            for (int i = 0; i < z.length; i++) {
                p[i] = (float) (1 / (1 + Math.exp(-z[i])));
            }
            return p;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) (Math.exp(z[i] - max) / sum);
        }
        return p;
    }

    /** One input as (nMels, frames) row-major, un-normalised. */
    private float[] features(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        float[][] mel;
        if (name.endsWith(".npy")) {
            mel = fromNpy(p);
        } else {
            float[] mono = AudioLoader.loadMono(p, frontEnd.sampleRate());
            int needed = FeatureCache.samplesFor(frontEnd, frames);
            mel = frontEnd.compute(mono.length < needed ? Arrays.copyOf(mono, needed) : mono);
        }
        float[] silence = null;
        float[] out = new float[nMels * frames];
        for (int m = 0; m < nMels; m++) {
            int have = Math.min(frames, mel[m].length);
            System.arraycopy(mel[m], 0, out, m * frames, have);
            if (have < frames) {
                if (silence == null) {
                    silence = silenceColumn();
                }
                Arrays.fill(out, m * frames + have, (m + 1) * frames, silence[m]);
            }
        }
        return out;
    }

    private float[][] fromNpy(Path p) {
        NpyArray a = NpyArray.read(p);
        int[] s = a.shape();
        boolean melFirst = s.length == 2;
        boolean panns = s.length == 4 && s[0] == 1 && s[1] == 1;
        int mels = melFirst ? s[0] : panns ? s[3] : -1;
        if (mels != nMels) {
            throw new AudioPruneException(p + ": features of shape " + Arrays.toString(s) + ", expected (" + nMels
                    + ", frames) or (1, 1, frames, " + nMels + ") for this " + checkpoint.spec().name() + " network");
        }
        int t = melFirst ? s[1] : s[2];
        float[][] mel = new float[nMels][t];
        double[] d = a.data();
        for (int m = 0; m < nMels; m++) {
            for (int k = 0; k < t; k++) {
                mel[m][k] = (float) (melFirst ? d[m * t + k] : d[k * nMels + m]);
            }
        }
        return mel;
    }

    /** The front end's log-mel of digital silence, one value per band (what padded frames hold in training). */
    private float[] silenceColumn() {
        float[][] mel = frontEnd.compute(new float[FeatureCache.samplesFor(frontEnd, frames)]);
        float[] col = new float[nMels];
        for (int m = 0; m < nMels; m++) {
            col[m] = mel[m][0];
        }
        return col;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        runner.close();
    }
}
