package org.audioprune.pipeline;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.data.FeatureSet;
import org.audioprune.io.NpyArray;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.ChannelGroup;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.prune.ConvWeights;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.FeatureMaps;
import org.audioprune.prune.FilterRanking;
import org.audioprune.prune.LayerEvidence;
import org.audioprune.prune.PruningPlan;
import org.audioprune.train.BandNormalisation;

/**
 * Ranks the filters of conv layers by any criterion of the registry: it gathers the evidence each
 * criterion reads (the weights; for active criteria also the layer's post-activation feature maps
 * over a data sample, from one pass of the network) and hands it over.
 */
public final class LayerRanker {
    /** Clips of the sample that active criteria look at. */
    public static final int ACTIVE_SAMPLE_CLIPS = 64;
    private static final int ACTIVE_BATCH = 16;

    private LayerRanker() {
    }

    /**
     * Rankings of the channel groups {@code layers} (in a plain chain: conv layers) of an unpruned
     * checkpoint, in the order given. A group of several members is scored by the criterion's
     * {@link org.audioprune.prune.GroupImportance}; an active criterion scores the group's channels
     * by the feature maps of its one producer (after its batch norm and activation).
     *
     * @param sample clips for active criteria (the first {@link #ACTIVE_SAMPLE_CLIPS} are used); may be
     *               {@code null} for passive ones
     */
    public static Map<String, FilterRanking> rank(Checkpoint checkpoint, List<String> layers, CriterionChoice criterion,
                                                  FeatureSet sample) {
        List<ChannelGroup> groups = layers.stream().map(checkpoint.spec()::group).toList(); // fail before any work
        Map<String, FeatureMaps> maps = Map.of();
        boolean active = criterion.criterion().needsFeatureMaps();
        if (active) {
            if (sample == null || sample.size() == 0) {
                throw new AudioPruneException("criterion " + criterion.criterion().label()
                        + " scores feature maps and needs data: give --dataset");
            }
            List<String> captured = capturedLayers(checkpoint);
            for (ChannelGroup g : groups) {
                if (g.producers().size() > 1 || !captured.contains(g.name())) {
                    throw new AudioPruneException("criterion " + criterion.criterion().label() + " scores feature maps,"
                            + " which are not captured inside residual blocks: channel group " + g.name()
                            + " needs a passive criterion");
                }
            }
            maps = featureMaps(checkpoint, layers, sample);
        }
        Map<String, FilterRanking> out = new LinkedHashMap<>();
        try (ProgressBar bar = Progress.bar("rank " + criterion.label(), layers.size())) {
            for (String layer : layers) {
                bar.setExtraMessage(layer);
                out.put(layer, active
                        ? criterion.rank(new LayerEvidence(PruningPlan.convWeights(checkpoint, layer), maps.get(layer)))
                        : criterion.rankGroup(PruningPlan.groupWeights(checkpoint, layer)));
                bar.step();
            }
        }
        return out;
    }

    /** The filter layers whose outputs the network captures for active criteria: those not inside another layer. */
    private static List<String> capturedLayers(Checkpoint checkpoint) {
        return checkpoint.spec().layers().stream().flatMap(l -> l.asFilterLayer().stream()).map(f -> f.name()).toList();
    }

    /**
     * The conv layers of {@code checkpoint} to rank: {@code layer}, or all of them for {@code null}.
     *
     * @param source names the checkpoint in the error for an unknown layer
     */
    public static List<String> convLayers(Checkpoint checkpoint, Path source, String layer) {
        List<String> all = checkpoint.spec().groupNames();
        if (layer == null) {
            return all;
        }
        if (!all.contains(layer)) {
            throw new AudioPruneException(source + ": no conv layer '" + layer + "' (layers: " + String.join(", ", all)
                    + ")");
        }
        return List.of(layer);
    }

    /** One layer's weights from a float32/float64 .npy shaped (N, C, kH, kW); errors name the file. */
    public static ConvWeights readWeights(Path npy) {
        NpyArray array = NpyArray.read(npy);
        int[] shape = array.shape();
        double[] data = array.data();
        if (shape.length != 4) {
            throw new AudioPruneException(npy + ": expected a 4-D array (N, C, kH, kW), got shape "
                    + Arrays.toString(shape));
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new AudioPruneException(npy + ": weights contain " + data[i] + " at flat index " + i);
            }
        }
        if (data.length == 0) {
            throw new AudioPruneException(npy + ": empty weight array of shape " + Arrays.toString(shape));
        }
        return new ConvWeights(shape[0], shape[1], shape[2], shape[3], data);
    }

    /** Post-activation feature maps of the chosen conv layers over the first clips of {@code sample}. */
    private static Map<String, FeatureMaps> featureMaps(Checkpoint checkpoint, List<String> layers, FeatureSet sample) {
        List<String> convs = capturedLayers(checkpoint);
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
