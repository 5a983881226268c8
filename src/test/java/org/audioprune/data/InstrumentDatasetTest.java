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
}
