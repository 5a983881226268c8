package org.audioprune.interchange;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.audioprune.CliRun;
import org.audioprune.Json;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.Surgery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audioprune export --format panns}: a pruned CNN14 (different widths for the two convs of
 * a block) as a PANNs state dict. PyTorch loaded the checked-in export into PANNs' own Cnn14
 * definition ({@code pytorch/models.py}, widths changed) and ran it
 * ({@code tools/check_panns_export.py}); the exporter still writes exactly that file, and
 * AudioPrune's outputs of the checkpoint equal PANNs' to 1e-4. The export also re-imports.
 */
class PannsExportTest {
    static final String PLAN = "C1=0.5,C7=0.5,C10=0.25,C12=0.5";

    @TempDir
    Path tmp;

    /** The CNN14 fixture pruned with l1 by the library's surgery: the network the fixture export holds. */
    static Checkpoint prunedCnn14() {
        Checkpoint base = ImportFormat.PANNS.read(Fixture.path("panns_cnn14_small.pth"), new ImportOptions(null, 96, null))
                .checkpoint();
        return Surgery.apply(base, PruningPlan.parse(PLAN, base.spec()).keptFilters(base, Criterion.L1.builder().build()));
    }

    @Test
    void theExportIsTheFileThatPannsCnn14LoadedAndRunsLikeIt() throws IOException {
        Checkpoint c = prunedCnn14();
        assertEquals(2, c.spec().convWidths().get("C1"));
        assertEquals(4, c.spec().convWidths().get("C2"));
        Path out = tmp.resolve("cnn14-pruned.safetensors");
        PannsExport.write(c, out);
        assertArrayEquals(Files.readAllBytes(Fixture.path("panns_cnn14_pruned.safetensors")), Files.readAllBytes(out),
                "the exporter no longer writes the file PyTorch checked (re-run tools/check_panns_export.py)");
        float[] x = Fixture.timeMelToMelTime(Fixture.floats("panns_cnn14_input.npy"), 3, 96, 64);
        float[] torch = Fixture.floats("panns_cnn14_pruned_clipwise.npy"); // PANNs' Cnn14 on the loaded file
        try (NetworkRunner r = new NetworkRunner(c.spec(), c.weights())) {
            float[] z = r.logits(x, 3);
            float[] p = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                p[i] = (float) (1 / (1 + Math.exp(-z[i])));
            }
            assertEquals(3 * 527, torch.length);
            assertTrue(Fixture.maxAbsDiff(p, torch) < 1e-4, "max difference " + Fixture.maxAbsDiff(p, torch));
        }
    }

    @Test
    void keysLayoutsAndMetadataArePannsOnes() throws IOException {
        Checkpoint c = prunedCnn14();
        Path out = tmp.resolve("x.safetensors");
        PannsExport.write(c, out);
        SafeTensors.Contents s = SafeTensors.read(out);
        assertEquals(c.weights().size(), s.tensors().size());
        assertArrayEquals(new long[] {4, 2, 3, 3}, s.tensors().get("conv_block1.conv2.weight").shape());
        assertTrue(s.tensors().containsKey("conv_block6.bn2.running_var"));
        assertTrue(s.tensors().containsKey("bn0.weight") && s.tensors().containsKey("fc_audioset.bias"));
        // (out, in, mel, time) here, (out, in, time, mel) in PANNs: an asymmetric element moves
        Tensor ours = c.weight("C3.weight");
        SafeTensors.F32 theirs = s.tensors().get("conv_block2.conv1.weight");
        assertEquals(ours.data()[0 * 9 + 1 * 3 + 2], theirs.data()[0 * 9 + 2 * 3 + 1]);
        JsonNode meta = Json.MAPPER.readTree(s.metadata().get(PannsExport.METADATA_KEY));
        assertEquals("cnn14", meta.get("family").asText());
        assertEquals("[[2,4],[6,6],[8,8],[5,10],[12,9],[16,8]]", meta.get("conv_block_widths").toString());
        assertEquals(527, meta.get("constructor").get("classes_num").asInt());
        assertEquals(32000, meta.get("constructor").get("sample_rate").asInt());
        assertEquals(527, meta.get("class_names").size());
    }

    @Test
    void theExportReimportsThroughImportFromPanns() throws IOException {
        Checkpoint c = prunedCnn14();
        Path ckpt = tmp.resolve("pruned.ckpt");
        c.save(ckpt);
        Path out = tmp.resolve("cnn14-pruned.safetensors");
        CliRun export = CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "panns", "--out", out.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("PANNs cnn14 state dict, conv widths [2, 4, 6, 6, 8, 8, 5, 10, 12, 9, 16, 8]"),
                export.out());
        Path back = tmp.resolve("back.ckpt");
        CliRun imp = CliRun.of("import", "--from", "panns", "--in", out.toString(), "--out", back.toString(),
                "--frames", "96");
        assertEquals(0, imp.code(), imp.err());
        Checkpoint again = Checkpoint.load(back);
        assertEquals(c.spec().layers(), again.spec().layers());
        for (Map.Entry<String, Tensor> e : c.weights().entrySet()) {
            assertArrayEquals(e.getValue().data(), again.weight(e.getKey()).data(), e.getKey());
        }
    }

    @Test
    void otherNetworksAndOptionsAreRefusedInOneLine() throws IOException {
        Path ckpt = tmp.resolve("d.ckpt");
        Checkpoint.load(writeDcase21(ckpt));
        for (String[] args : new String[][] {
            {"export", "--checkpoint", ckpt.toString(), "--format", "panns", "--out", tmp.resolve("a.safetensors").toString()},
            {"export", "--checkpoint", ckpt.toString(), "--format", "panns", "--with-front-end", "--out",
                tmp.resolve("b.safetensors").toString()}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertTrue(CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "panns", "--out",
                tmp.resolve("c.safetensors").toString()).err().contains("this checkpoint is a dcase21"));
        assertFalse(Files.exists(tmp.resolve("a.safetensors")));
        Path pruned = tmp.resolve("p.ckpt");
        prunedCnn14().save(pruned);
        Path text = tmp.resolve("notes.safetensors");
        Files.writeString(text, "{\"not\": \"tensors\"}");
        CliRun refused = CliRun.of("export", "--checkpoint", pruned.toString(), "--format", "panns", "--out", text.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("not a safetensors file"), refused.err());
    }

    private static Path writeDcase21(Path dir) {
        Checkpoint imported = ImportFormat.KERAS.read(Fixture.path("dcase21_keras.h5"), new ImportOptions(null, 50, null))
                .checkpoint();
        assertEquals(Architectures.create("dcase21").name(), imported.spec().name());
        imported.save(dir);
        return dir;
    }
}
