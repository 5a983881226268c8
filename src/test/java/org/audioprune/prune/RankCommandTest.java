package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import org.audioprune.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import org.audioprune.cli.Main;
import org.audioprune.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audioprune rank} through the real command line. */
class RankCommandTest {
    @TempDir
    Path dir;

    Path npy(String name, int[] shape, double[] data, NpyArray.DType dtype) {
        Path p = dir.resolve(name);
        new NpyArray(shape, data, dtype).write(p);
        return p;
    }

    /** The hand-worked layer of {@link HandWorkedRankingsTest}: wdc scores [2, 2, 2, 0]. */
    Path threeSameOneOrthogonal(NpyArray.DType dtype) {
        return npy("w.npy", new int[] {4, 1, 1, 2}, new double[] {2, 0, 1, 0, 3, 0, 0, 1}, dtype);
    }

    @Test
    void jsonHasCriterionOrderAndScores() throws Exception {
        for (NpyArray.DType dtype : NpyArray.DType.values()) {
            CliRun r = CliRun.of("rank", "--criterion", "wdc", "--weights", threeSameOneOrthogonal(dtype).toString(),
                    "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            Iterator<String> fields = doc.fieldNames();
            assertEquals("criterion", fields.next());
            assertEquals("order", fields.next());
            assertEquals("scores", fields.next());
            assertFalse(fields.hasNext());
            assertEquals("wdc", doc.get("criterion").asText());
            assertEquals("[0,1,2,3]", doc.get("order").toString());
            assertEquals(2.0, doc.get("scores").get(0).asDouble(), 1e-12);
            assertEquals(0.0, doc.get("scores").get(3).asDouble(), 1e-12);
        }
    }

    @Test
    void reverseAndTable() {
        CliRun r = CliRun.of("rank", "--criterion", "wdc", "--reverse", "--weights",
                threeSameOneOrthogonal(NpyArray.DType.FLOAT32).toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[1].contains("rank") && lines[1].contains("filter") && lines[1].contains("score"));
        // reversed: 3 (score 0) first, then the tied 0, 1, 2 in index order
        int[] expected = {3, 0, 1, 2};
        for (int i = 0; i < 4; i++) {
            String[] cols = lines[2 + i].trim().split("\\s+");
            assertEquals(String.valueOf(i + 1), cols[0]);
            assertEquals(String.valueOf(expected[i]), cols[1]);
        }
    }

    @Test
    void rejectsANonFourDimensionalArray() {
        Path p = npy("flat.npy", new int[] {2, 4}, new double[8], NpyArray.DType.FLOAT32);
        assertOneLineError(CliRun.of("rank", "--criterion", "wdc", "--weights", p.toString()), "flat.npy", "4-D");
    }

    @Test
    void rejectsNonFiniteWeights() {
        Path nan = npy("nan.npy", new int[] {2, 1, 1, 2}, new double[] {1, 2, Double.NaN, 4}, NpyArray.DType.FLOAT64);
        assertOneLineError(CliRun.of("rank", "--criterion", "l1", "--weights", nan.toString()), "nan.npy", "NaN");
        Path inf = npy("inf.npy", new int[] {2, 1, 1, 2}, new double[] {1, Double.NEGATIVE_INFINITY, 3, 4},
                NpyArray.DType.FLOAT32);
        assertOneLineError(CliRun.of("rank", "--criterion", "l1", "--weights", inf.toString()), "inf.npy", "Infinity");
    }

    @Test
    void rejectsAnUnknownCriterionListingTheValidOnes() {
        CliRun r = CliRun.of("rank", "--criterion", "centrality", "--weights",
                threeSameOneOrthogonal(NpyArray.DType.FLOAT32).toString());
        assertOneLineError(r, "centrality", "wdc, wdc-abs, bc, bc-dist, bc-absdist, l1, l2, fpgm, gmean");
    }

    @Test
    void rejectsAMissingFile() {
        assertOneLineError(CliRun.of("rank", "--criterion", "bc", "--weights", dir.resolve("none.npy").toString()),
                "none.npy", "no such file");
    }

    @Test
    void needsExactlyOneSource() {
        assertOneLineError(CliRun.of("rank", "--criterion", "bc"), "--weights", "--checkpoint");
    }

    Path checkpoint() {
        org.audioprune.model.ArchitectureSpec spec = org.audioprune.model.Architectures.create("dcase21", 10, 40, 50);
        java.util.Map<String, org.audioprune.model.Tensor> weights = new java.util.LinkedHashMap<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (var p : spec.parameters()) {
            var t = org.audioprune.model.Tensor.zeros(p.shape());
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = (float) rnd.nextDouble(-1, 1);
            }
            weights.put(p.name(), t);
        }
        var classes = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        Path p = dir.resolve("m.ckpt");
        new org.audioprune.model.Checkpoint(spec, classes, null, null, weights, null).save(p);
        return p;
    }

    @Test
    void ranksOneCheckpointLayerLikeItsWeightsAsNpy() throws Exception {
        Path ckpt = checkpoint();
        CliRun fromCkpt = CliRun.of("rank", "--criterion", "bc", "--checkpoint", ckpt.toString(), "--layer", "C2", "--json");
        assertEquals(0, fromCkpt.code(), fromCkpt.err());
        var w = org.audioprune.model.Checkpoint.load(ckpt).weight("C2.weight");
        Path npy = npy("c2.npy", new int[] {16, 16, 7, 7}, w.toDoubles(), NpyArray.DType.FLOAT32);
        CliRun fromNpy = CliRun.of("rank", "--criterion", "bc", "--weights", npy.toString(), "--json");
        assertEquals(fromNpy.out(), fromCkpt.out());
    }

    @Test
    void ranksAllCheckpointLayers() throws Exception {
        CliRun r = CliRun.of("rank", "--criterion", "l1", "--checkpoint", checkpoint().toString(), "--all-layers", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        java.util.List<String> layers = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(layers::add);
        assertEquals(java.util.List.of("C1", "C2", "C3"), layers);
        assertEquals(32, doc.get("C3").get("order").size());
        assertEquals("l1", doc.get("C1").get("criterion").asText());
    }

    @Test
    void rejectsALayerNotInTheCheckpoint() {
        assertOneLineError(CliRun.of("rank", "--criterion", "wdc", "--checkpoint", checkpoint().toString(), "--layer", "C9"),
                "m.ckpt", "C9", "C1, C2, C3");
    }

    @Test
    void ranksAnActiveCriterionAsPruneCutsWithIt() throws Exception {
        // valid batch-norm statistics (random ones would make negative variances)
        var spec = org.audioprune.model.Architectures.create("dcase21", 2, 40, 50);
        Path ckpt = dir.resolve("valid.ckpt");
        new org.audioprune.model.Checkpoint(spec, java.util.List.of("high", "low"), null, null, org.audioprune.model.djl.InferenceLatency.randomWeights(spec, 3), null).save(ckpt);
        String data = org.audioprune.ToneWav.twoClassFolder(dir.resolve("data"), 6);
        CliRun r = CliRun.of("rank", "--criterion", "energy", "--checkpoint", ckpt.toString(), "--layer", "C1",
                "--dataset", data, "--json", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("energy", doc.get("criterion").asText());
        int[] order = new int[16];
        for (int i = 0; i < 16; i++) {
            order[i] = doc.get("order").get(i).asInt();
        }
        assertArrayEquals(java.util.stream.IntStream.range(0, 16).toArray(), java.util.Arrays.stream(order).sorted().toArray());
        Path pruned = dir.resolve("p.ckpt");
        CliRun p = CliRun.of("prune", "--checkpoint", ckpt.toString(), "--criterion", "energy", "--ratio", "0.5",
                "--layers", "C1", "--dataset", data, "--out", pruned.toString(), "--no-latency", "--no-progress",
                "--threads", "1");
        assertEquals(0, p.code(), p.err());
        java.util.List<Integer> kept = org.audioprune.report.ReportWriter.readJson(dir.resolve("p.ckpt-report")
                .resolve(org.audioprune.report.ReportWriter.JSON)).runs().get(0).keptFilters().get("C1");
        assertEquals(java.util.Arrays.stream(order, 8, 16).sorted().boxed().toList(), kept);
    }

    @Test
    void activeCriteriaNeedACheckpointAndData() {
        assertOneLineError(CliRun.of("rank", "--criterion", "hrank", "--checkpoint", checkpoint().toString(), "--layer",
                "C1"), "hrank", "--dataset");
        assertOneLineError(CliRun.of("rank", "--criterion", "hrank", "--weights",
                threeSameOneOrthogonal(NpyArray.DType.FLOAT32).toString()), "hrank", "--checkpoint");
    }

    static void assertOneLineError(CliRun r, String... mustContain) {
        assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("audioprune: error: "), err);
        for (String s : mustContain) {
            assertTrue(err.contains(s), "'" + err + "' should mention " + s);
        }
    }
}
