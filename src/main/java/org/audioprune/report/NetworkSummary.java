package org.audioprune.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.audioprune.Json;
import org.audioprune.audio.FrontEnds;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Complexity;
import org.audioprune.model.layer.ChannelGroup;

/**
 * A network's per-layer output shapes, parameters and MACs ({@code audioprune summary}), as a table
 * or as JSON with the same fields.
 */
public record NetworkSummary(String model, String frontEnd, ArchitectureSpec.InputShape input, int numClasses,
                             @JsonIgnore boolean multiLabel, long trainableParams, long params, long macs,
                             long frontEndMacs, long totalMacs, List<Layer> layers, List<ChannelGroup> channelGroups) {

    /** One layer's row. */
    public record Layer(String name, String type, int[] outputShape, int outChannels, long trainableParams,
                        long params, long macs) {
    }

    public static NetworkSummary of(ArchitectureSpec spec) {
        Complexity c = Complexity.of(spec);
        long frontEndMacs = FrontEnds.of(spec.frontEnd()).macs(spec.input().nMels(), spec.input().frames());
        List<Layer> layers = c.layers().stream().map(r -> new Layer(r.name(), r.type(), r.outputShape(),
                r.outChannels(), r.trainableParams(), r.params(), r.macs())).toList();
        return new NetworkSummary(spec.name(), spec.frontEnd().toString(), spec.input(), spec.numClasses(),
                spec.multiLabel(), c.trainableParams(), c.params(), c.macs(), frontEndMacs, c.macs() + frontEndMacs, layers,
                spec.channelGroups());
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary always serialises", e);
        }
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: front end %s, input %dx%dx%d, %d classes (%s)%n", model, frontEnd,
                input.channels(), input.nMels(), input.frames(), numClasses, multiLabel ? "multi-label" : "single-label"));
        sb.append(String.format(Locale.ROOT, "%-12s %-13s %-14s %14s %18s%n", "layer", "type", "output", "params", "MACs"));
        for (Layer l : layers) {
            sb.append(String.format(Locale.ROOT, "%-12s %-13s %-14s %,14d %,18d%n", l.name(), l.type(), shape(l.outputShape()),
                    l.params(), l.macs()));
        }
        sb.append(String.format(Locale.ROOT, "trainable parameters          %,18d%n", trainableParams));
        sb.append(String.format(Locale.ROOT, "parameters (+ BN statistics)  %,18d%n", params));
        sb.append(String.format(Locale.ROOT, "MACs, conv + dense            %,18d  (%.2f M)%n", macs, macs / 1e6));
        sb.append(String.format(Locale.ROOT, "MACs, front end               %,18d  (%.2f M)%n", frontEndMacs,
                frontEndMacs / 1e6));
        sb.append(String.format(Locale.ROOT, "MACs, total                   %,18d  (%.2f M)%n", totalMacs,
                totalMacs / 1e6));
        sb.append(String.format(Locale.ROOT, "channel groups (what plans prune): %d%n", channelGroups.size()));
        for (ChannelGroup g : channelGroups) {
            sb.append(String.format(Locale.ROOT, "  %-12s %-8s %5d channels  members %s%s; read by %s%n", g.name(),
                    g.kind().name().toLowerCase(Locale.ROOT), g.width(), String.join(", ", g.members()),
                    g.additions().isEmpty() ? "" : " (added in " + String.join(", ", g.additions()) + ")",
                    String.join(", ", g.readers())));
        }
        return sb.toString();
    }

    private static String shape(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
