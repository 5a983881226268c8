package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.interchange.ImportFormat;
import org.audioprune.interchange.ImportOptions;
import org.audioprune.interchange.Imported;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn weights trained elsewhere into an AudioPrune checkpoint.",
            "",
            "  panns     PANNs torch.save checkpoints, zip or the legacy torch-1.0 format",
            "            (Cnn14_mAP=0.431.pth): Cnn14, Cnn10 or Cnn6, detected from the",
            "            keys; widths from the shapes, so pruned models import too. Its",
            "            logmel_extractor.melW must match AudioPrune's mel bank.",
            "  keras     a Keras .h5 (model.save or save_weights) of the DCASE 2021",
            "            Task 1A baseline (dcase21).",
            "  npy-list  that network's 22 arrays in Keras order, as a pickled NumPy",
            "            object array (.npy).",
            "",
            "Pickles are read with an allow-list: a file that names anything but the",
            "tensor, storage, NumPy array and OrderedDict classes is refused, and",
            "nothing of it runs. Class names: --labels; else, for 527 outputs, a",
            "class_labels_indices.csv beside --in (PANNs' metadata/ file); else",
            "class_0, class_1, ... Key mapping and checks: docs/interchange.md."})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FORMAT",
            description = "Format of --in: panns, keras or npy-list.")
    String from;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The weights file to read.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "CKPT",
            description = "Checkpoint folder to write (atomically; an existing checkpoint is replaced only on success).")
    Path out;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Expected family (cnn14, cnn10, cnn6 for panns; dcase21 for keras and npy-list); "
                    + "the import fails if the file holds another. Default: detect it.")
    String model;

    @Option(names = "--frames", paramLabel = "N",
            description = "Input frames of the imported network (default: 10 s of its front end: 1001 for PANNs, 500 "
                    + "for dcase21). PANNs networks take any length; dcase21's last pool is sized from it.")
    Integer frames;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names: PANNs' class_labels_indices.csv (index,mid,display_name) or one name per line.")
    Path labels;

    @Override
    public Integer call() {
        OutputGuard.create().reads("--in", in).reads("--labels", labels)
                .writes("--out", out, OutputKind.CHECKPOINT).check();
        ImportFormat format = ImportFormat.byName(from);
        if (frames != null && frames < 1) {
            throw new AudioPruneException("--frames must be positive, got " + frames);
        }
        Imported imported = format.read(in, new ImportOptions(model, frames, labels));
        imported.checkpoint().save(out);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("%s (%s):%n", in, format.cliName());
        for (String f : imported.findings()) {
            pw.printf("  %s%n", f);
        }
        var input = imported.checkpoint().spec().input();
        pw.printf("  input: %d x %d (%s front end)%n", input.nMels(), input.frames(), imported.checkpoint().frontEnd());
        pw.printf("wrote %s%n", out);
        return 0;
    }
}
