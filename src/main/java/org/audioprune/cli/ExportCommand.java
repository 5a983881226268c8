package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audioprune.audio.FrontEnds;
import org.audioprune.interchange.ExportFormat;
import org.audioprune.interchange.OnnxExport;
import org.audioprune.interchange.OnnxGraph;
import org.audioprune.io.OutputGuard;
import org.audioprune.model.ArchitectureSpec;
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
            "",
            "The file is written atomically; an existing file is replaced only by one",
            "of the same kind. Details and loading code: docs/interchange.md."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "The checkpoint to export.")
    Path checkpoint;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "What to write: onnx.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The file to write (e.g. model.onnx).")
    Path out;

    @Option(names = "--with-front-end",
            description = "Onnx only: put the front end into the model, so that it takes audio samples instead of log-mel features.")
    boolean withFrontEnd;

    @Override
    public Integer call() throws Exception {
        ExportFormat f = ExportFormat.byName(format);
        OutputGuard.create().reads("--checkpoint", checkpoint).writes("--out", out, f.kind()).check();
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        OnnxGraph graph = OnnxExport.graph(ckpt, withFrontEnd);
        graph.write(out);
        PrintWriter pw = spec.commandLine().getOut();
        ArchitectureSpec.InputShape in = ckpt.spec().input();
        String input = withFrontEnd
                ? OnnxExport.WAVEFORM_INPUT + " (batch, " + OnnxExport.samples(ckpt) + ") at "
                        + FrontEnds.of(ckpt.frontEnd()).sampleRate() + " Hz"
                : OnnxExport.INPUT + " (batch, " + in.channels() + ", " + in.nMels() + ", " + in.frames() + ")";
        pw.printf("wrote %s (%s, %d bytes): %s -> %s %d classes%n", out, f.cliName(), Files.size(out), input,
                OnnxExport.OUTPUT, ckpt.spec().numClasses());
        return 0;
    }
}
