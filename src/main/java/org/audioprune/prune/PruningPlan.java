package org.audioprune.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.ChannelGroup;

/**
 * Which channel groups to prune and by how much: ratio p per group, keep ⌈(1−p)·n⌉ of its n
 * channels (at least 1). A group is named by its first conv ({@link ArchitectureSpec#channelGroups()});
 * in a plain chain every conv is its own group, so plans name conv layers. Only convs' channels can
 * be pruned, so the classifier never is. Every group is scored on the <em>unpruned</em> checkpoint
 * (one shot); {@link Surgery} then cuts all together, the same channels from every member of a group.
 *
 * @param ratios pruning ratio per channel group, in network order
 */
public record PruningPlan(Map<String, Double> ratios) {

    public PruningPlan {
        ratios = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ratios));
    }

    /**
     * Parses {@code C1=0.5,C2=0.5} (ratio per layer; {@code +} also separates entries).
     *
     * @throws AudioPruneException naming the bad entry: unknown layer, malformed or out-of-range ratio
     */
    public static PruningPlan parse(String perLayer, ArchitectureSpec spec) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String entry : perLayer.split("[,+]")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new AudioPruneException("pruning plan entry '" + e + "' is not LAYER=RATIO (e.g. C1=0.5)");
            }
            String layer = e.substring(0, eq).trim();
            if (ratios.put(layer, parseRatio(e.substring(eq + 1).trim())) != null) {
                throw new AudioPruneException("pruning plan names layer " + layer + " twice");
            }
        }
        return ordered(ratios, spec);
    }

    /** One ratio for the layers of {@code layers} ({@code C6-C12}, {@code C1,C7-C12}, {@code all}). */
    public static PruningPlan uniform(double ratio, String layers, ArchitectureSpec spec) {
        checkRatio(ratio, String.valueOf(ratio));
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String layer : parseLayers(layers, spec)) {
            ratios.put(layer, ratio);
        }
        return ordered(ratios, spec);
    }

    /**
     * Conv layer names from {@code all}, single names and inclusive ranges {@code A-B} in network
     * order, separated by {@code ,} or {@code +}.
     */
    public static List<String> parseLayers(String layers, ArchitectureSpec spec) {
        List<String> convs = spec.groupNames();
        if (layers.trim().equalsIgnoreCase("all")) {
            return convs;
        }
        List<String> out = new ArrayList<>();
        for (String part : layers.split("[,+]")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            if (dash < 0) {
                out.add(spec.group(canonical(p, convs)).name());
                continue;
            }
            int from = convs.indexOf(spec.group(canonical(p.substring(0, dash).trim(), convs)).name());
            int to = convs.indexOf(spec.group(canonical(p.substring(dash + 1).trim(), convs)).name());
            if (from > to) {
                throw new AudioPruneException("layer range '" + p + "' runs backwards");
            }
            out.addAll(convs.subList(from, to + 1));
        }
        return out;
    }

    /** Accepts {@code c7} for {@code C7} (preset names are lower case). */
    private static String canonical(String name, List<String> convs) {
        return convs.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name);
    }

    private static double parseRatio(String s) {
        double r;
        try {
            r = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new AudioPruneException("pruning ratio '" + s + "' is not a number (expected 0 <= p < 1, e.g. 0.25)");
        }
        checkRatio(r, s);
        return r;
    }

    private static void checkRatio(double r, String text) {
        if (!(r >= 0 && r < 1)) {
            throw new AudioPruneException("pruning ratio " + text + " is out of range (expected 0 <= p < 1)");
        }
    }

    /**
     * The plan with these ratios, checked against the spec and put in network order.
     *
     * @throws AudioPruneException for an unknown layer or a ratio out of range
     */
    public static PruningPlan of(Map<String, Double> ratios, ArchitectureSpec spec) {
        ratios.values().forEach(r -> checkRatio(r, String.valueOf(r)));
        return ordered(ratios, spec);
    }

    /** Checks the layers against the spec and puts them in network order. */
    private static PruningPlan ordered(Map<String, Double> ratios, ArchitectureSpec spec) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String layer : ratios.keySet()) {
            spec.group(layer);
        }
        for (String layer : spec.groupNames()) {
            if (ratios.containsKey(layer)) {
                out.put(layer, ratios.get(layer));
            }
        }
        return new PruningPlan(out);
    }

    /**
     * ⌈(1−p)·n⌉, at least 1. The product is rounded to 1e-9 first so that binary floating point
     * does not turn (1−0.7)·10 = 3.0000000000000004 into 4.
     */
    public static int keepCount(int n, double p) {
        checkRatio(p, String.valueOf(p));
        double kept = Math.rint((1 - p) * n * 1e9) / 1e9;
        return Math.max(1, (int) Math.ceil(kept));
    }

    /** Filters kept per conv layer of every planned group if the network has the widths of {@code spec}. */
    public Map<String, Integer> keptWidths(ArchitectureSpec spec) {
        Map<String, Integer> out = new LinkedHashMap<>();
        ratios.forEach((group, p) -> {
            ChannelGroup g = spec.group(group);
            g.producers().forEach(conv -> out.put(conv, keepCount(g.width(), p)));
        });
        return out;
    }

    /**
     * Scores every planned group of the (unpruned) checkpoint with {@code importance}
     * ({@link FilterImportance#rankGroup}) and returns the kept filter indices per conv layer of
     * those groups, ascending.
     */
    public Map<String, int[]> keptFilters(Checkpoint checkpoint, FilterImportance importance) {
        return keptFilters(group -> importance.rankGroup(groupWeights(checkpoint, group)), checkpoint.spec());
    }

    /**
     * The kept channel indices, ascending, for every conv layer of every planned group (the same
     * for all convs of a group), given each group's ranking (computed on the unpruned network
     * {@code spec}, by a passive or an active criterion).
     */
    public Map<String, int[]> keptFilters(Function<String, FilterRanking> rankingOf, ArchitectureSpec spec) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : ratios.entrySet()) {
            ChannelGroup g = spec.group(e.getKey());
            int[] kept = kept(e.getKey(), rankingOf.apply(e.getKey()), keepCount(g.width(), e.getValue()));
            g.producers().forEach(conv -> out.put(conv, kept.clone()));
        }
        return out;
    }

    /** Every member's filters of channel group {@code group} ({@link ChannelGroup#filterTensors()}), producers first. */
    public static List<ConvWeights> groupWeights(Checkpoint checkpoint, String group) {
        return checkpoint.spec().group(group).filterTensors().stream().map(t -> weights(checkpoint.weight(t))).toList();
    }

    /**
     * All filters minus the first {@code n − keep} of the ranking's prune order, ascending.
     *
     * @throws AudioPruneException if the prune order is not a permutation of the layer's filters
     */
    public static int[] kept(String layer, FilterRanking ranking, int keep) {
        int[] order = ranking.pruneOrder();
        int n = order.length;
        if (!Arrays.equals(IntStream.range(0, n).toArray(), Arrays.stream(order).sorted().toArray())) {
            throw new AudioPruneException("ranking of " + layer + " is not a permutation of its " + n + " filters");
        }
        if (keep < 1 || keep > n) {
            throw new AudioPruneException("cannot keep " + keep + " of " + n + " filters of " + layer);
        }
        boolean[] pruned = new boolean[n];
        for (int i = 0; i < n - keep; i++) {
            pruned[order[i]] = true;
        }
        return IntStream.range(0, n).filter(i -> !pruned[i]).toArray();
    }

    /** The filters of conv layer {@code layer} (its filter tensor) in the criteria's engine-free form. */
    public static ConvWeights convWeights(Checkpoint checkpoint, String layer) {
        return weights(checkpoint.weight(checkpoint.spec().conv(layer).filterTensor()));
    }

    private static ConvWeights weights(Tensor t) {
        return new ConvWeights(t.dim(0), t.dim(1), t.dim(2), t.dim(3), t.toDoubles());
    }

    /** {@code C1=0.5,C2=0.5}: the form {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        ratios.forEach((l, p) -> sb.append(sb.length() == 0 ? "" : ",").append(l).append('=').append(p));
        return sb.toString();
    }
}
