package org.audioprune.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audioprune.audio.AudioLoader;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.io.NpyArray;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Compute the un-normalised log-mel features of one WAV file as .npy.",
            "",
            "The audio is mixed down to mono and resampled to the front end's rate (Kaiser-windowed sinc, 80 dB stop "
                + "band). The output is a float32 array shaped (n_mels, frames). Definitions: docs/frontends.md."})
public final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--front-end", defaultValue = "dcase21", paramLabel = "NAME",
            description = "The front end, one of ${bundle:registry-front-ends}: dcase21 is 44.1 kHz, 40 mel bands, natural "
                    + "log; panns is 32 kHz, 64 mel bands, dB (default: ${DEFAULT-VALUE}).")
    String frontEnd;

    @Option(names = "--input", required = true, paramLabel = "FILE.wav",
            description = "The input WAV file: 16/24/32-bit integer PCM or 32/64-bit float, any channels, any rate.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy",
            description = "The output .npy file (written atomically: an existing file is replaced only on success).")
    Path out;

    @Override
    public Integer call() {
        OutputGuard.create().reads("--input", input).writes("--out", out, OutputKind.NPY).check();
        FrontEnd fe = FrontEnds.byName(frontEnd);
        float[] mono = AudioLoader.loadMono(input, fe.sampleRate());
        float[][] mel = fe.compute(mono);
        AudioLoader.requireFinite(mel, input);
        int frames = mel[0].length;
        float[] flat = new float[fe.nMels() * frames];
        for (int m = 0; m < mel.length; m++) {
            System.arraycopy(mel[m], 0, flat, m * frames, frames);
        }
        NpyArray.ofFloats(new int[] {fe.nMels(), frames}, flat).write(out);
        spec.commandLine().getOut().printf("%s: %d mel bands x %d frames (%s) -> %s%n", input, fe.nMels(), frames,
                fe.name(), out);
        return 0;
    }
}
