package org.audioprune.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import org.audioprune.Progress;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.audio.AudioLoader;
import org.audioprune.audio.FrontEnd;
import org.audioprune.io.AtomicFiles;
import org.audioprune.io.OutputException;
import org.audioprune.io.OutputKind;

/**
 * Computes the log-mel features of a dataset split once and keeps them on disk as one float32
 * little-endian file ({@code features.f32}, clip-major, each clip row-major (nMels, frames)) plus
 * {@code index.json} (ids, labels, devices), memory-mapped on later loads.
 *
 * <p>An entry lives in {@code <cacheRoot>/features/<frontEnd>-<split>-<key>/}; the key hashes the
 * clip list (ids, paths, sizes, modification times, labels, devices), the class names, the front
 * end's {@link FrontEnd#cacheKey()} and the frame count, so any change lands in a new entry. The
 * entry is written into a temporary folder and renamed; the {@code COMPLETE} marker is written
 * last, and an entry without it is recomputed.
 *
 * <p>An entry can also be assembled from shards (consecutive clip ranges, each a float32 file of
 * the same layout) computed elsewhere, e.g. by Spark executors ({@link FeatureShards}): the
 * assembled entry is byte for byte the one a local run writes.
 *
 * <p>Every clip is cropped or padded to {@code frames}: a short clip is padded with digital
 * silence <em>before</em> the front end, so padded frames hold the front end's own log floor
 * (e.g. log(ε) for dcase21, -100 dB for panns); a long clip keeps its first {@code frames} frames.
 */
public final class FeatureCache {
    static final String DATA_FILE = "features.f32";
    static final String INDEX_FILE = "index.json";
    static final String COMPLETE_MARKER = "COMPLETE";
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = Json.MAPPER;

    /** The contents of {@code index.json}. */
    record Index(int format, String key, String frontEnd, String frontEndKey, int nMels, int frames,
            List<String> classNames, boolean multiLabel, List<Entry> clips) {
    }

    /** One clip's metadata in {@code index.json}. */
    record Entry(String id, List<Integer> labels, String device) {
    }

    private final Path root;
    private final int threads;

    /** A cache under {@code <cacheRoot>/features}, computing on all available cores. */
    public FeatureCache(Path cacheRoot) {
        this(cacheRoot, Runtime.getRuntime().availableProcessors());
    }

    /** A cache under {@code <cacheRoot>/features} computing on {@code threads} threads. */
    public FeatureCache(Path cacheRoot, int threads) {
        this.root = cacheRoot.resolve("features");
        this.threads = Math.max(1, threads);
    }

    /** The feature sets of all three splits (see {@link #features(AudioDataset, Split, FrontEnd, int)}). */
    public Map<Split, FeatureSet> allSplits(AudioDataset dataset, FrontEnd frontEnd, int frames) {
        Map<Split, FeatureSet> out = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            out.put(split, features(dataset, split, frontEnd, frames));
        }
        return out;
    }

    /**
     * The features of one split, every clip cropped/padded to {@code frames} frames; computed (in
     * parallel, with a progress bar on stderr) only if no complete cache entry exists.
     *
     * @throws AudioPruneException naming the audio file that cannot be decoded
     */
    public FeatureSet features(AudioDataset dataset, Split split, FrontEnd frontEnd, int frames) {
        if (frames <= 0) {
            throw new AudioPruneException("frame count must be positive, got " + frames);
        }
        if (dataset instanceof PrecomputedFeatures p) {
            return p.features(split, frontEnd, frames); // already features: nothing to compute or cache
        }
        List<Clip> clips = dataset.clips(split);
        String key = key(dataset, split, clips, frontEnd, frames);
        Path entry = entry(frontEnd, split, key);
        Index index = readIndex(entry, key);
        if (index == null) {
            try {
                AtomicFiles.writeFolder(entry, OutputKind.CACHE_ENTRY, tmp -> compute(tmp, dataset, split, clips, frontEnd, frames, key));
            } catch (OutputException e) {
                throw cacheWriteError(e);
            }
            index = readIndex(entry, key);
            if (index == null) {
                throw new AudioPruneException(entry + ": feature cache entry unreadable right after writing it");
            }
        }
        return MappedFeatureSet.open(entry.resolve(DATA_FILE), index);
    }

    /** A failed cache write as a user error: the usual cause is an unwritable or full cache root. */
    static AudioPruneException cacheWriteError(OutputException e) {
        return new AudioPruneException(e.getMessage() + " (set AUDIOPRUNE_CACHE to a writable folder with free space)", e);
    }

    /** Where the features of this split would be cached. */
    public Path location(AudioDataset dataset, Split split, FrontEnd frontEnd, int frames) {
        return entry(frontEnd, split, key(dataset, split, dataset.clips(split), frontEnd, frames));
    }

    Path entry(FrontEnd frontEnd, Split split, String key) {
        return root.resolve(frontEnd.name() + "-" + split.name().toLowerCase(Locale.ROOT) + "-" + key);
    }

    /** The index of a complete entry whose key matches, else {@code null}. */
    static Index readIndex(Path entry, String key) {
        if (!Files.isRegularFile(entry.resolve(COMPLETE_MARKER))) {
            return null;
        }
        try {
            Index index = JSON.readValue(entry.resolve(INDEX_FILE).toFile(), Index.class);
            long expected = (long) index.clips().size() * index.nMels() * index.frames() * Float.BYTES;
            if (index.format() != FORMAT_VERSION || !index.key().equals(key)
                    || Files.size(entry.resolve(DATA_FILE)) != expected) {
                return null;
            }
            return index;
        } catch (IOException e) {
            return null; // a damaged entry is recomputed, never trusted
        }
    }

    static String key(AudioDataset dataset, Split split, List<Clip> clips, FrontEnd frontEnd, int frames) {
        MessageDigest sha = Digests.sha256();
        StringBuilder header = new StringBuilder()
                .append("format=").append(FORMAT_VERSION)
                .append("\nsplit=").append(split)
                .append("\nclasses=").append(dataset.classNames())
                .append("\nmultiLabel=").append(dataset.multiLabel())
                .append("\nfrontEnd=").append(frontEnd.name()).append(' ').append(frontEnd.cacheKey())
                .append("\nframes=").append(frames).append('\n');
        sha.update(header.toString().getBytes(StandardCharsets.UTF_8));
        for (Clip c : clips) {
            sha.update(clipLine(c).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    }

    /** A digest of what the key knows of {@code clips}: lets a shard's executor check it sees the driver's files. */
    static String clipsDigest(List<Clip> clips) {
        MessageDigest sha = Digests.sha256();
        for (Clip c : clips) {
            sha.update(clipLine(c).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    }

    /** One clip as the key sees it: id, absolute path, size, modification time, labels, device. */
    private static String clipLine(Clip c) {
        Path audio = c.audio().toAbsolutePath().normalize();
        long size;
        long mtime;
        try {
            size = Files.size(audio);
            mtime = Files.getLastModifiedTime(audio).toMillis();
        } catch (IOException e) {
            throw new AudioPruneException(audio + ": cannot read audio file: " + e.getMessage(), e);
        }
        return c.id() + '\t' + audio + '\t' + size + '\t' + mtime + '\t' + c.labels() + '\t' + c.device() + '\n';
    }

    private void compute(Path dir, AudioDataset dataset, Split split, List<Clip> clips, FrontEnd frontEnd,
            int frames, String key) throws IOException {
        try (ProgressBar bar = Progress.bar("features " + split.name().toLowerCase(Locale.ROOT), clips.size())) {
            writeClips(dir.resolve(DATA_FILE), dataset, clips, frontEnd, frames, threads, bar::step);
        }
        writeIndex(dir, dataset, clips, frontEnd, frames, key);
    }

    /**
     * Writes the features of {@code clips} (a consecutive range of a split) as one shard file in the
     * layout of {@code features.f32}, computing on {@code threads} threads, without a progress bar.
     */
    static void writeShard(Path file, AudioDataset dataset, List<Clip> clips, FrontEnd frontEnd, int frames,
            int threads) throws IOException {
        writeClips(file, dataset, clips, frontEnd, frames, threads, () -> { });
    }

    /**
     * Assembles the entry of one split from shard files that hold its clips in order (see
     * {@link #writeShard}), unless a complete entry exists, and returns the entry's features.
     *
     * @throws IllegalStateException if the shards do not hold exactly the split's clips
     */
    FeatureSet assemble(AudioDataset dataset, Split split, FrontEnd frontEnd, int frames, List<Path> shards) {
        List<Clip> clips = dataset.clips(split);
        String key = key(dataset, split, clips, frontEnd, frames);
        Path entry = entry(frontEnd, split, key);
        long expected = (long) clips.size() * frontEnd.nMels() * frames * Float.BYTES;
        if (readIndex(entry, key) == null) {
            try {
                AtomicFiles.writeFolder(entry, OutputKind.CACHE_ENTRY, tmp -> {
                    try (FileChannel out = FileChannel.open(tmp.resolve(DATA_FILE), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        for (Path shard : shards) {
                            try (FileChannel in = FileChannel.open(shard, StandardOpenOption.READ)) {
                                long size = in.size();
                                for (long done = 0; done < size; ) { // transferTo: copy_file_range where the system has it
                                    long n = in.transferTo(done, size - done, out);
                                    if (n <= 0) {
                                        throw new IOException(shard + ": shard ended early, at byte " + done + " of " + size);
                                    }
                                    done += n;
                                }
                            }
                        }
                        if (out.size() != expected) {
                            throw new IllegalStateException("shards of " + entry + " hold " + out.size() + " bytes, the "
                                    + clips.size() + " clips of the split need " + expected);
                        }
                    }
                    writeIndex(tmp, dataset, clips, frontEnd, frames, key);
                });
            } catch (OutputException e) {
                throw cacheWriteError(e);
            }
        }
        Index index = readIndex(entry, key);
        if (index == null) {
            throw new AudioPruneException(entry + ": feature cache entry unreadable right after writing it");
        }
        return MappedFeatureSet.open(entry.resolve(DATA_FILE), index);
    }

    private static void writeClips(Path file, AudioDataset dataset, List<Clip> clips, FrontEnd frontEnd, int frames,
            int threads, Runnable onClip) throws IOException {
        int nMels = frontEnd.nMels();
        long clipBytes = (long) nMels * frames * Float.BYTES;
        int minSamples = samplesFor(frontEnd, frames);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int i = 0; i < clips.size(); i++) {
                    final int index = i;
                    jobs.add(pool.submit(() -> {
                        float[][] mel = featuresOf(dataset, clips.get(index), frontEnd, minSamples);
                        ByteBuffer buf = ByteBuffer.allocate((int) clipBytes).order(ByteOrder.LITTLE_ENDIAN);
                        FloatBuffer floats = buf.asFloatBuffer();
                        for (int m = 0; m < nMels; m++) {
                            floats.put(mel[m], 0, frames);
                        }
                        writeFully(out, buf, index * clipBytes);
                        onClip.run();
                        return null;
                    }));
                }
                for (Future<?> job : jobs) {
                    job.get();
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw u.getCause(); // a failed cache write: reported with the entry's path
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while computing features", e);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Writes {@code index.json}, then the {@code COMPLETE} marker. */
    private static void writeIndex(Path dir, AudioDataset dataset, List<Clip> clips, FrontEnd frontEnd, int frames,
            String key) throws IOException {
        int nMels = frontEnd.nMels();
        List<Entry> entries = clips.stream().map(c -> new Entry(c.id(), c.labels(), c.device())).toList();
        Index index = new Index(FORMAT_VERSION, key, frontEnd.name(), frontEnd.cacheKey(), nMels, frames,
                dataset.classNames(), dataset.multiLabel(), entries);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(INDEX_FILE).toFile(), index);
        Files.writeString(dir.resolve(COMPLETE_MARKER), key + "\n"); // written last: marks the entry complete
    }

    /** One clip's features, cropped or padded to the frame count implied by {@code minSamples}. */
    private static float[][] featuresOf(AudioDataset dataset, Clip clip, FrontEnd frontEnd, int minSamples) {
        float[] mono = dataset.loadMono(clip, frontEnd.sampleRate());
        if (mono.length < minSamples) {
            mono = Arrays.copyOf(mono, minSamples); // silence: padded frames hold the log floor
        }
        float[][] mel = frontEnd.compute(mono);
        AudioLoader.requireFinite(mel, clip.audio());
        if (mel.length != frontEnd.nMels()) {
            throw new IllegalStateException("front end " + frontEnd.name() + " returned " + mel.length
                    + " bands for " + clip.audio() + ", expected " + frontEnd.nMels());
        }
        if (mel.length > 0 && mel[0].length < frontEnd.frames(minSamples)) {
            throw new IllegalStateException("front end " + frontEnd.name() + " returned " + mel[0].length
                    + " frames for " + mono.length + " samples, frames() promised " + frontEnd.frames(mono.length));
        }
        return mel;
    }

    /** The fewest samples for which the front end yields at least {@code frames} frames. */
    public static int samplesFor(FrontEnd frontEnd, int frames) {
        int lo = 0;
        int hi = 1;
        while (frontEnd.frames(hi) < frames) {
            hi *= 2;
        }
        while (lo < hi) { // binary search: frames(n) is non-decreasing in n
            int mid = lo + (hi - lo) / 2;
            if (frontEnd.frames(mid) >= frames) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static void writeFully(FileChannel out, ByteBuffer buf, long position) {
        try {
            long pos = position;
            while (buf.hasRemaining()) {
                pos += out.write(buf, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
