package org.audioprune.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.Resampler;

/**
 * {@code panns-hdf5:TRAIN.h5[,TEST.h5]}: the waveform files PANNs' {@code pack_waveforms_to_hdf5}
 * writes — {@code audio_name} (N) strings, {@code waveform} int16 (N, samples), {@code target}
 * bool (N, classes), root attribute {@code sample_rate} — read with jHDF. Multi-label. Waveforms
 * are streamed: each clip is read on its own (a hyperslab of one row) when the feature cache
 * computes its features, so a 20 GB file is never loaded. Labels are read in blocks of rows.
 * With one file, a seeded {@code --test-fraction} of it becomes the test split; with two, the
 * second is the test split; validation is carved from training ({@code --validation-fraction}).
 * Class names are AudioSet's when a {@value ClassNames#AUDIOSET_FILE} lies beside the first file
 * and there are 527 classes, else numbered.
 */
final class PannsHdf5Dataset implements ListedView {
    private static final int LABEL_BLOCK = 1024;

    /** Where one clip's waveform lives. */
    private record Source(Path file, int row, int samples, int sampleRate) {
    }

    private final ListedDataset listed;
    private final Map<String, Source> sources;

    private PannsHdf5Dataset(ListedDataset listed, Map<String, Source> sources) {
        this.listed = listed;
        this.sources = sources;
    }

    @Override
    public ListedDataset listed() {
        return listed;
    }

    static AudioDataset open(String spec, String files, DatasetOptions options) {
        String[] f = files.split(",", -1);
        if (f.length > 2 || Arrays.stream(f).anyMatch(String::isBlank)) {
            throw new AudioPruneException("--dataset " + spec + ": panns-hdf5 needs TRAIN.h5 or TRAIN.h5,TEST.h5");
        }
        Map<String, Source> sources = new HashMap<>();
        List<List<Clip>> splits = new ArrayList<>();
        int classes = -1;
        for (String name : f) {
            Path file = Path.of(name);
            List<Clip> clips = new ArrayList<>();
            int c = read(file, clips, sources);
            if (classes >= 0 && c != classes) {
                throw new AudioPruneException(file + ": " + c + " classes in target, but " + f[0] + " has " + classes);
            }
            classes = c;
            splits.add(clips);
        }
        List<String> names = ClassNames.forCount(classes, null, Path.of(f[0]).toAbsolutePath().getParent());
        ListedDataset listed = SplitCarver.listed(spec, names, true, splits.get(0), splits.size() > 1 ? splits.get(1) : null,
                options);
        return new PannsHdf5Dataset(listed, sources);
    }

    /** Appends the clips of {@code file}; returns its class count. */
    private static int read(Path file, List<Clip> clips, Map<String, Source> sources) {
        if (!Files.isRegularFile(file)) {
            throw new AudioPruneException(file + ": no such file");
        }
        try (HdfFile h5 = new HdfFile(file)) {
            Dataset names = dataset(h5, file, "audio_name");
            Dataset wave = dataset(h5, file, "waveform");
            Dataset target = dataset(h5, file, "target");
            Attribute rate = h5.getAttribute("sample_rate");
            int[] w = wave.getDimensions();
            int[] t = target.getDimensions();
            if (w.length != 2 || wave.getJavaType() != short.class) {
                throw new AudioPruneException(file + ": waveform must be int16 (N, samples), got " + wave.getJavaType() + " "
                        + Arrays.toString(w));
            }
            if (t.length != 2 || t[0] != w[0] || names.getDimensions().length != 1 || names.getDimensions()[0] != w[0]) {
                throw new AudioPruneException(file + ": audio_name " + Arrays.toString(names.getDimensions()) + ", waveform "
                        + Arrays.toString(w) + " and target " + Arrays.toString(t) + " disagree on the clip count");
            }
            if (rate == null || !(rate.getData() instanceof Number sr) || sr.intValue() <= 0) {
                throw new AudioPruneException(file + ": no positive sample_rate attribute");
            }
            String[] ids = (String[]) names.getData();
            for (int from = 0; from < w[0]; from += LABEL_BLOCK) {
                int rows = Math.min(LABEL_BLOCK, w[0] - from);
                boolean[][] block = booleans(target.getData(new long[] {from, 0}, new int[] {rows, t[1]}), file);
                for (int r = 0; r < rows; r++) {
                    String id = ids[from + r];
                    List<Integer> labels = new ArrayList<>();
                    for (int k = 0; k < t[1]; k++) {
                        if (block[r][k]) {
                            labels.add(k);
                        }
                    }
                    if (sources.put(id, new Source(file, from + r, w[1], sr.intValue())) != null) {
                        throw new AudioPruneException(file + ": audio_name " + id + " appears twice");
                    }
                    clips.add(new Clip(id, file, labels, null));
                }
            }
            return t[1];
        } catch (HdfException | ClassCastException e) {
            throw new AudioPruneException(file + ": not a readable PANNs waveform file: "
                    + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static Dataset dataset(HdfFile h5, Path file, String name) {
        Node n = h5.getChildren().get(name);
        if (!(n instanceof Dataset d)) {
            throw new AudioPruneException(file + ": no dataset '" + name + "' (expected audio_name, waveform, target)");
        }
        return d;
    }

    /** h5py stores bool as an HDF5 enum, which jHDF returns as its member names. */
    private static boolean[][] booleans(Object data, Path file) {
        if (!(data instanceof String[][] s)) {
            throw new AudioPruneException(file + ": target is " + data.getClass().getSimpleName() + ", expected h5py's bool");
        }
        boolean[][] out = new boolean[s.length][];
        for (int r = 0; r < s.length; r++) {
            out[r] = new boolean[s[r].length];
            for (int k = 0; k < s[r].length; k++) {
                out[r][k] = "TRUE".equals(s[r][k]);
            }
        }
        return out;
    }

    @Override
    public float[] loadMono(Clip clip, int sampleRate) {
        Source s = sources.get(clip.id());
        short[] pcm;
        try (HdfFile h5 = new HdfFile(s.file())) {
            pcm = ((short[][]) h5.getDatasetByPath("waveform").getData(new long[] {s.row(), 0}, new int[] {1, s.samples()}))[0];
        } catch (HdfException e) {
            throw new AudioPruneException(s.file() + ": cannot read the waveform of " + clip.id() + " (row " + s.row() + "): "
                    + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
        double[] x = new double[pcm.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = pcm[i] / 32767.0; // as PANNs reads its packed waveforms (int16_to_float32)
        }
        double[] y = s.sampleRate() == sampleRate ? x : Resampler.of(s.sampleRate(), sampleRate).resample(x);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }
}
