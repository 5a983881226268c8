package org.audioprune.model.layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channel sets of a network as its layers see them ({@link LayerSpec#couple}): a union-find
 * over sets of channels, each set recording who produces, follows and reads it. Sets tied to the
 * network's input or to a dense layer's output are fixed (never pruned). Hand-written: the
 * structure is a few lines, and JGraphT's union-find would still need this bookkeeping around it.
 */
public final class ChannelFlow {
    private final List<Integer> parent = new ArrayList<>();
    private final List<Info> info = new ArrayList<>();

    private static final class Info {
        final List<FilterLayer> producers = new ArrayList<>();
        final List<String> followers = new ArrayList<>();
        final List<String> readers = new ArrayList<>();
        final List<String> additions = new ArrayList<>();
        final List<String> followerTensors = new ArrayList<>();
        boolean fixed;

        void addAll(Info o) {
            producers.addAll(o.producers);
            followers.addAll(o.followers);
            readers.addAll(o.readers);
            additions.addAll(o.additions);
            followerTensors.addAll(o.followerTensors);
            fixed |= o.fixed;
        }
    }

    /** The set the network's input carries (fixed). */
    public int input() {
        return fixed();
    }

    /** A new fixed set (a dense layer's outputs). */
    public int fixed() {
        int s = newSet();
        info.get(s).fixed = true;
        return s;
    }

    /** A new set produced by {@code layer}'s filters. */
    public int produce(FilterLayer layer) {
        int s = newSet();
        info.get(s).producers.add(layer);
        return s;
    }

    /** {@code layer} reads set {@code set} (its input channels). */
    public void read(int set, LayerSpec layer) {
        info.get(find(set)).readers.add(layer.name() != null ? layer.name() : layer.describe());
    }

    /** {@code layer} has tensors indexed by the channels of {@code set}, which it passes on. */
    public void follow(int set, LayerSpec layer) {
        Info i = info.get(find(set));
        i.followers.add(layer.name() != null ? layer.name() : layer.describe());
        layer.parameters().stream()
                .filter(t -> t.role() == TensorSpec.Role.WEIGHT && t.outputAxis() == 0 && t.shape().length == 4)
                .findFirst().ifPresent(t -> i.followerTensors.add(t.name()));
    }

    /** Sets {@code a} and {@code b} meet at {@code addition}: one set from now on; returns it. */
    public int tie(int a, int b, LayerSpec addition) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            int lo = Math.min(ra, rb);
            int hi = Math.max(ra, rb);
            parent.set(hi, lo);
            info.get(lo).addAll(info.get(hi));
        }
        info.get(find(a)).additions.add(addition.name() != null ? addition.name() : addition.describe());
        return find(a);
    }

    /** The groups of prunable channels: every set with a producer and not tied to the input or a dense output. */
    public List<ChannelGroup> groups() {
        Map<Integer, ChannelGroup> out = new LinkedHashMap<>();
        for (int s = 0; s < parent.size(); s++) {
            int r = find(s);
            Info i = info.get(r);
            if (out.containsKey(r) || i.fixed || i.producers.isEmpty()) {
                continue;
            }
            List<String> producers = i.producers.stream().map(FilterLayer::name).toList();
            ChannelGroup.Kind kind = i.additions.isEmpty() ? ChannelGroup.Kind.FREE : ChannelGroup.Kind.RESIDUAL;
            List<String> tensors = new ArrayList<>(i.producers.stream().map(FilterLayer::filterTensor).toList());
            tensors.addAll(i.followerTensors);
            out.put(r, new ChannelGroup(producers.get(0), kind, i.producers.get(0).outChannels(), producers,
                    i.followers, i.readers, i.additions, tensors));
        }
        return List.copyOf(out.values());
    }

    private int newSet() {
        parent.add(parent.size());
        info.add(new Info());
        return parent.size() - 1;
    }

    private int find(int s) {
        int r = s;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        return r;
    }
}
