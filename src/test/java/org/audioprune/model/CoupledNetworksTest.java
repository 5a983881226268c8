package org.audioprune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audioprune.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PANNs MobileNetV1/V2 and ResNet22/38 against the counts of PANNs' own PyTorch modules (issue 13's
 * table: front end excluded, bn0 included; MACs = conv + linear for a 1001 × 64 input).
 */
class CoupledNetworksTest {

    @ParameterizedTest
    @CsvSource({
        "mobilenetv1, 4796303, 22016, 739572736",
        "mobilenetv2, 4075343, 34240, 341978624",
        "resnet22, 63675087, 18048, 13963331584",
        "resnet38, 73783247, 25472, 23391078400"})
    void summaryJsonGivesPannsCounts(String model, long trainable, long runningStats, long macs) throws Exception {
        CliRun r = CliRun.of("summary", "--model", model, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(trainable, j.get("trainableParams").asLong(), "trainable parameters");
        assertEquals(runningStats, j.get("params").asLong() - j.get("trainableParams").asLong(), "BN running statistics");
        assertEquals(macs, j.get("macs").asLong(), "MACs");
    }
}
