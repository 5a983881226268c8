package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.audioprune.io.NpyArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded random 16×16×7×7 layer and the orders and scores numpy + networkx give for it, generated
 * by {@code tools/crosscheck_criteria.py --fixture src/test/resources/prune} (independent of this code).
 */
class NetworkxFixtureTest {

    @ParameterizedTest
    @ValueSource(strings = {"wdc", "wdc-abs", "bc", "l1"})
    void matchesNetworkx(String criterion) throws Exception {
        Path dir = Path.of(getClass().getResource("/prune/layer_16x16x7x7.npy").toURI()).getParent();
        NpyArray a = NpyArray.read(dir.resolve("layer_16x16x7x7.npy"));
        int[] s = a.shape();
        ConvWeights w = new ConvWeights(s[0], s[1], s[2], s[3], a.data());
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("layer_16x16x7x7_networkx.json").toFile())
                .get(criterion);
        int[] order = StreamSupport.stream(expected.get("order").spliterator(), false).mapToInt(JsonNode::asInt)
                .toArray();
        double[] scores = StreamSupport.stream(expected.get("scores").spliterator(), false)
                .mapToDouble(JsonNode::asDouble).toArray();
        FilterRanking r = RankingTests.rank(criterion, 0, w);
        assertArrayEquals(order, r.pruneOrder());
        assertArrayEquals(scores, r.scores(), 1e-12);
    }
}
