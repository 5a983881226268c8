package org.audioprune.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.audioprune.AudioPruneException;

/**
 * Renders MIDI sequences offline, faster than real time, with the JDK's Gervill synthesizer and one
 * fixed soundbank.
 *
 * <p>The default soundbank ships with AudioPrune ({@value #BUILTIN_RESOURCE}, made by
 * {@code tools/MakeSoundbank.java}): Gervill's generated emergency General MIDI bank with its random
 * sample phases seeded. The JDK's own default bank is deliberately not used: the JDK generates it
 * with unseeded {@code Math.random()} phases on first use (then caches it in
 * {@code ~/.gervill/soundbank-emg.sf2}), or picks up a system soundfont, so every machine rendered a
 * different dataset (docs/reproducibility.md). Offline rendering with a given soundbank needs
 * Gervill's {@code AudioSynthesizer.openStream}, which lives in a package {@code java.desktop} does
 * not export, so it is reached reflectively and requires the JVM option
 * {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED} (the launcher and the build pass it).
 */
final class GervillRenderer {
    static final int SAMPLE_RATE = 44100;
    /** Gervill renders 16-bit stereo; the caller mixes down. */
    static final AudioFormat FORMAT = new AudioFormat(SAMPLE_RATE, 16, 2, true, false);
    /** Sequence resolution: at the default 120 bpm, 500 ticks per quarter note = 1 tick per ms. */
    static final int TICKS_PER_QUARTER = 500;
    /** The shipped soundbank, gzip-compressed, next to this class. */
    static final String BUILTIN_RESOURCE = "gervill-emergency-seed0.sf2.gz";
    /** SHA-256 of the uncompressed shipped soundbank: what tools/MakeSoundbank.java writes. */
    static final String BUILTIN_SHA256 = "8f9e2d084ea942f4b7ba44d5b41cffb03eff6f962e31d7c9b6efe6140a0f88a8";
    private static final String EXPORT_OPTION = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";

    /** Audio frames in {@code ms} milliseconds (rounded down). */
    static int framesIn(long ms) {
        return Math.toIntExact(ms * SAMPLE_RATE / 1000);
    }

    /**
     * What the manifest records about the soundbank.
     *
     * @param file {@code builtin} or the soundfont's absolute path
     */
    record SoundbankInfo(String name, String file, String sha256) {
    }

    private final Soundbank bank;
    private final SoundbankInfo info;

    /** @param soundfont a .sf2/.dls file, or {@code null} for the shipped soundbank */
    GervillRenderer(Path soundfont) {
        if (soundfont != null && !Files.isRegularFile(soundfont)) {
            throw new AudioPruneException("--soundfont " + soundfont + ": file does not exist");
        }
        if (!Synthesizer.class.getModule().isExported("com.sun.media.sound", GervillRenderer.class.getModule())) {
            throw new AudioPruneException((soundfont == null ? "the built-in dataset" : "--soundfont")
                    + " needs the JVM option " + EXPORT_OPTION + " (the audioprune launcher passes it; e.g. "
                    + "AUDIOPRUNE_JAVA_OPTS='-Xmx6g " + EXPORT_OPTION + "')");
        }
        String what = soundfont == null ? "built-in soundbank " + BUILTIN_RESOURCE : "--soundfont " + soundfont;
        byte[] bytes;
        try {
            bytes = soundfont == null ? builtinBytes() : Files.readAllBytes(soundfont);
        } catch (IOException e) {
            throw new AudioPruneException(what + ": cannot read: " + e.getMessage(), e);
        }
        String sha = Digests.sha256Hex(bytes);
        if (soundfont == null && !sha.equals(BUILTIN_SHA256)) {
            throw new IllegalStateException(what + " has SHA-256 " + sha + ", expected " + BUILTIN_SHA256);
        }
        try {
            this.bank = MidiSystem.getSoundbank(new ByteArrayInputStream(bytes));
        } catch (InvalidMidiDataException | IOException e) {
            throw new AudioPruneException(what + ": not a readable soundbank: " + e.getMessage(), e);
        }
        this.info = new SoundbankInfo(bank.getName(), soundfont == null ? "builtin"
                : soundfont.toAbsolutePath().toString(), sha);
    }

    private static byte[] builtinBytes() throws IOException {
        InputStream raw = GervillRenderer.class.getResourceAsStream(BUILTIN_RESOURCE);
        if (raw == null) {
            throw new IllegalStateException(BUILTIN_RESOURCE + " is missing from the class path");
        }
        try (InputStream in = new GZIPInputStream(raw)) {
            return in.readAllBytes();
        }
    }

    /** The soundbank's name, file and SHA-256 of its bytes. */
    SoundbankInfo soundbankInfo() {
        return info;
    }

    /** The first {@code frames} frames of the rendered sequence, mixed to mono in [-1, 1]. */
    float[] renderMono(Sequence sequence, int frames) {
        byte[] pcm = new byte[frames * FORMAT.getFrameSize()];
        try (AudioInputStream stream = openStream(sequence)) {
            stream.readNBytes(pcm, 0, pcm.length); // zero-padded if the synthesizer stops early
        } catch (IOException e) {
            throw new AudioPruneException("Gervill rendering failed: " + e.getMessage(), e);
        }
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            int left = (short) ((pcm[4 * i] & 0xff) | (pcm[4 * i + 1] << 8));
            int right = (short) ((pcm[4 * i + 2] & 0xff) | (pcm[4 * i + 3] << 8));
            mono[i] = (left + right) / 65536f;
        }
        return mono;
    }

    /** A fresh synthesizer with only {@link #bank} loaded, fed every event of {@code sequence} with its time stamp. */
    private AudioInputStream openStream(Sequence sequence) {
        try {
            Synthesizer synth = MidiSystem.getSynthesizer();
            Method openStream = Class.forName("com.sun.media.sound.AudioSynthesizer")
                    .getMethod("openStream", AudioFormat.class, Map.class);
            AudioInputStream stream = (AudioInputStream) openStream.invoke(synth, FORMAT,
                    Map.of("load default soundbank", false));
            synth.loadAllInstruments(bank);
            Receiver receiver = synth.getReceiver();
            double microsPerTick = 500_000.0 / sequence.getResolution(); // default tempo, no tempo events
            for (Track track : sequence.getTracks()) {
                for (int i = 0; i < track.size(); i++) {
                    MidiEvent e = track.get(i);
                    if (e.getMessage() instanceof ShortMessage) {
                        receiver.send(e.getMessage(), Math.round(e.getTick() * microsPerTick));
                    }
                }
            }
            return new AudioInputStream(stream, FORMAT, AudioSystem.NOT_SPECIFIED) {
                @Override
                public void close() throws IOException {
                    super.close();
                    synth.close();
                }
            };
        } catch (IllegalAccessException e) {
            throw new AudioPruneException("Gervill needs the JVM option " + EXPORT_OPTION);
        } catch (ClassNotFoundException | NoSuchMethodException | InvocationTargetException
                | MidiUnavailableException e) {
            throw new AudioPruneException("this JDK's synthesizer cannot render offline: " + e, e);
        }
    }
}
