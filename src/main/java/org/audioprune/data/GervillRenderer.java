package org.audioprune.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.audioprune.AudioPruneException;

/**
 * Renders MIDI sequences offline, faster than real time, with the JDK's Gervill synthesizer.
 *
 * <p>With the default soundbank (Gervill's generated emergency soundbank when the system has no
 * soundbank file) the sequence goes through the public {@code AudioSystem} MIDI-file reader, which
 * drives Gervill's offline stream. A user soundfont needs Gervill's {@code AudioSynthesizer.openStream},
 * which lives in a package {@code java.desktop} does not export, so it is reached reflectively and
 * requires the JVM option {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED}.
 */
final class GervillRenderer {
    static final int SAMPLE_RATE = 44100;
    /** Gervill renders 16-bit stereo; the caller mixes down. */
    static final AudioFormat FORMAT = new AudioFormat(SAMPLE_RATE, 16, 2, true, false);
    /** Sequence resolution: at the default 120 bpm, 500 ticks per quarter note = 1 tick per ms. */
    static final int TICKS_PER_QUARTER = 500;
    static final String EMERGENCY_NAME = "Emergency GM sound set";
    private static final String EXPORT_OPTION = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    private static final String NEEDS_EXPORT = "--soundfont needs the JVM option " + EXPORT_OPTION
            + " (e.g. AUDIOPRUNE_JAVA_OPTS='-Xmx6g " + EXPORT_OPTION + "')";

    /** Audio frames in {@code ms} milliseconds (rounded down). */
    static int framesIn(long ms) {
        return Math.toIntExact(ms * SAMPLE_RATE / 1000);
    }

    /** What the manifest records about the soundbank. */
    record SoundbankInfo(String name, String file, String sha256) {
    }

    private final Soundbank custom;
    private final Path soundfont;

    /** @param soundfont a .sf2/.dls file, or {@code null} for the JDK's default soundbank */
    GervillRenderer(Path soundfont) {
        this.soundfont = soundfont;
        if (soundfont == null) {
            this.custom = null;
            defaultSoundbank(); // builds the emergency soundbank once, before worker threads race for it
            return;
        }
        if (!Files.isRegularFile(soundfont)) {
            throw new AudioPruneException("--soundfont " + soundfont + ": file does not exist");
        }
        if (!Synthesizer.class.getModule().isExported("com.sun.media.sound", GervillRenderer.class.getModule())) {
            throw new AudioPruneException(NEEDS_EXPORT);
        }
        try {
            this.custom = MidiSystem.getSoundbank(soundfont.toFile());
        } catch (InvalidMidiDataException | IOException e) {
            throw new AudioPruneException("--soundfont " + soundfont + ": not a readable soundbank: " + e.getMessage(), e);
        }
    }

    private static Soundbank defaultSoundbank() {
        try {
            Synthesizer synth = MidiSystem.getSynthesizer();
            Soundbank bank = synth.getDefaultSoundbank();
            if (bank == null) {
                throw new AudioPruneException("the JDK synthesizer has no default soundbank; pass --soundfont FILE");
            }
            return bank;
        } catch (MidiUnavailableException e) {
            throw new AudioPruneException("the JDK MIDI synthesizer is unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Identifies the soundbank: a custom file by the SHA-256 of its bytes; the default one (generated
     * in memory, so it has no file) by the SHA-256 of {@code probe} rendered with it.
     */
    SoundbankInfo soundbankInfo(Sequence probe, int probeFrames) {
        if (custom != null) {
            try {
                byte[] bytes = Files.readAllBytes(soundfont);
                return new SoundbankInfo(custom.getName(), soundfont.toAbsolutePath().toString(), Digests.sha256Hex(bytes));
            } catch (IOException e) {
                throw new AudioPruneException("--soundfont " + soundfont + ": cannot read: " + e.getMessage(), e);
            }
        }
        String name = defaultSoundbank().getName();
        return new SoundbankInfo(name, EMERGENCY_NAME.equals(name) ? "emergency" : "default",
                Digests.sha256Hex(renderBytes(probe, probeFrames)));
    }

    /** The first {@code frames} frames of the rendered sequence, mixed to mono in [-1, 1]. */
    float[] renderMono(Sequence sequence, int frames) {
        byte[] pcm = renderBytes(sequence, frames);
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            int left = (short) ((pcm[4 * i] & 0xff) | (pcm[4 * i + 1] << 8));
            int right = (short) ((pcm[4 * i + 2] & 0xff) | (pcm[4 * i + 3] << 8));
            mono[i] = (left + right) / 65536f;
        }
        return mono;
    }

    /** Raw 16-bit stereo bytes, zero-padded if the synthesizer stops early. */
    private byte[] renderBytes(Sequence sequence, int frames) {
        byte[] out = new byte[frames * FORMAT.getFrameSize()];
        try (AudioInputStream stream = custom == null ? viaFileReader(sequence) : viaOpenStream(sequence)) {
            stream.readNBytes(out, 0, out.length);
        } catch (IOException e) {
            throw new AudioPruneException("Gervill rendering failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static AudioInputStream viaFileReader(Sequence sequence) throws IOException {
        ByteArrayOutputStream midi = new ByteArrayOutputStream();
        MidiSystem.write(sequence, 1, midi);
        try {
            AudioInputStream stream = AudioSystem.getAudioInputStream(new ByteArrayInputStream(midi.toByteArray()));
            if (!stream.getFormat().matches(FORMAT)) {
                throw new AudioPruneException("the JDK MIDI renderer produced " + stream.getFormat() + ", expected " + FORMAT);
            }
            return stream;
        } catch (UnsupportedAudioFileException e) {
            throw new AudioPruneException("this JDK cannot render MIDI to audio (no Gervill MIDI file reader)", e);
        }
    }

    private AudioInputStream viaOpenStream(Sequence sequence) {
        try {
            Synthesizer synth = MidiSystem.getSynthesizer();
            Method openStream = Class.forName("com.sun.media.sound.AudioSynthesizer")
                    .getMethod("openStream", AudioFormat.class, Map.class);
            AudioInputStream stream = (AudioInputStream) openStream.invoke(synth, FORMAT,
                    Map.of("load default soundbank", false));
            synth.loadAllInstruments(custom);
            Receiver receiver = synth.getReceiver();
            double microsPerTick = 500_000.0 / sequence.getResolution(); // default tempo, no tempo events
            for (Track track : sequence.getTracks()) {
                for (int i = 0; i < track.size(); i++) {
                    MidiEvent e = track.get(i);
                    if (e.getMessage() instanceof javax.sound.midi.ShortMessage) {
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
            throw new AudioPruneException(NEEDS_EXPORT);
        } catch (ClassNotFoundException | NoSuchMethodException | InvocationTargetException
                | MidiUnavailableException e) {
            throw new AudioPruneException("--soundfont: this JDK's synthesizer cannot render offline: " + e, e);
        }
    }
}
