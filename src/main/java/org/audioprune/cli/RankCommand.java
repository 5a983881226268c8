package org.audioprune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.io.NpyArray;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.prune.ConvWeights;
import org.audioprune.prune.Criteria;
import org.audioprune.prune.FilterImportance;
import org.audioprune.prune.FilterRanking;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rank", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Rank the filters of a conv layer by an importance criterion. The order lists",
            "every filter, the first to prune first; ties keep the lower index first.",
            "Paper: wdc, wdc-abs, bc, bc-dist, bc-absdist. Baselines: l1, l2, fpgm, gmean,",
            "pairwise, random. Extras beyond the paper: eigenvector, closeness, pagerank.",
            "See docs/criteria.md."})
public final class RankCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--criterion", required = true, paramLabel = "NAME",
            description = "Criterion: ${COMPLETION-CANDIDATES}.", completionCandidates = CriterionNames.class)
    String criterion;

    @Option(names = "--weights", paramLabel = "W.npy",
            description = "Conv weights as a float32/float64 .npy shaped (N, C, kH, kW) (PyTorch layout).")
    Path weights;

    @Option(names = "--checkpoint", paramLabel = "CKPT",
            description = "A model checkpoint; choose the layer with --layer or rank every conv layer with --all-layers.")
    Path checkpoint;

    @Option(names = "--layer", paramLabel = "NAME", description = "Conv layer of the checkpoint, e.g. C1.")
    String layer;

    @Option(names = "--all-layers", description = "Rank every conv layer of the checkpoint.")
    boolean allLayers;

    @Option(names = "--reverse",
            description = "Ablation: prune the other end first (ties still keep the lower index first).")
    boolean reverse;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random criterion (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json",
            description = "Print {\"criterion\", \"order\", \"scores\"} as JSON (one such object per layer with --all-layers).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FilterImportance named = Criteria.byName(criterion, seed);
        FilterImportance importance = reverse ? Criteria.reversed(named) : named;
        Map<String, ConvWeights> layers = layers();
        Map<String, FilterRanking> rankings = new LinkedHashMap<>();
        if (layers.size() > 1) {
            try (ProgressBar bar = Progress.bar("rank " + criterion, layers.size())) {
                for (Map.Entry<String, ConvWeights> e : layers.entrySet()) {
                    bar.setExtraMessage(e.getKey());
                    rankings.put(e.getKey(), importance.rank(e.getValue()));
                    bar.step();
                }
            }
        } else {
            layers.forEach((name, w) -> rankings.put(name, importance.rank(w)));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            Object doc;
            if (allLayers) {
                ObjectNode all = mapper.createObjectNode();
                rankings.forEach((name, r) -> all.set(name, toJson(mapper, r)));
                doc = all;
            } else {
                doc = toJson(mapper, rankings.values().iterator().next());
            }
            out.println(mapper.writeValueAsString(doc));
        } else {
            rankings.forEach((name, r) -> printTable(out, name, r));
        }
        out.flush();
        return 0;
    }

    private ObjectNode toJson(ObjectMapper mapper, FilterRanking r) {
        ObjectNode node = mapper.createObjectNode();
        node.put("criterion", criterion);
        ArrayNode order = node.putArray("order");
        Arrays.stream(r.pruneOrder()).forEach(order::add);
        ArrayNode scores = node.putArray("scores");
        Arrays.stream(r.scores()).forEach(scores::add);
        return node;
    }

    private void printTable(PrintWriter out, String layerName, FilterRanking r) {
        out.printf("%s, criterion %s%s: %d filters, first to prune first%n", layerName, criterion,
                reverse ? " (reversed)" : "", r.pruneOrder().length);
        out.printf("%6s %7s %22s%n", "rank", "filter", "score");
        for (int i = 0; i < r.pruneOrder().length; i++) {
            int f = r.pruneOrder()[i];
            out.printf("%6d %7d %22.15g%n", i + 1, f, r.scores()[f]);
        }
    }

    /** The layers to rank, by name, in network order. */
    private Map<String, ConvWeights> layers() {
        boolean fromWeights = weights != null;
        boolean fromCheckpoint = checkpoint != null;
        if (fromWeights == fromCheckpoint) {
            throw new AudioPruneException("give exactly one of --weights or --checkpoint");
        }
        Map<String, ConvWeights> out = new LinkedHashMap<>();
        if (fromWeights) {
            if (layer != null || allLayers) {
                throw new AudioPruneException("--layer and --all-layers go with --checkpoint, not --weights");
            }
            NpyArray array = NpyArray.read(weights);
            out.put(weights.getFileName().toString(), convWeights(weights.toString(), array.shape(), array.data()));
            return out;
        }
        if ((layer != null) == allLayers) {
            throw new AudioPruneException("--checkpoint needs exactly one of --layer NAME or --all-layers");
        }
        return checkpointLayers();
    }

    private Map<String, ConvWeights> checkpointLayers() {
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        List<String> names = allLayers ? ckpt.spec().convLayerNames() : List.of(layer);
        Map<String, ConvWeights> out = new LinkedHashMap<>();
        for (String name : names) {
            if (!ckpt.spec().convLayerNames().contains(name)) {
                throw new AudioPruneException(checkpoint + ": no conv layer '" + name + "' (layers: "
                        + String.join(", ", ckpt.spec().convLayerNames()) + ")");
            }
            Tensor t = ckpt.weight(ckpt.spec().conv(name).filterTensor());
            int[] shape = Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray();
            out.put(name, convWeights(checkpoint + " " + name, shape, t.toDoubles()));
        }
        return out;
    }

    /** Checks shape and values; {@code source} names the file (and layer) in error messages. */
    static ConvWeights convWeights(String source, int[] shape, double[] data) {
        if (shape.length != 4) {
            throw new AudioPruneException(source + ": expected a 4-D array (N, C, kH, kW), got shape "
                    + Arrays.toString(shape));
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new AudioPruneException(source + ": weights contain " + data[i] + " at flat index " + i);
            }
        }
        if (data.length == 0) {
            throw new AudioPruneException(source + ": empty weight array of shape " + Arrays.toString(shape));
        }
        return new ConvWeights(shape[0], shape[1], shape[2], shape[3], data);
    }

    static final class CriterionNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Criteria.names().iterator();
        }
    }
}
