package org.audioprune.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.audioprune.data.FeatureSet;

/** A FeatureSet held in arrays, for tests that need no audio. */
final class InMemoryFeatureSet implements FeatureSet {
    private final int nMels;
    private final int frames;
    private final List<float[]> clips;
    private final List<List<Integer>> labels;
    private final List<String> devices;
    private final List<String> classNames;
    private final boolean multiLabel;

    InMemoryFeatureSet(int nMels, int frames, List<float[]> clips, List<List<Integer>> labels, List<String> devices,
            List<String> classNames, boolean multiLabel) {
        this.nMels = nMels;
        this.frames = frames;
        this.clips = clips;
        this.labels = labels;
        this.devices = devices;
        this.classNames = classNames;
        this.multiLabel = multiLabel;
    }

    /**
     * {@code n} single-label clips over {@code classes} classes: Gaussian noise plus {@code signal} added to
     * the band block belonging to the clip's class (band c·nMels/classes …), plus a constant {@code offset}.
     */
    static InMemoryFeatureSet separable(int n, int classes, int nMels, int frames, float signal, float offset,
            long seed) {
        Random r = new Random(seed);
        List<float[]> clips = new ArrayList<>();
        List<List<Integer>> labels = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        int bandsPerClass = nMels / classes;
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            float[] x = new float[nMels * frames];
            for (int k = 0; k < x.length; k++) {
                int band = k / frames;
                x[k] = offset + (float) r.nextGaussian() + (band / bandsPerClass == c ? signal : 0);
            }
            clips.add(x);
            labels.add(List.of(c));
            devices.add(i % 2 == 0 ? "a" : "b");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return new InMemoryFeatureSet(nMels, frames, clips, labels, devices, names, false);
    }

    /** {@code n} multi-label clips: clip i carries class i mod classes, and class 0 too when i is odd. */
    static InMemoryFeatureSet tagged(int n, int classes, int nMels, int frames, long seed) {
        Random r = new Random(seed);
        List<float[]> clips = new ArrayList<>();
        List<List<Integer>> labels = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[nMels * frames];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) r.nextGaussian();
            }
            clips.add(x);
            labels.add(i % 2 == 1 && i % classes != 0 ? List.of(0, i % classes) : List.of(i % classes));
            devices.add(null);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("tag" + c);
        }
        return new InMemoryFeatureSet(nMels, frames, clips, labels, devices, names, true);
    }

    @Override
    public int size() {
        return clips.size();
    }

    @Override
    public int nMels() {
        return nMels;
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public void copyFeatures(int i, float[] dst, int offset) {
        System.arraycopy(clips.get(i), 0, dst, offset, nMels * frames);
    }

    @Override
    public List<Integer> labels(int i) {
        return labels.get(i);
    }

    @Override
    public String device(int i) {
        return devices.get(i);
    }

    @Override
    public String clipId(int i) {
        return "clip" + i;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public boolean multiLabel() {
        return multiLabel;
    }
}
