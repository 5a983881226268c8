package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.interchange.BackendLatency;
import org.audioprune.interchange.ExportFormat;
import org.audioprune.interchange.OnnxExport;
import org.audioprune.io.OutputGuard;
import org.audioprune.model.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a checkpoint, pruned or not, in a format other tools run.",
            "",
            "  onnx   an ONNX model (opset 17, dynamic batch axis) of the network's",
            "         inference: input 'logmel' (batch, 1, n_mels, frames), the",
            "         un-normalised log-mel as 'audioprune features' writes it (the",
            "         checkpoint's band normalisation is inside the model); output",
            "         'probabilities' (batch, classes), softmax or sigmoids as",
            "         'audioprune predict' prints them. Class names and the front end",
            "         are in the model's metadata. Checked against AudioPrune's own",
            "         inference with ONNX Runtime in the tests.",
            "",
            "With --with-front-end the log-mel front end is part of the model (in",
            "float64: STFT, mel bank, log): input 'waveform' (batch, samples), mono",
            "at the front end's sample rate, as many samples as the network's frames",
            "need (shorter clips padded with zeros, as predict pads a WAV).",
            "--any-length leaves the frame (or sample) axis dynamic for networks that",
            "take any clip length (PANNs).",
            "",
            "  panns  a PANNs state dict (safetensors) of a Cnn14, Cnn10 or Cnn6, pruned",
            "         or not: PANNs' key names and layouts, the widths of every conv",
            "         block, fc1's size, the class names and PANNs' constructor arguments",
            "         in the metadata entry 'audioprune' (JSON), so that PyTorch loads it",
            "         into PANNs' definition with the widths changed (docs/interchange.md).",
            "",
            "The file is written atomically; an existing file is replaced only by one",
            "of the same kind. Details and loading code: docs/interchange.md."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "The checkpoint to export.")
    Path checkpoint;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "What to write: onnx or panns.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The file to write (e.g. model.onnx, cnn14-pruned.safetensors).")
    Path out;

    @Option(names = "--with-front-end",
            description = "Onnx only: put the front end into the model, so that it takes audio samples instead of log-mel features.")
    boolean withFrontEnd;

    @Option(names = "--any-length",
            description = "Onnx only: leave the frame axis (the sample axis with --with-front-end) dynamic, for networks "
                    + "that take any clip length (PANNs' Cnn14, Cnn10, Cnn6; refused for dcase21, whose last pool is "
                    + "sized from the input length).")
    boolean anyLength;

    @Option(names = "--latency",
            description = "Also measure the network's latency at batch 1 on ONNX Runtime and on AudioPrune's own "
                    + "fastest DJL form, interleaved (median of 51 rounds after 3 warm-up calls).")
    boolean latency;

    @Option(names = "--latency-threads", defaultValue = "1", paramLabel = "N",
            description = "Intra-op threads of both engines while latency is measured (default: ${DEFAULT-VALUE}).")
    int latencyThreads;

    @Override
    public Integer call() throws Exception {
        if (latencyThreads < 1) {
            throw new AudioPruneException("--latency-threads must be at least 1, got " + latencyThreads);
        }
        ExportFormat f = ExportFormat.byName(format);
        OutputGuard.create().reads("--checkpoint", checkpoint).writes("--out", out, f.kind()).check();
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        String what = f.write(ckpt, out, new OnnxExport.Options(withFrontEnd, anyLength));
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("wrote %s (%d bytes): %s%n", out, Files.size(out), what);
        if (latency) {
            pw.printf("latency at batch 1, %d thread%s, median of 51 interleaved rounds:%n", latencyThreads,
                    latencyThreads == 1 ? "" : "s");
            for (BackendLatency l : BackendLatency.measure(ckpt.spec(), ckpt.weights(), 1, latencyThreads, 3, 51)) {
                pw.printf(Locale.ROOT, "  %-12s %8.3f ms wall, %8.3f ms CPU%n", l.backend(), l.wallMillis(), l.cpuMillis());
            }
        }
        return 0;
    }
}
