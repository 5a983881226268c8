package org.audioprune.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.audioprune.AudioPruneException;
import org.audioprune.data.FeatureSet;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.prune.ActivationImportance;
import org.audioprune.prune.Criteria;
import org.audioprune.prune.FeatureMapSpectrum;
import org.audioprune.prune.FeatureMaps;
import org.audioprune.prune.FilterImportance;
import org.audioprune.prune.FilterRanking;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.Rankings;
import org.audioprune.train.BandNormalisation;

/**
 * Ranks the filters of chosen layers of an unpruned checkpoint by a named criterion: a passive one
 * from {@link Criteria} (weights only) or an active one ({@code hrank}, {@code energy}), which runs
 * the network on a data sample and scores each channel's feature maps.
 */
public final class LayerRanker {
    /** Clips of the sample that active criteria look at. */
    public static final int ACTIVE_SAMPLE_CLIPS = 64;
    private static final int ACTIVE_BATCH = 16;

    /** The active criteria by name, in help order; they score feature maps, so they need data. */
    private static final Map<String, Supplier<ActivationImportance>> ACTIVE = new LinkedHashMap<>();

    static {
        ACTIVE.put("hrank", FeatureMapSpectrum::hrank);
        ACTIVE.put("energy", FeatureMapSpectrum::energy);
    }

    private LayerRanker() {
    }

    /** Every criterion name: passive ones, then the active ones. */
    public static List<String> names() {
        List<String> all = new ArrayList<>(Criteria.names());
        all.addAll(ACTIVE.keySet());
        return all;
    }

    /**
     * Rankings of {@code layers} (each scored on the unpruned weights).
     *
     * @param sample clips for active criteria (the first {@link #ACTIVE_SAMPLE_CLIPS} are used); may be
     *               {@code null} for passive ones
     */
    public static Map<String, FilterRanking> rank(Checkpoint checkpoint, Collection<String> layers, String criterion,
                                                  long seed, boolean reverse, FeatureSet sample) {
        Map<String, FilterRanking> out = new LinkedHashMap<>();
        Supplier<ActivationImportance> active = ACTIVE.get(criterion);
        if (active == null) {
            FilterImportance importance = Criteria.byName(criterion, seed);
            FilterImportance used = reverse ? Criteria.reversed(importance) : importance;
            for (String layer : layers) {
                out.put(layer, used.rank(PruningPlan.convWeights(checkpoint, layer)));
            }
            return out;
        }
        if (sample == null || sample.size() == 0) {
            throw new AudioPruneException("criterion " + criterion + " scores feature maps and needs data: give --dataset");
        }
        ActivationImportance importance = active.get();
        Map<String, FeatureMaps> maps = featureMaps(checkpoint, layers, sample);
        for (String layer : layers) {
            FilterRanking r = importance.rank(maps.get(layer));
            // active criteria prune the lowest score first; the ablation prunes the highest first
            out.put(layer, reverse ? new FilterRanking(Rankings.byScore(r.scores(), true), r.scores()) : r);
        }
        return out;
    }

    /** Post-activation feature maps of the chosen conv layers over the first clips of {@code sample}. */
    private static Map<String, FeatureMaps> featureMaps(Checkpoint checkpoint, Collection<String> layers,
                                                        FeatureSet sample) {
        List<String> convs = checkpoint.spec().convLayerNames();
        int clips = Math.min(ACTIVE_SAMPLE_CLIPS, sample.size());
        int perClip = sample.nMels() * sample.frames();
        BandNormalisation norm = new BandNormalisation(checkpoint.bandMean(), checkpoint.bandStd());
        Map<String, float[]> collected = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NetworkRunner runner = new NetworkRunner(checkpoint.spec(), checkpoint.weights())) {
            for (int start = 0; start < clips; start += ACTIVE_BATCH) {
                int batch = Math.min(ACTIVE_BATCH, clips - start);
                float[] x = new float[batch * perClip];
                for (int b = 0; b < batch; b++) {
                    sample.copyFeatures(start + b, x, b * perClip);
                    norm.apply(x, b * perClip, sample.frames());
                }
                List<Tensor> maps = runner.featureMaps(x, batch);
                for (String layer : layers) {
                    Tensor t = maps.get(convs.indexOf(layer));
                    long[] s = t.shape();
                    float[] all = collected.computeIfAbsent(layer,
                            k -> new float[Math.toIntExact(clips * s[1] * s[2] * s[3])]);
                    shapes.putIfAbsent(layer, s);
                    System.arraycopy(t.data(), 0, all, Math.toIntExact(start * s[1] * s[2] * s[3]), t.data().length);
                }
            }
        }
        Map<String, FeatureMaps> out = new LinkedHashMap<>();
        for (String layer : layers) {
            long[] s = shapes.get(layer);
            out.put(layer, FeatureMaps.ofFloat32(clips, (int) s[1], (int) s[2], (int) s[3], collected.get(layer)));
        }
        return out;
    }
}
