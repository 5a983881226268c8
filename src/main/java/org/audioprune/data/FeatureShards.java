package org.audioprune.data;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.io.AtomicFiles;
import org.audioprune.work.UnitJob;
import org.audioprune.work.UnitRunner;
import org.audioprune.work.UnitStore;
import org.audioprune.work.WorkEngine;
import org.audioprune.work.WorkUnit;

/**
 * The feature cache of a whole dataset computed as shards on a {@link WorkEngine}: every split is
 * cut into consecutive clip ranges, each range is a unit of work that writes one float32 shard
 * (recorded atomically in a {@link UnitStore} under {@code <cacheRoot>/feature-shards/}), and the
 * driver assembles each split's shards into the ordinary cache entry ({@link FeatureCache}), byte
 * for byte the entry a local run writes. A run killed part-way keeps its finished shards.
 */
public final class FeatureShards {
    /**
     * Clips per shard when none is given: a few seconds of work per task (a clip costs tens of
     * milliseconds), many tasks for a large dataset, ...
     */
    static final int DEFAULT_SHARD_CLIPS = 128;
    /** ... but no shard above this size (long clips). */
    static final long MAX_DEFAULT_SHARD_BYTES = 64L << 20;
    static final String SHARD_FILE = "features.f32";

    /**
     * One shard: clips {@code first .. first + count - 1} of a split, as the executor must find them.
     *
     * @param clipsDigest what the cache key knows of these clips (paths, sizes, times, labels): an
     *                    executor that sees other files refuses instead of writing wrong features
     */
    public record Shard(DatasetRef dataset, Split split, String frontEnd, String frontEndKey, int frames, int first,
            int count, String clipsDigest) implements WorkUnit {
        @Override
        public String id() {
            return split.name().toLowerCase(Locale.ROOT) + "-" + String.format(Locale.ROOT, "%09d", first);
        }
    }

    /** A finished shard: how many clips and bytes it holds. */
    public record ShardResult(int clips, long bytes) implements Serializable {
    }

    /** One split's cache entry after the run; {@code computed} if this run made it. */
    public record SplitEntry(Split split, Path entry, int clips, boolean computed) {
    }

    /** What a run did: every split's entry, and the shard job (null when every entry existed already). */
    public record Report(List<SplitEntry> splits, UnitJob.Outcome<ShardResult> shards) {
    }

    private FeatureShards() {
    }

    /**
     * Makes sure the cache holds the features of every split of {@code ref}, computing missing
     * entries as shards on {@code engine}.
     *
     * @param shardClips clips per shard, or 0 for {@value #DEFAULT_SHARD_CLIPS} (fewer if they exceed
     *                   {@value #MAX_DEFAULT_SHARD_BYTES} bytes)
     * @throws AudioPruneException for bad data, or a dataset of precomputed features (nothing to compute)
     */
    public static Report compute(DatasetRef ref, FrontEnd frontEnd, int frames, int shardClips, WorkEngine engine) {
        if (frames <= 0) {
            throw new AudioPruneException("frame count must be positive, got " + frames);
        }
        if (shardClips < 0) {
            throw new AudioPruneException("--shard-clips must be positive, got " + shardClips);
        }
        if (!FrontEnds.byName(frontEnd.name()).cacheKey().equals(frontEnd.cacheKey())) {
            throw new IllegalArgumentException("front end " + frontEnd.name() + " is not the registered one: executors could not rebuild it");
        }
        AudioDataset dataset = ref.open();
        if (dataset instanceof PrecomputedFeatures) {
            throw new AudioPruneException("--dataset " + ref.spec() + " holds precomputed features: there is nothing to compute");
        }
        FeatureCache cache = new FeatureCache(ref.datasetOptions().cacheRoot());
        long clipBytes = (long) frontEnd.nMels() * frames * Float.BYTES;
        int perShard = shardClips > 0 ? shardClips : (int) Math.max(1, Math.min(DEFAULT_SHARD_CLIPS, MAX_DEFAULT_SHARD_BYTES / clipBytes));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("dataset", ref.spec());
        settings.put("frontEnd", frontEnd.name() + " " + frontEnd.cacheKey());
        settings.put("frames", Integer.toString(frames));
        settings.put("shardClips", Integer.toString(perShard));
        Map<Split, List<Shard>> planned = new EnumMap<>(Split.class);
        List<SplitEntry> entries = new ArrayList<>();
        for (Split split : Split.values()) {
            List<Clip> clips = dataset.clips(split);
            String key = FeatureCache.key(dataset, split, clips, frontEnd, frames);
            Path entry = cache.entry(frontEnd, split, key);
            boolean missing = FeatureCache.readIndex(entry, key) == null;
            entries.add(new SplitEntry(split, entry, clips.size(), missing));
            settings.put(split.name().toLowerCase(Locale.ROOT), key);
            if (missing) {
                List<Shard> shards = new ArrayList<>();
                for (int first = 0; first < clips.size(); first += perShard) {
                    int count = Math.min(perShard, clips.size() - first);
                    shards.add(new Shard(ref, split, frontEnd.name(), frontEnd.cacheKey(), frames, first, count,
                            FeatureCache.clipsDigest(clips.subList(first, first + count))));
                }
                planned.put(split, shards);
            }
        }
        if (planned.isEmpty()) {
            return new Report(entries, null);
        }
        String digest = HexFormat.of().formatHex(Digests.sha256().digest(settings.toString().getBytes(StandardCharsets.UTF_8)));
        Path root = ref.datasetOptions().cacheRoot().resolve("feature-shards").resolve(frontEnd.name() + "-" + digest.substring(0, 24));
        UnitStore store = UnitStore.open(root, settings);
        List<Shard> all = planned.values().stream().flatMap(List::stream).toList();
        UnitJob.Outcome<ShardResult> outcome = new UnitJob<>("features", store, all, new Runner(), ShardResult.class).run(engine);
        for (Map.Entry<Split, List<Shard>> e : planned.entrySet()) {
            List<Path> files = e.getValue().stream().map(s -> store.folder(s.id()).resolve(SHARD_FILE)).toList();
            cache.assemble(dataset, e.getKey(), frontEnd, frames, files);
        }
        AtomicFiles.deleteRecursively(root); // every entry is assembled: the shards are no longer needed
        return new Report(entries, outcome);
    }

    /** Computes one shard where the engine runs it; opens each dataset once per process. */
    static final class Runner implements UnitRunner<Shard, ShardResult> {
        private static final long serialVersionUID = 1L;
        /** The last datasets this process opened (an executor runs many shards of one dataset). */
        private static final Map<DatasetRef, AudioDataset> OPENED = new LinkedHashMap<>(4, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DatasetRef, AudioDataset> eldest) {
                return size() > 2;
            }
        };

        @Override
        public ShardResult run(Shard shard, Path folder, int threads) throws IOException {
            AudioDataset dataset = opened(shard, false);
            int end = shard.first() + shard.count();
            if (!sameClips(dataset, shard)) {
                dataset = opened(shard, true); // the files may have changed since this process opened them
                if (!sameClips(dataset, shard)) {
                    throw new AudioPruneException("--dataset " + shard.dataset().spec() + ": this process (pid "
                            + ProcessHandle.current().pid() + ") sees other files for "
                            + shard.split().name().toLowerCase(Locale.ROOT) + " clips " + shard.first() + "-" + (end - 1)
                            + " than the driver; every executor must see the dataset under the same paths (a shared file system)");
                }
            }
            FrontEnd frontEnd = FrontEnds.byName(shard.frontEnd());
            if (!frontEnd.cacheKey().equals(shard.frontEndKey())) {
                throw new AudioPruneException("front end " + shard.frontEnd() + " differs between the driver and this process ("
                        + shard.frontEndKey() + " vs " + frontEnd.cacheKey() + "): run the same AudioPrune version everywhere");
            }
            Path file = folder.resolve(SHARD_FILE);
            FeatureCache.writeShard(file, dataset, dataset.clips(shard.split()).subList(shard.first(), end), frontEnd,
                    shard.frames(), threads);
            return new ShardResult(shard.count(), Files.size(file));
        }

        private static AudioDataset opened(Shard shard, boolean reopen) {
            synchronized (OPENED) {
                if (reopen) {
                    OPENED.remove(shard.dataset());
                }
                return OPENED.computeIfAbsent(shard.dataset(), DatasetRef::open);
            }
        }

        private static boolean sameClips(AudioDataset dataset, Shard shard) {
            List<Clip> clips = dataset.clips(shard.split());
            int end = shard.first() + shard.count();
            return end <= clips.size()
                    && FeatureCache.clipsDigest(clips.subList(shard.first(), end)).equals(shard.clipsDigest());
        }
    }
}
