package org.audioprune.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEnd;
import org.audioprune.io.NpyArray;

/**
 * {@code npy:X.npy,Y.npy[,X_TEST.npy,Y_TEST.npy]}: precomputed log-mel features as the DCASE21
 * authors release them — X float32/float64 (N, mels, frames) or (N, mels, frames, 1), C order; Y
 * integer class indices (N) or one-/multi-hot rows (N, classes). With one pair, a seeded
 * {@code --test-fraction} of it becomes the test split; with two, the second pair is the test
 * split. Validation is carved from training ({@code --validation-fraction}), stratified by class
 * for single-label data; rows with exactly one positive label everywhere make the data
 * single-label, anything else multi-label. Features bypass the audio front end (only its mel-band
 * count must match) and are read from the file clip by clip, never loaded whole.
 */
final class NpyFeatureDataset implements ListedView, PrecomputedFeatures {
    /** One X/Y pair as read from disk. */
    private record Part(Path x, String descr, long dataOffset, int rows, List<List<Integer>> labels) {
    }

    private final ListedDataset listed;
    private final Map<Path, Part> parts;
    private final int nMels;
    private final int frames;

    private NpyFeatureDataset(ListedDataset listed, Map<Path, Part> parts, int nMels, int frames) {
        this.listed = listed;
        this.parts = parts;
        this.nMels = nMels;
        this.frames = frames;
    }

    @Override
    public ListedDataset listed() {
        return listed;
    }

    static AudioDataset open(String spec, String files, DatasetOptions options) {
        String[] f = files.split(",", -1);
        if (f.length != 2 && f.length != 4) {
            throw new AudioPruneException("--dataset " + spec + ": npy needs X.npy,Y.npy or X.npy,Y.npy,X_TEST.npy,Y_TEST.npy");
        }
        int[] geometry = new int[2];
        List<int[]> labelShapes = new ArrayList<>();
        List<Part> read = new ArrayList<>();
        for (int i = 0; i < f.length; i += 2) {
            read.add(part(Path.of(f[i]), Path.of(f[i + 1]), geometry, labelShapes));
        }
        int classes = 0;
        boolean multi = false;
        for (int i = 0; i < read.size(); i++) {
            int[] ls = labelShapes.get(i);
            for (List<Integer> l : read.get(i).labels()) {
                multi |= l.size() != 1;
                for (int c : l) {
                    classes = Math.max(classes, c + 1);
                }
            }
            if (ls.length == 2) {
                classes = Math.max(classes, ls[1]);
            }
        }
        if (labelShapes.size() == 2 && labelShapes.get(0).length == 2 && labelShapes.get(1).length == 2
                && labelShapes.get(0)[1] != labelShapes.get(1)[1]) {
            throw new AudioPruneException("--dataset " + spec + ": " + f[1] + " has " + labelShapes.get(0)[1] + " classes but "
                    + f[3] + " has " + labelShapes.get(1)[1]);
        }
        if (classes < 2) {
            throw new AudioPruneException("--dataset " + spec + ": the labels name fewer than 2 classes");
        }
        List<String> names = ClassNames.forCount(classes, null, Path.of(f[0]).toAbsolutePath().getParent());
        List<List<Clip>> clips = new ArrayList<>();
        Map<Path, Part> byFile = new HashMap<>();
        for (Part p : read) {
            List<Clip> list = new ArrayList<>();
            for (int r = 0; r < p.rows(); r++) {
                list.add(new Clip(p.x().getFileName() + "#" + r, p.x(), p.labels().get(r), null));
            }
            clips.add(list);
            byFile.put(p.x(), p);
        }
        ListedDataset listed = SplitCarver.listed(spec, names, multi, clips.get(0), clips.size() > 1 ? clips.get(1) : null,
                options);
        return new NpyFeatureDataset(listed, byFile, geometry[0], geometry[1]);
    }

    private static Part part(Path x, Path y, int[] geometry, List<int[]> labelShapes) {
        NpyArray.Header h = NpyArray.readHeader(x);
        int[] s = h.shape();
        boolean floats = h.descr().matches("[<|=]f[48]");
        if (!floats || h.fortranOrder() || !(s.length == 3 || (s.length == 4 && s[3] == 1))) {
            throw new AudioPruneException(x + ": features must be little-endian float32/float64 (N, mels, frames[, 1]) in C"
                    + " order, got " + h.descr() + " " + Arrays.toString(s) + (h.fortranOrder() ? " Fortran order" : ""));
        }
        if (geometry[0] != 0 && (geometry[0] != s[1] || geometry[1] != s[2])) {
            throw new AudioPruneException(x + ": clips of " + s[1] + "x" + s[2] + " but the training features are "
                    + geometry[0] + "x" + geometry[1]);
        }
        geometry[0] = s[1];
        geometry[1] = s[2];
        long needed = h.dataOffset() + (long) s[0] * s[1] * s[2] * width(h.descr());
        try {
            if (Files.size(x) < needed) {
                throw new AudioPruneException(x + ": truncated: " + Files.size(x) + " bytes, the header promises " + needed);
            }
        } catch (IOException e) {
            throw new AudioPruneException(x + ": cannot read: " + e.getMessage());
        }
        NpyArray.Header yh = NpyArray.readHeader(y);
        int[] ys = yh.shape();
        if (ys.length == 0 || ys[0] != s[0] || ys.length > 2) {
            throw new AudioPruneException(y + ": labels of shape " + Arrays.toString(ys) + " for " + s[0] + " clips in " + x
                    + " (expected (N,) class indices or (N, classes) one-hot rows)");
        }
        labelShapes.add(ys);
        return new Part(x, h.descr(), h.dataOffset(), s[0], labels(y, yh));
    }

    private static int width(String descr) {
        return descr.charAt(descr.length() - 1) - '0';
    }

    /** Class indices per row: (N) or (N, 1) integers, or (N, C) 0/1 rows (integer, bool or float). */
    private static List<List<Integer>> labels(Path y, NpyArray.Header h) {
        String d = h.descr();
        if (!d.matches("[<|=][iuf][1248]|\\|b1") || h.fortranOrder()) {
            throw new AudioPruneException(y + ": labels must be little-endian integers, bools or floats, got " + d);
        }
        int rows = h.shape()[0];
        int cols = h.shape().length == 2 ? h.shape()[1] : 1;
        boolean indices = h.shape().length == 1 || (cols == 1 && d.charAt(1) != 'f');
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(y);
        } catch (IOException e) {
            throw new AudioPruneException(y + ": cannot read: " + e.getMessage());
        }
        int w = width(d);
        if (bytes.length < h.dataOffset() + (long) rows * cols * w) {
            throw new AudioPruneException(y + ": truncated .npy file");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<List<Integer>> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<Integer> l = new ArrayList<>();
            for (int c = 0; c < cols; c++) {
                int at = (int) h.dataOffset() + (r * cols + c) * w;
                double v = switch (d.charAt(1)) {
                    case 'f' -> w == 4 ? b.getFloat(at) : b.getDouble(at);
                    case 'u' -> w == 1 ? b.get(at) & 0xff : w == 2 ? b.getShort(at) & 0xffff : w == 4
                            ? Integer.toUnsignedLong(b.getInt(at)) : b.getLong(at);
                    default -> w == 1 ? b.get(at) : w == 2 ? b.getShort(at) : w == 4 ? b.getInt(at) : b.getLong(at);
                };
                if (indices) {
                    if (v < 0 || v != Math.rint(v) || v > 100_000) {
                        throw new AudioPruneException(y + ": row " + r + " has class index " + v);
                    }
                    l.add((int) v);
                } else if (v == 1) {
                    l.add(c);
                } else if (v != 0) {
                    throw new AudioPruneException(y + ": row " + r + " column " + c + " is " + v + ", expected 0 or 1");
                }
            }
            out.add(List.copyOf(l));
        }
        return out;
    }


    @Override
    public float[] loadMono(Clip clip, int sampleRate) {
        throw new AudioPruneException("--dataset " + spec() + " holds features, not audio (clip " + clip.id() + ")");
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public FeatureSet features(Split split, FrontEnd frontEnd, int wanted) {
        if (frontEnd.nMels() != nMels) {
            throw new AudioPruneException("--dataset " + spec() + ": features have " + nMels + " mel bands but the "
                    + frontEnd.name() + " front end makes " + frontEnd.nMels());
        }
        if (wanted > frames) {
            throw new AudioPruneException("--dataset " + spec() + ": clips have " + frames + " frames, " + wanted + " needed");
        }
        return new Features(split, wanted);
    }

    /** One split read clip by clip from the X files (positional reads: safe from several threads). */
    private final class Features implements FeatureSet {
        private final List<Clip> clips;
        private final int wanted;
        private final Map<Path, FileChannel> channels = new HashMap<>();

        Features(Split split, int wanted) {
            this.clips = clips(split);
            this.wanted = wanted;
            for (Clip c : clips) {
                channels.computeIfAbsent(c.audio(), p -> {
                    try {
                        return FileChannel.open(p, StandardOpenOption.READ);
                    } catch (IOException e) {
                        throw new AudioPruneException(p + ": cannot open: " + e.getMessage());
                    }
                });
            }
        }

        @Override
        public int size() {
            return clips.size();
        }

        @Override
        public int nMels() {
            return nMels;
        }

        @Override
        public int frames() {
            return wanted;
        }

        @Override
        public void copyFeatures(int i, float[] dst, int offset) {
            Clip c = clips.get(i);
            Part p = parts.get(c.audio());
            int row = Integer.parseInt(c.id().substring(c.id().lastIndexOf('#') + 1));
            int w = width(p.descr());
            ByteBuffer buf = ByteBuffer.allocate(nMels * frames * w).order(ByteOrder.LITTLE_ENDIAN);
            long pos = p.dataOffset() + (long) row * nMels * frames * w;
            try {
                while (buf.hasRemaining()) {
                    int n = channels.get(c.audio()).read(buf, pos + buf.position());
                    if (n < 0) {
                        throw new AudioPruneException(c.audio() + ": truncated at clip " + row);
                    }
                }
            } catch (IOException e) {
                throw new AudioPruneException(c.audio() + ": cannot read clip " + row + ": " + e.getMessage());
            }
            for (int m = 0; m < nMels; m++) {
                for (int t = 0; t < wanted; t++) {
                    int at = (m * frames + t) * w;
                    dst[offset + m * wanted + t] = w == 4 ? buf.getFloat(at) : (float) buf.getDouble(at);
                }
            }
        }

        @Override
        public List<Integer> labels(int i) {
            return clips.get(i).labels();
        }

        @Override
        public String device(int i) {
            return null;
        }

        @Override
        public String clipId(int i) {
            return clips.get(i).id();
        }

        @Override
        public List<String> classNames() {
            return NpyFeatureDataset.this.classNames();
        }

        @Override
        public boolean multiLabel() {
            return NpyFeatureDataset.this.multiLabel();
        }
    }
}
