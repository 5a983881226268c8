package org.audioprune.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.AudioPruneException;

/**
 * A {@link FeatureSet} read from a feature-cache entry: the float32 file is memory-mapped in chunks
 * of whole clips (one mapping is limited to 2 GiB), so nothing is loaded until it is read.
 */
final class MappedFeatureSet implements FeatureSet {
    private final FeatureCache.Index index;
    private final List<FloatBuffer> chunks;
    private final int clipsPerChunk;
    private final int clipFloats;

    private MappedFeatureSet(FeatureCache.Index index, List<FloatBuffer> chunks, int clipsPerChunk) {
        this.index = index;
        this.chunks = chunks;
        this.clipsPerChunk = clipsPerChunk;
        this.clipFloats = index.nMels() * index.frames();
    }

    static MappedFeatureSet open(Path data, FeatureCache.Index index) {
        long clipBytes = (long) index.nMels() * index.frames() * Float.BYTES;
        int clipsPerChunk = (int) Math.max(1, Integer.MAX_VALUE / clipBytes);
        int n = index.clips().size();
        List<FloatBuffer> chunks = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            for (int first = 0; first < n; first += clipsPerChunk) {
                int count = Math.min(clipsPerChunk, n - first);
                chunks.add(ch.map(FileChannel.MapMode.READ_ONLY, first * clipBytes, count * clipBytes)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
            }
        } catch (IOException e) {
            throw new AudioPruneException(data + ": cannot map feature cache: " + e.getMessage(), e);
        }
        return new MappedFeatureSet(index, chunks, clipsPerChunk);
    }

    @Override
    public int size() {
        return index.clips().size();
    }

    @Override
    public int nMels() {
        return index.nMels();
    }

    @Override
    public int frames() {
        return index.frames();
    }

    @Override
    public void copyFeatures(int i, float[] dst, int offset) {
        // absolute bulk get: no shared position, so concurrent readers are safe
        chunks.get(i / clipsPerChunk).get((i % clipsPerChunk) * clipFloats, dst, offset, clipFloats);
    }

    @Override
    public List<Integer> labels(int i) {
        return index.clips().get(i).labels();
    }

    @Override
    public String device(int i) {
        return index.clips().get(i).device();
    }

    @Override
    public String clipId(int i) {
        return index.clips().get(i).id();
    }

    @Override
    public List<String> classNames() {
        return index.classNames();
    }

    @Override
    public boolean multiLabel() {
        return index.multiLabel();
    }

    /** The cache key: it hashes the clip list (paths, sizes, modification times), labels, front end and frames. */
    @Override
    public String identity() {
        return "cache:" + index.key();
    }
}
