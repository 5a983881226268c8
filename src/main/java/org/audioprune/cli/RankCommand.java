package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.LayerRanker;
import org.audioprune.pipeline.Splits;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.FilterRanking;
import org.audioprune.report.RankingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rank", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rank the filters of a conv layer by an importance criterion. The order lists every filter, the "
                + "first to prune first; equal scores keep the lower index first. The criteria are defined in "
                + "docs/criteria.md."})
public final class RankCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--criterion", required = true, paramLabel = "NAME",
            description = "The criterion: ${bundle:registry-criteria}. Active criteria run the network on the first 64 "
                    + "training clips of --dataset, so they need --checkpoint and --dataset.")
    String criterion;

    @Option(names = "--weights", paramLabel = "W.npy",
            description = "Rank one layer given as a float32 or float64 .npy array shaped (N, C, kH, kW), PyTorch's "
                    + "layout (passive criteria only).")
    Path weights;

    @Option(names = "--checkpoint", paramLabel = "CKPT",
            description = "Rank layers of this checkpoint: the one named by --layer, or all with --all-layers.")
    Path checkpoint;

    @Option(names = "--layer", paramLabel = "NAME", description = "The conv layer of --checkpoint to rank, e.g. C1.")
    String layer;

    @Option(names = "--all-layers", description = "Rank every conv layer of --checkpoint, in network order.")
    boolean allLayers;

    @Option(names = "--reverse",
            description = "Ablation: prune the other end first (equal scores still keep the lower index first).")
    boolean reverse;

    @Option(names = "--json",
            description = "Print {\"criterion\", \"order\", \"scores\"} as JSON on one line instead of a table; with "
                    + "--all-layers, one such object per layer name.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per PyTorch operator for active criteria (default: one per core).")
    Integer threads;

    @Mixin
    DatasetOptionsMixin dataset;

    @Override
    public Integer call() {
        CriterionChoice choice = Criterion.byLabel(criterion).builder().optSeed(dataset.options().seed())
                .optReversed(reverse).build();
        checkSources(choice);
        Map<String, FilterRanking> rankings;
        if (weights != null) {
            rankings = new LinkedHashMap<>();
            rankings.put(weights.getFileName().toString(), choice.rank(LayerRanker.readWeights(weights)));
        } else {
            EngineThreads.configure(threads);
            Checkpoint ckpt = Checkpoint.load(checkpoint);
            List<String> layers = LayerRanker.convLayers(ckpt, checkpoint, allLayers ? null : layer);
            Splits data = dataset.given() ? Splits.load(dataset.open(), dataset.options().cacheRoot(), ckpt) : null;
            rankings = LayerRanker.rank(ckpt, layers, choice, data == null ? null : data.train());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(RankingReport.json(choice, rankings, allLayers));
        } else {
            out.print(RankingReport.table(choice, rankings));
        }
        out.flush();
        return 0;
    }

    /** The option combinations, checked before any file is read. */
    private void checkSources(CriterionChoice choice) {
        if ((weights != null) == (checkpoint != null)) {
            throw new AudioPruneException("give exactly one of --weights or --checkpoint");
        }
        if (weights != null && (layer != null || allLayers)) {
            throw new AudioPruneException("--layer and --all-layers go with --checkpoint, not --weights");
        }
        if (checkpoint != null && (layer != null) == allLayers) {
            throw new AudioPruneException("--checkpoint needs exactly one of --layer NAME or --all-layers");
        }
        if (choice.criterion().needsFeatureMaps() && (weights != null || !dataset.given())) {
            throw new AudioPruneException("criterion " + choice.criterion().label() + " scores feature maps: "
                    + "give --checkpoint and --dataset KIND:PATH");
        }
    }
}
