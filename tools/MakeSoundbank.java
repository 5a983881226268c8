/*
 * Regenerates the built-in dataset's soundbank, src/main/resources/org/audioprune/data/gervill-emergency-seed0.sf2.gz.
 *
 *     java --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED \
 *          --add-opens java.base/java.lang=ALL-UNNAMED \
 *          tools/MakeSoundbank.java OUT.sf2 && gzip -9n OUT.sf2
 *
 * It is the JDK's own Gervill "emergency" General MIDI soundbank (EmergencySoundbank.createSoundbank,
 * what the JDK synthesizer falls back to on a system without a soundbank file), with one change: the
 * bank draws the phases of its FFT-synthesised samples from Math.random(), so every JDK that
 * generates it gets a different bank (and caches it in ~/.gervill/soundbank-emg.sf2). Seeding
 * Math.random's generator with 0 first makes the bank a pure function of the JDK's code:
 * OpenJDK 17.0.15 and Temurin 25 both give SHA-256 8f9e2d08…0f88a8 (docs/reproducibility.md).
 * Not part of the build or the tests; the shipped file is checked by its SHA-256 when loaded.
 */
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.Random;

public class MakeSoundbank {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java ... tools/MakeSoundbank.java OUT.sf2");
            System.exit(2);
        }
        Field holder = Class.forName("java.lang.Math$RandomNumberGeneratorHolder")
                .getDeclaredField("randomNumberGenerator");
        holder.setAccessible(true);
        ((Random) holder.get(null)).setSeed(0);
        Object bank = Class.forName("com.sun.media.sound.EmergencySoundbank").getMethod("createSoundbank").invoke(null);
        try (OutputStream out = new FileOutputStream(args[0])) {
            bank.getClass().getMethod("save", OutputStream.class).invoke(bank, out);
        }
    }
}
