package org.audioprune.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import me.tongfei.progressbar.ProgressBar;
import org.audioprune.Progress;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.io.AtomicFiles;
import org.audioprune.io.OutputException;
import org.audioprune.io.OutputKind;

/**
 * The built-in instrument dataset: clips synthesised with the JDK's Gervill synthesizer from
 * randomised General MIDI notes, rendered once into the cache and reused.
 *
 * <p>Single-label: {@code clipsPerClass} clips per family, each 1–3 notes of one program of the
 * family. Multi-label: {@code clipsPerClass × families} clips, each a mixture of 1–4 families (clip
 * {@code i}'s first family is {@code i mod families}, so every family is present equally often as
 * a primary). Every clip draws its programs, keys (within the family's register), velocities,
 * onsets, durations, gain and background-noise level from a generator seeded by (seed, clip index).
 * Splits are 70/15/15 per (primary) family, at least one clip each, fixed by the seed.
 */
public final class InstrumentDataset {
    /** 2: shipped soundbank, per-clip PCM hashes, per-variant classes and shares. */
    private static final int FORMAT_VERSION = 2;
    /** Silence between clips rendered in one sequence. */
    private static final int GAP_MS = 100;
    /** Clips are rendered in batches of about this much audio: one synthesizer set-up per batch. */
    private static final int BATCH_AUDIO_MS = 60_000;
    private static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final AudioFormat WAV_FORMAT = new AudioFormat(GervillRenderer.SAMPLE_RATE, 16, 1, true, false);

    /**
     * One rendered note (ms from clip start).
     *
     * @param volume MIDI channel volume (CC 7) of the note's channel in this clip: {@value #FULL_VOLUME} (the
     *               General MIDI default) except for a distractor, which plays quieter
     */
    record Note(int channel, int program, int key, int velocity, int onMs, int offMs, int volume) {
    }

    /** The General MIDI default channel volume. */
    static final int FULL_VOLUME = 100;

    /**
     * One clip of the manifest.
     *
     * @param pcmSha256 SHA-256 of the clip's 16-bit little-endian PCM samples (null in a plan not rendered yet)
     */
    record ManifestClip(String id, String file, List<Integer> labels, String split, List<Note> notes,
            double gainDb, double snrDb, String pcmSha256) {
        ManifestClip withPcmSha256(String sha) {
            return new ManifestClip(id, file, labels, split, notes, gainDb, snrDb, sha);
        }
    }

    /**
     * {@code manifest.json}: everything needed to reproduce or audit the render.
     *
     * @param audioSha256 SHA-256 over the clips' {@code pcmSha256} digests (32 bytes each, in clip
     *                    order): one number to compare two renders by (docs/reproducibility.md)
     * @param javaVersion the JDK that rendered it (Gervill's output can change between JDK versions)
     */
    record Manifest(int format, String variant, long seed, int clipsPerClass, double clipSeconds, int sampleRate,
            GervillRenderer.SoundbankInfo soundbank, String javaVersion, String audioSha256,
            List<InstrumentFamily> families, List<ManifestClip> clips) {
    }

    private InstrumentDataset() {
    }

    /** Renders the dataset into the cache unless a complete render exists, then opens it. */
    static AudioDataset open(String spec, InstrumentVariant variant, DatasetOptions options) {
        Path dir = render(variant, options);
        Manifest manifest = readManifest(dir);
        Map<Split, List<Clip>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            splits.put(s, new ArrayList<>());
        }
        for (ManifestClip c : manifest.clips()) {
            splits.get(Split.valueOf(c.split().toUpperCase(Locale.ROOT)))
                    .add(new Clip(c.id(), dir.resolve(c.file()), c.labels(), null));
        }
        List<String> classNames = manifest.families().stream().map(InstrumentFamily::name).toList();
        return new ListedDataset(spec, classNames, variant.multiLabel(), splits.get(Split.TRAIN),
                splits.get(Split.VALIDATION), splits.get(Split.TEST));
    }

    /**
     * The folder holding a complete render for these options, rendering it first (in parallel,
     * progress on stderr) if needed.
     */
    public static Path render(InstrumentVariant variant, DatasetOptions options) {
        GervillRenderer renderer = new GervillRenderer(options.soundfont());
        GervillRenderer.SoundbankInfo soundbank = renderer.soundbankInfo();
        Path dir = options.cacheRoot().resolve("builtin").resolve(String.format(Locale.ROOT,
                "%s-seed%d-n%d-%.3fs-sb%s", variant.label(), options.seed(), options.clipsPerClass(),
                options.clipSeconds(), soundbank.sha256().substring(0, 12)));
        if (Files.isRegularFile(dir.resolve(MANIFEST))) {
            return dir; // the manifest is written last inside an atomically renamed folder
        }
        List<ManifestClip> plan = plan(variant, options);
        try {
            AtomicFiles.writeFolder(dir, OutputKind.CACHE_ENTRY, tmp -> {
                List<ManifestClip> clips = renderAll(renderer, plan, options, tmp);
                Manifest manifest = new Manifest(FORMAT_VERSION, variant.label(), options.seed(),
                        options.clipsPerClass(), options.clipSeconds(), GervillRenderer.SAMPLE_RATE, soundbank,
                        System.getProperty("java.vendor") + " " + Runtime.version(), audioSha256(clips),
                        variant.classes(), clips);
                JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            });
        } catch (OutputException e) {
            throw FeatureCache.cacheWriteError(e);
        }
        return dir;
    }

    /** SHA-256 over the clips' PCM digests, 32 bytes each, in clip order. */
    static String audioSha256(List<ManifestClip> clips) {
        MessageDigest all = Digests.sha256();
        for (ManifestClip c : clips) {
            all.update(HexFormat.of().parseHex(c.pcmSha256()));
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private static Manifest readManifest(Path dir) {
        try {
            return JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
        } catch (IOException e) {
            throw new AudioPruneException(dir.resolve(MANIFEST) + ": unreadable manifest (delete the folder to re-render): "
                    + e.getMessage(), e);
        }
    }

    /** Decides every clip's notes, gain, noise level and split from the seed alone. */
    static List<ManifestClip> plan(InstrumentVariant variant, DatasetOptions options) {
        List<InstrumentFamily> families = variant.classes();
        int nFamilies = families.size();
        int perClass = options.clipsPerClass();
        int clipMs = clipMs(options.clipSeconds());
        int total = perClass * nFamilies;
        String[] splitOf = assignSplits(variant, perClass, options.seed());
        List<ManifestClip> clips = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            // SplittableRandom mixes its seed, so neighbouring clip indices draw unrelated streams
            // (java.util.Random's first draws for consecutive seeds are nearly equal)
            SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + i);
            int primary = i % nFamilies;
            List<Integer> labels = new ArrayList<>(List.of(primary));
            if (variant.multiLabel()) {
                int extra = random.nextInt(4); // 1..4 families in all
                while (labels.size() < 1 + extra) {
                    int f = random.nextInt(nFamilies);
                    if (!labels.contains(f)) {
                        labels.add(f);
                    }
                }
                labels.sort(null);
            }
            List<Note> notes = new ArrayList<>();
            int nextChannel = 0;
            for (int f : labels) {
                InstrumentFamily family = families.get(f);
                int channel = family.drums() ? InstrumentFamily.DRUM_CHANNEL : nextChannel++;
                int program = family.drums() ? 0 : family.programs().get(random.nextInt(family.programs().size()));
                int polyphony = variant.multiLabel() ? 1 + random.nextInt(2) : 1 + random.nextInt(3);
                for (int n = 0; n < polyphony; n++) {
                    int key = family.lowKey() + random.nextInt(family.highKey() - family.lowKey() + 1);
                    int velocity = variant.minVelocity() + random.nextInt(variant.maxVelocity() - variant.minVelocity() + 1);
                    int on = random.nextInt(Math.max(1, (int) (0.3 * clipMs)));
                    int length = (int) ((0.25 + 0.65 * random.nextDouble()) * clipMs);
                    notes.add(new Note(channel, program, key, velocity, on, Math.min(clipMs, on + length), FULL_VOLUME));
                }
            }
            if (variant.hasDistractor()) {
                // one note of another class, d dB quieter: GM channel volume v gives 40·log10(v/127) dB
                int other = (primary + 1 + random.nextInt(nFamilies - 1)) % nFamilies;
                InstrumentFamily family = families.get(other);
                int program = family.programs().get(random.nextInt(family.programs().size()));
                int key = family.lowKey() + random.nextInt(family.highKey() - family.lowKey() + 1);
                int velocity = variant.minVelocity() + random.nextInt(variant.maxVelocity() - variant.minVelocity() + 1);
                int on = random.nextInt(Math.max(1, (int) (0.5 * clipMs)));
                int length = (int) ((0.25 + 0.65 * random.nextDouble()) * clipMs);
                double db = variant.minDistractorDb()
                        + (variant.maxDistractorDb() - variant.minDistractorDb()) * random.nextDouble();
                int volume = (int) Math.round(FULL_VOLUME * Math.pow(10, -db / 40));
                notes.add(new Note(nextChannel, program, key, velocity, on, Math.min(clipMs, on + length), volume));
            }
            double gainDb = -12 * random.nextDouble();
            double snrDb = variant.minSnrDb() + (variant.maxSnrDb() - variant.minSnrDb()) * random.nextDouble();
            String id = String.format(Locale.ROOT, "%s-%05d", variant.multiLabel() ? "mix" : families.get(primary).name(), i);
            clips.add(new ManifestClip(id, "audio/" + id + ".wav", labels, splitOf[i], notes, gainDb, snrDb, null));
        }
        return clips;
    }

    /**
     * The variant's validation and test shares per (primary) class, at least one clip each, the rest
     * training; clip i belongs to class i mod n.
     */
    private static String[] assignSplits(InstrumentVariant variant, int perClass, long seed) {
        int nClasses = variant.classes().size();
        String[] split = new String[perClass * nClasses];
        Random random = new Random(seed ^ 0x5EED_5EEDL);
        int nValidation = (int) Math.max(1, Math.round(variant.validationShare() * perClass));
        int nTest = (int) Math.max(1, Math.round(variant.testShare() * perClass));
        for (int f = 0; f < nClasses; f++) {
            List<Integer> members = new ArrayList<>();
            for (int k = 0; k < perClass; k++) {
                members.add(k * nClasses + f);
            }
            Collections.shuffle(members, random);
            for (int k = 0; k < perClass; k++) {
                split[members.get(k)] = k < nValidation ? "validation" : k < nValidation + nTest ? "test" : "train";
            }
        }
        return split;
    }

    /** Clips rendered by one synthesizer: about {@link #BATCH_AUDIO_MS} of audio. */
    static int clipsPerBatch(double clipSeconds) {
        return Math.max(1, BATCH_AUDIO_MS / (clipMs(clipSeconds) + GAP_MS));
    }

    private static int clipMs(double clipSeconds) {
        return (int) Math.round(clipSeconds * 1000);
    }

    /**
     * Renders {@code batch} with one fresh synthesizer, each clip in its own slot, and returns every
     * clip's finished 16-bit PCM. Batches are independent of each other, so the render of a clip
     * depends only on the plan, the soundbank and the batch it falls in ({@link #clipsPerBatch}).
     */
    static List<byte[]> renderBatch(GervillRenderer renderer, List<ManifestClip> batch, double clipSeconds,
            long seed) {
        int slotMs = clipMs(clipSeconds) + GAP_MS;
        int clipFrames = (int) Math.round(clipSeconds * GervillRenderer.SAMPLE_RATE);
        Sequence sequence = sequence(batch.stream().map(ManifestClip::notes).toList(), slotMs);
        float[] mono = renderer.renderMono(sequence, GervillRenderer.framesIn((long) batch.size() * slotMs));
        List<byte[]> pcm = new ArrayList<>(batch.size());
        for (int k = 0; k < batch.size(); k++) {
            int start = GervillRenderer.framesIn((long) k * slotMs);
            pcm.add(finish(Arrays.copyOfRange(mono, start, start + clipFrames), batch.get(k), seed));
        }
        return pcm;
    }

    /** Renders and writes every clip (batches in parallel); returns the plan with each clip's PCM digest. */
    private static List<ManifestClip> renderAll(GervillRenderer renderer, List<ManifestClip> plan,
            DatasetOptions options, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("audio"));
        int perBatch = clipsPerBatch(options.clipSeconds());
        String[] digests = new String[plan.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try (ProgressBar bar = Progress.bar("render", plan.size())) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int first = 0; first < plan.size(); first += perBatch) {
                int from = first;
                List<ManifestClip> batch = plan.subList(from, Math.min(plan.size(), from + perBatch));
                jobs.add(pool.submit(() -> {
                    List<byte[]> pcm = renderBatch(renderer, batch, options.clipSeconds(), options.seed());
                    for (int k = 0; k < batch.size(); k++) {
                        writeWav(dir.resolve(batch.get(k).file()), pcm.get(k));
                        digests[from + k] = Digests.sha256Hex(pcm.get(k));
                        bar.step();
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering", e);
        } finally {
            pool.shutdownNow();
        }
        List<ManifestClip> rendered = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            rendered.add(plan.get(i).withPcmSha256(digests[i]));
        }
        return rendered;
    }

    /** Peak-normalises to -6 dBFS, applies the clip's gain and adds white noise at its SNR; 16-bit PCM. */
    private static byte[] finish(float[] mono, ManifestClip clip, long seed) {
        double peak = 0;
        double energy = 0;
        for (float v : mono) {
            peak = Math.max(peak, Math.abs(v));
        }
        double scale = peak > 0 ? 0.5 / peak * Math.pow(10, clip.gainDb() / 20) : 0;
        for (float v : mono) {
            energy += (v * scale) * (v * scale);
        }
        double rms = Math.sqrt(energy / Math.max(1, mono.length));
        double noiseStd = Math.max(rms, 1e-4) * Math.pow(10, -clip.snrDb() / 20);
        SplittableRandom noise = new SplittableRandom(seed ^ clip.id().hashCode());
        byte[] pcm = new byte[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            double x = mono[i] * scale + noise.nextGaussian() * noiseStd;
            int s = (int) Math.round(Math.max(-1, Math.min(1, x)) * 32767);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    private static void writeWav(Path file, byte[] pcm) throws IOException {
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), WAV_FORMAT,
                pcm.length / WAV_FORMAT.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    /**
     * One MIDI sequence playing clip {@code k}'s notes from {@code k × slotMs} (ticks are
     * milliseconds). Each slot starts by silencing every voice and resetting every channel with
     * reverb and chorus sends at zero, so no sound leaks from one clip into the next.
     */
    static Sequence sequence(List<List<Note>> clips, int slotMs) {
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, GervillRenderer.TICKS_PER_QUARTER);
            Track track = sequence.createTrack();
            for (int k = 0; k < clips.size(); k++) {
                long start = (long) k * slotMs;
                for (int ch = 0; ch < 16; ch++) {
                    track.add(control(ch, 120, 0, start)); // all sound off
                    track.add(control(ch, 121, 0, start)); // reset all controllers
                    track.add(control(ch, 91, 0, start)); // reverb send
                    track.add(control(ch, 93, 0, start)); // chorus send
                    track.add(control(ch, 7, FULL_VOLUME, start)); // channel volume
                }
                for (Note n : clips.get(k)) {
                    if (n.channel() != InstrumentFamily.DRUM_CHANNEL) {
                        track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, n.channel(), n.program(), 0), start));
                    }
                    if (n.volume() != FULL_VOLUME) {
                        track.add(control(n.channel(), 7, n.volume(), start));
                    }
                }
                for (Note n : clips.get(k)) {
                    track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, n.channel(), n.key(), n.velocity()),
                            start + n.onMs()));
                    track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, n.channel(), n.key(), 0),
                            start + n.offMs()));
                }
            }
            // a no-op controller at the end keeps the sequence as long as its last slot
            track.add(control(0, 7, 100, (long) clips.size() * slotMs));
            return sequence;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("generated an invalid MIDI event", e);
        }
    }

    private static MidiEvent control(int channel, int controller, int value, long tick) throws InvalidMidiDataException {
        return new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, channel, controller, value), tick);
    }
}
