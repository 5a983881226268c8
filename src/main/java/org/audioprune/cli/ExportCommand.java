package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() throws Exception {
        ExportFormat f = ExportFormat.byName(format);
        OutputGuard.create().reads("--checkpoint", checkpoint).writes("--out", out, f.kind()).check();
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        OnnxGraph graph = OnnxExport.graph(ckpt);
        graph.write(out);
        PrintWriter pw = spec.commandLine().getOut();
        ArchitectureSpec.InputShape in = ckpt.spec().input();
        pw.printf("wrote %s (%s, %d bytes): %s %s -> %s %d classes%n", out, f.cliName(), Files.size(out),
                OnnxExport.INPUT, "(batch, " + in.channels() + ", " + in.nMels() + ", " + in.frames() + ")",
                OnnxExport.OUTPUT, ckpt.spec().numClasses());
        return 0;
    }
}
