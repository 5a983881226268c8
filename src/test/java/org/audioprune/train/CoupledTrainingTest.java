package org.audioprune.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.layer.ChannelGroup;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPresets;
import org.audioprune.prune.Surgery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coupled networks train (their residual and depthwise blocks' parameters are the checkpoint's
 * and are updated), prune by a group preset, and fine-tune from the pruned weights.
 */
class CoupledTrainingTest {

    @ParameterizedTest
    @ValueSource(strings = {"mobilenetv2", "resnet22"})
    void trainPruneFinetune(String model) {
        ArchitectureSpec full = Architectures.create(model, 3, 64, 32);
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (ChannelGroup g : full.channelGroups()) {
            g.producers().forEach(p -> widths.put(p, Math.max(2, g.width() / 8)));
        }
        ArchitectureSpec spec = full.withConvWidths(widths);
        InMemoryFeatureSet train = InMemoryFeatureSet.tagged(8, 3, 64, 32, 1);
        TrainingConfig config = new TrainingConfig(1, 4, 1e-3f, 1, false, false, false);
        Trainer.Result trained = Trainer.train(spec, train, null, config);
        assertTrue(Double.isFinite(trained.history().get(0).trainLoss()));
        Checkpoint base = trained.checkpoint();
        // a member inside a residual block (the downsample conv, or an inverted residual's expansion) is trained
        String inner = model.equals("resnet22") ? "L2_0_ds.weight" : "F3ex.weight";
        Checkpoint initial = Trainer.train(spec, train, null, config).checkpoint();
        assertEquals(initial.weight(inner), base.weight(inner), "same seed, same weights");
        Map<String, int[]> kept = PruningPresets.plan("free@25+residual@25", spec)
                .keptFilters(base, Criterion.byLabel("l2").builder().build());
        Checkpoint pruned = Surgery.apply(base, kept);
        Checkpoint tuned = Trainer.train(pruned, train, null, config).checkpoint();
        assertEquals(pruned.spec(), tuned.spec());
        assertNotEquals(pruned.weight(inner), tuned.weight(inner), "fine-tuning updates " + inner);
    }
}
