package org.audioprune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audioprune.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PANNs MobileNetV1/V2 and ResNet22/38 against the counts of PANNs' own PyTorch modules (issue 13's
 * table: front end excluded, bn0 included; MACs = conv + linear for a 1001 × 64 input), and their
 * channel groups counted by hand from PANNs' models.py: mobilenetv1 one per pointwise conv and F0
 * (14, none residual); mobilenetv2 F0, F18, one per expansion (16) and one per run of projections
 * joined by identity shortcuts (7, of which the 5 runs longer than one block are residual);
 * resnet22/38 C1, A1, A2, one per block's first conv (8 / 16) and one per stage's residual chain (4).
 */
class CoupledNetworksTest {

    @ParameterizedTest
    @CsvSource({
        "mobilenetv1, 4796303, 22016, 739572736, 14, 0",
        "mobilenetv2, 4075343, 34240, 341978624, 25, 5",
        "resnet22, 63675087, 18048, 13963331584, 15, 4",
        "resnet38, 73783247, 25472, 23391078400, 23, 4"})
    void summaryJsonGivesPannsCounts(String model, long trainable, long runningStats, long macs, int groups,
                                     int residualGroups) throws Exception {
        CliRun r = CliRun.of("summary", "--model", model, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(trainable, j.get("trainableParams").asLong(), "trainable parameters");
        assertEquals(runningStats, j.get("params").asLong() - j.get("trainableParams").asLong(), "BN running statistics");
        assertEquals(macs, j.get("macs").asLong(), "MACs");
        JsonNode g = j.get("channelGroups");
        assertEquals(groups, g.size(), "channel groups");
        int residual = 0;
        for (JsonNode group : g) {
            residual += group.get("kind").asText().equals("residual") ? 1 : 0;
        }
        assertEquals(residualGroups, residual, "residual groups");
    }
}
