package org.audioprune.model.layer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A set of coupled channels that pruning must treat as one: the filter layers whose outputs carry
 * it (one for a plain conv; every conv whose output meets at a residual addition, and the producer
 * of an identity shortcut's input), the layers that follow it channel for channel (depthwise convs:
 * their kernels are the channels), and the layers that read it (the next convs' input channels, a
 * dense layer's inputs). Removing channel i removes it from all of them at once.
 *
 * @param name      the first producer's name: what plans and presets call the group
 * @param kind      free (one producer) or residual (tied by additions)
 * @param width     number of channels
 * @param producers filter layers whose output channels are the group's, in network order
 * @param followers layers with tensors indexed by the group's channels that do not produce them (depthwise convs)
 * @param readers   layers whose inputs are the group's channels
 * @param additions residual blocks whose addition ties the group (empty for a free group)
 * @param filterTensors per producer, then per follower with a weight, the tensor whose rows (axis 0)
 *                  are its filters for the group's channels: what criteria score
 */
public record ChannelGroup(String name, Kind kind, int width, List<String> producers, List<String> followers,
                           List<String> readers, List<String> additions, List<String> filterTensors) {

    /** How the group arises. */
    public enum Kind {
        /** One conv's filters (with the depthwise convs that follow them). */
        @JsonProperty("free") FREE,
        /** Outputs tied by residual additions. */
        @JsonProperty("residual") RESIDUAL
    }

    public ChannelGroup {
        producers = List.copyOf(producers);
        followers = List.copyOf(followers);
        readers = List.copyOf(readers);
        additions = List.copyOf(additions);
        filterTensors = List.copyOf(filterTensors);
    }

    /** Its filter layers and followers: every layer whose own tensors lose the group's pruned channels. */
    public List<String> members() {
        List<String> out = new java.util.ArrayList<>(producers);
        out.addAll(followers);
        return out;
    }
}
