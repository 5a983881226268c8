package org.audioprune.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.audioprune.Json;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.FilterRanking;

/** Rankings of one or more layers as a table or as JSON ({@code audioprune rank}). */
public final class RankingReport {
    private RankingReport() {
    }

    /**
     * {@code {"criterion", "order", "scores"}} for one layer, on one line; with {@code perLayer}, one
     * such object per layer name, in the map's order.
     */
    public static String json(CriterionChoice criterion, Map<String, FilterRanking> rankings, boolean perLayer) {
        Object doc;
        if (perLayer) {
            ObjectNode all = Json.MAPPER.createObjectNode();
            rankings.forEach((name, r) -> all.set(name, layer(criterion, r)));
            doc = all;
        } else {
            doc = layer(criterion, rankings.values().iterator().next());
        }
        try {
            return Json.compact().writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode layer(CriterionChoice criterion, FilterRanking r) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("criterion", criterion.criterion().label());
        ArrayNode order = node.putArray("order");
        Arrays.stream(r.pruneOrder()).forEach(order::add);
        ArrayNode scores = node.putArray("scores");
        Arrays.stream(r.scores()).forEach(scores::add);
        return node;
    }

    /** One table per layer: rank, filter, score, the first to prune first. */
    public static String table(CriterionChoice criterion, Map<String, FilterRanking> rankings) {
        StringBuilder sb = new StringBuilder();
        rankings.forEach((layer, r) -> {
            sb.append(String.format(Locale.ROOT, "%s, criterion %s: %d filters, first to prune first%n", layer,
                    criterion.label(), r.pruneOrder().length));
            sb.append(String.format(Locale.ROOT, "%6s %7s %22s%n", "rank", "filter", "score"));
            for (int i = 0; i < r.pruneOrder().length; i++) {
                int f = r.pruneOrder()[i];
                sb.append(String.format(Locale.ROOT, "%6d %7d %22.15g%n", i + 1, f, r.scores()[f]));
            }
        });
        return sb.toString();
    }
}
