package org.audioprune.data;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders only a handful of short clips: 3 per family (one per split), 0.2 s each. */
class InstrumentDatasetTest {
    @TempDir
    Path tmp;

    private DatasetOptions small(Path cache, long seed) {
        return DatasetOptions.defaults().withCacheRoot(cache).withSeed(seed).withClipsPerClass(3).withClipSeconds(0.2);
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws Exception {
        Path a = InstrumentDataset.render(InstrumentVariant.INSTRUMENTS, small(tmp.resolve("a"), 5));
        Path b = InstrumentDataset.render(InstrumentVariant.INSTRUMENTS, small(tmp.resolve("b"), 5));
        Path c = InstrumentDataset.render(InstrumentVariant.INSTRUMENTS, small(tmp.resolve("c"), 6));
        List<String> files;
        try (var s = Files.list(a.resolve("audio"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(3 * InstrumentFamily.ALL.size(), files.size());
        int differing = 0;
        for (String f : files) {
            byte[] bytesA = Files.readAllBytes(a.resolve("audio").resolve(f));
            assertArrayEquals(bytesA, Files.readAllBytes(b.resolve("audio").resolve(f)), f);
            if (!java.util.Arrays.equals(bytesA, Files.readAllBytes(c.resolve("audio").resolve(f)))) {
                differing++;
            }
        }
        assertEquals(files.size(), differing, "every clip must change with the seed");

        try (AudioInputStream in = AudioSystem.getAudioInputStream(a.resolve("audio").resolve(files.get(0)).toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(44100f, f.getSampleRate());
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(1, f.getChannels());
            assertEquals(Math.round(0.2 * 44100), in.getFrameLength());
        }
    }

    @Test
    void everyFamilyIsInEverySplitAndTheManifestRecordsTheRender() throws IOException {
        DatasetOptions options = small(tmp, 11);
        AudioDataset ds = Datasets.open("builtin:instruments", options);
        assertFalse(ds.multiLabel());
        assertEquals(InstrumentFamily.ALL.stream().map(InstrumentFamily::name).toList(), ds.classNames());
        assertTrue(ds.classNames().size() >= 8);
        for (Split s : Split.values()) {
            assertEquals(ds.classNames().size(), ds.clips(s).size(), s + ": one clip per family");
            Set<Integer> labels = new HashSet<>();
            ds.clips(s).forEach(c -> labels.addAll(c.labels()));
            assertEquals(ds.classNames().size(), labels.size(), s + " lacks a family");
        }
        Path dir = ds.clips(Split.TRAIN).get(0).audio().getParent().getParent();
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals(11, manifest.get("seed").asLong());
        assertEquals(64, manifest.at("/soundbank/sha256").asText().length());
        assertFalse(manifest.at("/soundbank/name").asText().isBlank());
        assertEquals(30, manifest.get("clips").size());
        // a second open reuses the render
        long before = Files.getLastModifiedTime(dir.resolve("manifest.json")).toMillis();
        Datasets.open("builtin:instruments", options);
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("manifest.json")).toMillis());
    }

    @Test
    void multiLabelMixesOneToFourFamiliesAndCoversEverySplit() {
        AudioDataset ds = Datasets.open("builtin:instruments-multi", small(tmp, 3));
        assertTrue(ds.multiLabel());
        Set<Integer> sizes = new HashSet<>();
        for (Split s : Split.values()) {
            Set<Integer> labels = new HashSet<>();
            for (Clip c : ds.clips(s)) {
                assertTrue(c.labels().size() >= 1 && c.labels().size() <= 4, c.id() + " " + c.labels());
                assertEquals(c.labels().size(), new HashSet<>(c.labels()).size(), "repeated family in " + c.id());
                labels.addAll(c.labels());
                sizes.add(c.labels().size());
            }
            assertEquals(ds.classNames().size(), labels.size(), s + " lacks a family");
        }
        assertTrue(sizes.size() >= 3, "mixture sizes should vary, got " + sizes);
    }

    @Test
    void manifestRecordsTheShippedSoundbankAndEveryClipsPcmDigest() throws Exception {
        Path dir = InstrumentDataset.render(InstrumentVariant.INSTRUMENTS, small(tmp, 4));
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals(GervillRenderer.BUILTIN_SHA256, manifest.at("/soundbank/sha256").asText());
        assertEquals("builtin", manifest.at("/soundbank/file").asText());
        assertTrue(dir.getFileName().toString().endsWith("-sb" + GervillRenderer.BUILTIN_SHA256.substring(0, 12)));
        java.security.MessageDigest all = Digests.sha256();
        for (JsonNode clip : manifest.get("clips")) {
            byte[] wav = Files.readAllBytes(dir.resolve(clip.get("file").asText()));
            byte[] pcm = java.util.Arrays.copyOfRange(wav, 44, wav.length); // canonical 44-byte header
            assertEquals(Digests.sha256Hex(pcm), clip.get("pcmSha256").asText(), clip.get("id").asText());
            all.update(java.util.HexFormat.of().parseHex(clip.get("pcmSha256").asText()));
        }
        assertEquals(java.util.HexFormat.of().formatHex(all.digest()), manifest.get("audioSha256").asText());
    }

    /**
     * The default render (seed 42, 200 clips per family, 1 s) is pinned by content: its first
     * synthesizer batch (batches are rendered independently, so this is exactly the first 54 clips
     * of a full render), hashed the way the manifest's audioSha256 is. Same value with OpenJDK
     * 17.0.15 and Temurin 25.0.3; the full render's audioSha256 is in docs/reproducibility.md.
     */
    @Test
    void defaultRenderIsPinnedByContent() {
        assertEquals("ba912d2a9c6e5172c1a01b2284d51913ef747f86fcb9cd50d1ce65270636420f",
                firstBatchDigest(InstrumentVariant.INSTRUMENTS), "the built-in render changed (soundbank, plan or JDK)");
    }

    static String firstBatchDigest(InstrumentVariant variant) {
        DatasetOptions defaults = DatasetOptions.defaults();
        List<InstrumentDataset.ManifestClip> plan = InstrumentDataset.plan(variant, defaults);
        List<InstrumentDataset.ManifestClip> batch = plan.subList(0,
                InstrumentDataset.clipsPerBatch(defaults.clipSeconds()));
        List<byte[]> pcm = InstrumentDataset.renderBatch(new GervillRenderer(null), batch, defaults.clipSeconds(),
                defaults.seed());
        List<InstrumentDataset.ManifestClip> hashed = new java.util.ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
            hashed.add(batch.get(k).withPcmSha256(Digests.sha256Hex(pcm.get(k))));
        }
        return InstrumentDataset.audioSha256(hashed);
    }

    @Test
    void hardVariantPlaysCloseProgramsInOneRegisterWithAQuieterDistractor() {
        DatasetOptions options = small(tmp, 9).withClipsPerClass(20);
        List<InstrumentFamily> classes = InstrumentVariant.INSTRUMENTS_HARD.classes();
        assertEquals(28, classes.size());
        assertEquals(classes.size(), classes.stream().map(InstrumentFamily::programs).distinct().count(),
                "one distinct program per class");
        List<InstrumentDataset.ManifestClip> plan = InstrumentDataset.plan(InstrumentVariant.INSTRUMENTS_HARD, options);
        int[] perSplit = new int[3];
        for (InstrumentDataset.ManifestClip clip : plan) {
            int label = clip.labels().get(0);
            assertEquals(List.of(label), clip.labels());
            List<InstrumentDataset.Note> main = clip.notes().stream()
                    .filter(n -> n.volume() == InstrumentDataset.FULL_VOLUME).toList();
            List<InstrumentDataset.Note> distractor = clip.notes().stream()
                    .filter(n -> n.volume() != InstrumentDataset.FULL_VOLUME).toList();
            assertTrue(main.size() >= 1 && main.size() <= 3, clip.id());
            main.forEach(n -> assertEquals(classes.get(label).programs().get(0), n.program(), clip.id()));
            assertEquals(1, distractor.size(), clip.id());
            InstrumentDataset.Note d = distractor.get(0);
            assertNotEquals(classes.get(label).programs().get(0), d.program(), clip.id() + ": distractor of its own class");
            assertNotEquals(main.get(0).channel(), d.channel());
            // 3–15 dB below: GM volume 100 · 10^(−dB/40)
            assertTrue(d.volume() >= 42 && d.volume() <= 84, clip.id() + " volume " + d.volume());
            clip.notes().forEach(n -> assertTrue(n.key() >= 48 && n.key() <= 72, clip.id() + " key " + n.key()));
            assertTrue(clip.snrDb() >= 0 && clip.snrDb() <= 20);
            perSplit[List.of("train", "validation", "test").indexOf(clip.split())]++;
        }
        // 20 per class: 10 % validation (2), 45 % test (9), the rest (9) training
        assertArrayEquals(new int[] {9 * 28, 2 * 28, 9 * 28}, perSplit);
    }

    /** The hard variant at the default options, pinned like {@link #defaultRenderIsPinnedByContent}. */
    @Test
    void hardRenderIsPinnedByContent() {
        assertEquals("2d1dc0fe77298eb01ae323035cec4fbb4604094d5724b2841126f9d414dc0d43",
                firstBatchDigest(InstrumentVariant.INSTRUMENTS_HARD),
                "the built-in render changed (soundbank, plan or JDK)");
    }
}
