package org.audioprune;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.audioprune.audio.TestWav;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.InferenceLatency;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own bad-input corpus (issue 8, item 8), generated here: broken WAVs, `.npy` arrays,
 * checkpoints and dataset layouts, each given to the command that reads it, with an existing output
 * of the right kind in place. Every case must fail with exit code 2 and one line that names the
 * culprit, before anything is written: the output stays byte-identical. The classes of failure
 * each have their own, deeper test (see docs/reliability.md); this table keeps the breadth.
 */
class BadInputCorpusTest {
    @TempDir
    static Path dir;
    static Path npyOut;
    static Path ckptOut;
    static byte[] npyBefore;
    static byte[] ckptBefore;

    /** One case: a name, the arguments, and what the error line must contain (the culprit first). */
    record Case(String name, String[] args, String... expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void outputs() throws IOException {
        npyOut = dir.resolve("out.npy");
        Files.write(npyOut, new org.audioprune.io.NpyArray(new int[] {1}, new double[] {1},
                org.audioprune.io.NpyArray.DType.FLOAT32).toBytes());
        npyBefore = Files.readAllBytes(npyOut);
        ckptOut = dir.resolve("out.ckpt");
        checkpoint(ckptOut, Map.of());
        ckptBefore = Files.readAllBytes(ckptOut.resolve(Checkpoint.WEIGHTS_FILE));
    }

    static ArchitectureSpec spec() {
        return Architectures.create("dcase21", 2, 40, 10);
    }

    static Path checkpoint(Path at, Map<String, Tensor> replaced) {
        Map<String, Tensor> w = new LinkedHashMap<>(InferenceLatency.randomWeights(spec(), 1));
        w.putAll(replaced);
        new Checkpoint(spec(), List.of("high", "low"), null, null, w, Map.of()).save(at);
        return at;
    }

    // ---- fixtures ----

    /** A WAV: fmt fields as given, then a data chunk holding {@code data} but declaring {@code declared} bytes. */
    static byte[] wav(int tag, int channels, int rate, int bits, int blockAlign, byte[] data, long declared) {
        byte[] fmt = TestWav.le(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits).array();
        return new TestWav().chunk("fmt ", fmt).rawChunk("data", declared, data).bytes();
    }

    static byte[] npy(String descr, String fortran, String shape, byte[] data) {
        String h = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
        h = h + " ".repeat((64 - (10 + h.length() + 1) % 64) % 64) + "\n";
        byte[] header = h.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = TestWav.le(10 + header.length + data.length);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header)
                .put(data);
        return b.array();
    }

    static Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static Case features(String name, byte[] wav, String... expected) throws IOException {
        Path in = file(name + ".wav", wav);
        String[] e = Stream.concat(Stream.of(in.toString()), Arrays.stream(expected)).toArray(String[]::new);
        return new Case("wav: " + name, new String[] {"features", "--input", in.toString(), "--out", npyOut.toString()},
                e);
    }

    static Case rank(String name, byte[] npy, String... expected) throws IOException {
        Path in = file(name + ".npy", npy);
        String[] e = Stream.concat(Stream.of(in.toString()), Arrays.stream(expected)).toArray(String[]::new);
        return new Case("npy: " + name, new String[] {"rank", "--criterion", "wdc", "--weights", in.toString()}, e);
    }

    static Case finetune(String name, Path checkpoint, String culprit, String... expected) {
        String[] e = Stream.concat(Stream.of(culprit), Arrays.stream(expected)).toArray(String[]::new);
        return new Case("checkpoint: " + name, new String[] {"finetune", "--checkpoint", checkpoint.toString(),
            "--dataset", "folder:" + dir.resolve("nowhere"), "--out", ckptOut.toString()}, e);
    }

    static Path tampered(String name, String specJson) throws IOException {
        Path c = checkpoint(dir.resolve(name + ".ckpt"), Map.of());
        Files.writeString(c.resolve(Checkpoint.SPEC_FILE), specJson);
        return c;
    }

    static Path tau(String name, List<String> meta, List<String> train, List<String> test) throws IOException {
        Path root = dir.resolve("tau-" + name);
        Files.createDirectories(root.resolve("evaluation_setup"));
        Files.createDirectories(root.resolve("audio"));
        for (String row : meta.subList(1, meta.size())) {
            Path audio = root.resolve(row.split("\t")[0]);
            if (!Files.exists(audio)) {
                Files.write(audio, wav(1, 1, 8000, 16, 2, new byte[1600], 1600));
            }
        }
        Files.write(root.resolve("meta.csv"), meta);
        Files.write(root.resolve("evaluation_setup/fold1_train.csv"), train);
        Files.write(root.resolve("evaluation_setup/fold1_evaluate.csv"), test);
        return root;
    }

    static Case info(String name, Path root, String culprit, String... expected) {
        String[] e = Stream.concat(Stream.of(culprit), Arrays.stream(expected)).toArray(String[]::new);
        return new Case("dataset: " + name, new String[] {"dataset", "info", "--dataset", "tau2020:" + root}, e);
    }

    static List<Case> corpus() throws IOException {
        List<Case> c = new ArrayList<>();
        byte[] tone = TestWav.float32(new float[400]);
        c.add(features("empty", new byte[0], "empty file"));
        c.add(features("not-riff", "ID3 not a wav at all".getBytes(), "not a WAV file"));
        c.add(features("big-endian", "RIFX....WAVE".getBytes(), "big-endian"));
        c.add(features("eight-bit", wav(1, 1, 8000, 8, 1, new byte[800], 800), "8-bit"));
        c.add(features("zero-channels", wav(1, 0, 8000, 16, 0, new byte[800], 800), "zero channels"));
        c.add(features("rate-zero", wav(1, 1, 0, 16, 2, new byte[800], 800), "invalid sample rate 0"));
        c.add(features("block-align", wav(1, 2, 8000, 16, 3, new byte[800], 800), "inconsistent WAV header"));
        c.add(features("truncated", wav(3, 1, 8000, 32, 4, tone, 100_000), "truncated"));
        c.add(features("no-samples", wav(1, 1, 8000, 16, 2, new byte[0], 0), "no audio samples"));
        c.add(features("nan-sample", wav(3, 1, 8000, 32, 4, TestWav.float32(0, Float.NaN, 0), 12), "sample frame 1",
                "NaN"));
        c.add(features("sample-1e300", wav(3, 1, 8000, 64, 8, TestWav.float64(0, 0, 1e300), 24), "sample frame 2",
                "1.0E300"));
        c.add(new Case("wav: missing", new String[] {"features", "--input", dir.resolve("none.wav").toString(), "--out",
            npyOut.toString()}, dir.resolve("none.wav").toString(), "no such file"));

        byte[] ok = TestWav.float32(new float[2 * 2 * 3 * 3]);
        c.add(rank("bad-magic", "not an npy file".getBytes(), "bad magic"));
        c.add(rank("truncated", Arrays.copyOf(npy("<f4", "False", "(2, 2, 3, 3)", ok), 80), "truncated"));
        c.add(rank("negative-dimension", npy("<f4", "False", "(-2, 2, 3, 3)", new byte[0]), "negative dimension"));
        c.add(rank("int32", npy("<i4", "False", "(2, 2, 3, 3)", ok), "unsupported dtype '<i4'"));
        c.add(rank("fortran", npy("<f4", "True", "(2, 2, 3, 3)", ok), "Fortran-order"));
        c.add(rank("three-d", npy("<f4", "False", "(2, 3, 3)", TestWav.float32(new float[18])), "expected a 4-D array"));
        c.add(rank("no-filters", npy("<f4", "False", "(0, 2, 3, 3)", new byte[0]), "empty weight array"));
        c.add(rank("nan-weight", npy("<f4", "False", "(1, 1, 1, 2)", TestWav.float32(1, Float.NaN)), "NaN at flat index 1"));
        c.add(rank("huge-shape", npy("<f4", "False", "(100000, 100000, 3, 3)", new byte[0]), "too large"));

        c.add(finetune("missing", dir.resolve("none.ckpt"), dir.resolve("none.ckpt").toString(), "not a checkpoint"));
        c.add(finetune("spec-null", tampered("spec-null", "null"), "spec-null.ckpt/spec.json", "null"));
        c.add(finetune("spec-broken", tampered("spec-broken", "{"), "spec-broken.ckpt/spec.json", "invalid"));
        c.add(finetune("spec-list", tampered("spec-list", "[]"), "spec-list.ckpt/spec.json", "invalid"));
        c.add(finetune("other-format", tampered("other-format", "{\"format\": \"keras\", \"version\": 1}"),
                "other-format.ckpt/spec.json"));
        Path noWeights = checkpoint(dir.resolve("no-weights.ckpt"), Map.of());
        Files.delete(noWeights.resolve(Checkpoint.WEIGHTS_FILE));
        c.add(finetune("no-weights", noWeights, "no-weights.ckpt/weights.safetensors"));
        Path cut = checkpoint(dir.resolve("cut.ckpt"), Map.of());
        Path cutWeights = cut.resolve(Checkpoint.WEIGHTS_FILE);
        Files.write(cutWeights, Arrays.copyOf(Files.readAllBytes(cutWeights), 200));
        c.add(finetune("truncated-weights", cut, "cut.ckpt/weights.safetensors"));
        String first = spec().parameters().get(0).name();
        Path wrong = checkpoint(dir.resolve("wrong-shape.ckpt"), Map.of());
        Map<String, Tensor> bad = new LinkedHashMap<>(InferenceLatency.randomWeights(spec(), 2));
        bad.put(first, new Tensor(new long[] {3}, new float[3]));
        SafeTensors.write(wrong.resolve(Checkpoint.WEIGHTS_FILE), bad, Map.of());
        c.add(finetune("wrong-shape", wrong, "wrong-shape.ckpt/weights.safetensors", first));
        Path nan = checkpoint(dir.resolve("nan.ckpt"), Map.of());
        bad.put(first, new Tensor(InferenceLatency.randomWeights(spec(), 2).get(first).shape(),
                nanFilled(InferenceLatency.randomWeights(spec(), 2).get(first).data().length)));
        SafeTensors.write(nan.resolve(Checkpoint.WEIGHTS_FILE), bad, Map.of());
        c.add(finetune("nan-weight", nan, "nan.ckpt/weights.safetensors", "non-finite"));

        List<String> meta = List.of("filename\tscene_label\tidentifier\tsource_label",
                "audio/a1.wav\tpark\tlisbon-1\ta", "audio/a2.wav\tpark\tlisbon-2\ta", "audio/b1.wav\tmetro\tlisbon-3\ta",
                "audio/b2.wav\tmetro\tlisbon-4\ta", "audio/t1.wav\tpark\tvienna-1\ta", "audio/t2.wav\tmetro\tvienna-2\ta");
        List<String> train = List.of("filename\tscene_label", "audio/a1.wav\tpark", "audio/a2.wav\tpark",
                "audio/b1.wav\tmetro", "audio/b2.wav\tmetro");
        List<String> test = List.of("filename\tscene_label", "audio/t1.wav\tpark", "audio/t2.wav\tmetro");
        Path tauOk = tau("ok", meta, train, test);
        Files.delete(tauOk.resolve("meta.csv"));
        c.add(info("no-meta", tauOk, "meta.csv", "missing metadata file"));
        c.add(info("bad-header", tau("bad-header", List.of("file\tscene", "a\tb"), train, test), "meta.csv:1",
                "lacks column"));
        List<String> shortRow = new ArrayList<>(meta);
        shortRow.set(2, "audio/a2.wav\tpark");
        c.add(info("short-row", tau("short-row", shortRow, train, test), "meta.csv:3", "malformed row"));
        List<String> unknown = new ArrayList<>(train);
        unknown.set(1, "audio/a1.wav\tbeach");
        c.add(info("unknown-label", tau("unknown-label", meta, unknown, test), "fold1_train.csv:2",
                "unknown scene label 'beach'"));
        List<String> twice = new ArrayList<>(train);
        twice.add("audio/a1.wav\tpark");
        c.add(info("duplicate-row", tau("duplicate-row", meta, twice, test), "fold1_train.csv:6", "listed again",
                "--ignore-duplicate-rows"));
        List<String> leak = new ArrayList<>(test);
        leak.add("audio/b2.wav\tmetro");
        c.add(info("leakage", tau("leakage", meta, train, leak), "fold1_evaluate.csv:4", "also a training clip"));
        c.add(info("class-without-training", tau("no-metro", meta, train.subList(0, 3), test), "fold1_train.csv",
                "scene 'metro'", "no training clip"));
        Path missingAudio = tau("missing-audio", meta, train, test);
        Files.delete(missingAudio.resolve("audio/b1.wav"));
        c.add(info("missing-audio", missingAudio, "fold1_train.csv:4", "b1.wav does not exist"));
        return c;
    }

    private static float[] nanFilled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    static Stream<Arguments> cases() throws IOException {
        return corpus().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyBadInputIsOneLineExitTwoNamingTheCulpritAndWritesNothing(Case c) throws IOException {
        // each case judged on its own: an output a failing case changed is put back first
        Files.write(npyOut, npyBefore);
        Files.write(ckptOut.resolve(Checkpoint.WEIGHTS_FILE), ckptBefore);
        CliRun r = CliRun.of(c.args());
        assertEquals(2, r.code(), c + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), c + ": " + r.err());
        assertTrue(r.err().startsWith("audioprune: error: "), r.err());
        for (String e : c.expected()) {
            assertTrue(r.err().contains(e), c + ": '" + e + "' missing from " + r.err());
        }
        assertArrayEquals(npyBefore, Files.readAllBytes(npyOut));
        assertArrayEquals(ckptBefore, Files.readAllBytes(ckptOut.resolve(Checkpoint.WEIGHTS_FILE)));
    }
}
