package org.audioprune.interchange;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import ai.onnxruntime.platform.Fp16Conversions;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import org.audioprune.AudioPruneException;
import org.audioprune.io.NpyArray;

/**
 * NumPy arrays inside pickles: the object arrays {@code np.save(..., allow_pickle=True)} writes
 * (the authors' per-layer weight release) and arrays inside PyTorch checkpoints (PANNs' sampler
 * state). Only the three globals NumPy's own pickling uses are accepted — {@code _reconstruct},
 * {@code ndarray} and {@code dtype} (plus {@code scalar}) — and each builds inert Java data.
 */
final class NumpyPickle {
    private NumpyPickle() {
    }

    /** A NumPy array out of a pickle: its shape, dtype string ({@code <f4}, {@code |O}, ...) and data. */
    record NdArray(long[] shape, String descr, byte[] raw, List<Object> objects) {
        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The values as float32, in C order; a one-line error naming {@code what} for a non-numeric dtype. */
        float[] toFloats(String what) {
            if (objects != null) {
                throw new AudioPruneException(what + " is an object array, expected numbers");
            }
            ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer b = ByteBuffer.wrap(raw).order(order);
            int n = Math.toIntExact(size());
            String code = descr.substring(1);
            int width = code.length() == 2 && Character.isDigit(code.charAt(1)) ? code.charAt(1) - '0' : 0;
            if ((long) n * width != raw.length) {
                throw new AudioPruneException(what + " has " + raw.length + " data bytes for shape "
                        + Arrays.toString(shape) + " of " + descr);
            }
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = switch (code) {
                    case "f4" -> b.getFloat();
                    case "f8" -> (float) b.getDouble();
                    case "f2" -> Fp16Conversions.fp16ToFloat(b.getShort());
                    default -> throw new AudioPruneException(what + " has dtype " + descr + ", expected float16/32/64");
                };
            }
            return out;
        }
    }

    /** The allow-listed NumPy globals, under both the NumPy 1 and NumPy 2 module names. */
    static Map<String, IObjectConstructor> globals() {
        IObjectConstructor ndarrayClass = args -> {
            throw new RestrictedUnpickler.Refused("pickle calls numpy.ndarray directly, which NumPy's own pickles never do");
        };
        IObjectConstructor reconstruct = args -> {
            if (args.length < 1 || args[0] != ndarrayClass) {
                throw new RestrictedUnpickler.Refused("numpy _reconstruct of something other than numpy.ndarray");
            }
            return new ArrayBuilder();
        };
        IObjectConstructor dtype = args -> {
            if (args.length < 1 || !(args[0] instanceof String code)) {
                throw new PickleException("numpy.dtype needs a type code");
            }
            return new DtypeBuilder(code);
        };
        IObjectConstructor scalar = args -> {
            if (args.length != 2 || !(args[0] instanceof DtypeBuilder d) || !(args[1] instanceof byte[] b)) {
                throw new PickleException("numpy scalar needs a dtype and its bytes");
            }
            return new NdArray(new long[0], d.descr(), b, null);
        };
        return Map.of("numpy.core.multiarray._reconstruct", reconstruct, "numpy._core.multiarray._reconstruct", reconstruct,
                "numpy.ndarray", ndarrayClass, "numpy.dtype", dtype,
                "numpy.core.multiarray.scalar", scalar, "numpy._core.multiarray.scalar", scalar);
    }

    /** {@code numpy.dtype(code, align, copy)} whose BUILD state carries the byte order. */
    static final class DtypeBuilder implements RestrictedUnpickler.Buildable {
        private final String code;
        private String byteOrder = "|";

        DtypeBuilder(String code) {
            this.code = code;
        }

        @Override
        public void build(Object state) {
            if (state instanceof Object[] s && s.length > 1 && s[1] instanceof String order) {
                byteOrder = order.equals("=") ? "<" : order;
            }
        }

        /** numpy's descr: byte order + kind + item size, objects as {@code |O}. */
        String descr() {
            return code.startsWith("O") ? "|O" : byteOrder + code;
        }
    }

    /** An array from {@code _reconstruct}, filled by BUILD (version, shape, dtype, fortran, data). */
    static final class ArrayBuilder implements RestrictedUnpickler.Buildable {
        private NdArray array;

        @Override
        public void build(Object state) {
            if (!(state instanceof Object[] s) || s.length != 5 || !(s[1] instanceof Object[] dims)
                    || !(s[2] instanceof DtypeBuilder dt) || !(s[3] instanceof Boolean fortran)) {
                throw new PickleException("malformed numpy array state");
            }
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = ((Number) dims[i]).longValue();
            }
            String descr = dt.descr();
            if (descr.equals("|O")) {
                if (!(s[4] instanceof List<?> items)) {
                    throw new PickleException("numpy object array without its item list");
                }
                array = new NdArray(shape, descr, null, new ArrayList<>(items));
            } else {
                byte[] raw = s[4] instanceof byte[] b ? b
                        : s[4] instanceof String str ? str.getBytes(StandardCharsets.ISO_8859_1) : null;
                if (raw == null) {
                    throw new PickleException("numpy array without its data bytes");
                }
                if (fortran && shape.length > 1) {
                    throw new PickleException("Fortran-order arrays are not supported");
                }
                array = new NdArray(shape, descr, raw, null);
            }
        }

        NdArray array() {
            if (array == null) {
                throw new PickleException("numpy array that was never given its data");
            }
            return array;
        }
    }

    /** The array an object built by the unpickler stands for, or {@code null} if it is not one. */
    static NdArray asArray(Object o) {
        if (o instanceof ArrayBuilder b) {
            return b.array();
        }
        return o instanceof NdArray a ? a : null;
    }

    /**
     * The arrays of a pickled object array: a {@code .npy} file of dtype object (np.save with
     * allow_pickle) or a plain pickle of a list or object array.
     *
     * @throws AudioPruneException naming the file for a refused global, a truncated file or an
     *                             element that is not a numeric array
     */
    static List<NdArray> readArrayList(Path file) {
        try (InputStream raw = Files.newInputStream(file); InputStream in = new BufferedInputStream(raw, 1 << 16)) {
            in.mark(8);
            byte[] magic = in.readNBytes(6);
            in.reset();
            if (magic.length == 6 && (magic[0] & 0xff) == 0x93 && magic[1] == 'N') {
                NpyArray.Header h = NpyArray.readHeader(file);
                if (!h.descr().equals("|O")) {
                    throw new AudioPruneException(file + ": a .npy of dtype " + h.descr()
                            + ", expected an object array of per-layer arrays (np.save of a list, allow_pickle=True)");
                }
                in.skipNBytes(h.dataOffset());
            }
            Object root = new RestrictedUnpickler(globals(), null).read(in);
            NdArray top = asArray(root);
            List<?> items = top != null && top.objects() != null ? top.objects() : root instanceof List<?> l ? l : null;
            if (items == null) {
                throw new AudioPruneException(file + ": the pickle holds " + describe(root) + ", expected a list of arrays");
            }
            List<NdArray> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                NdArray a = asArray(items.get(i));
                if (a == null || a.objects() != null) {
                    throw new AudioPruneException(file + ": element " + i + " is " + describe(items.get(i))
                            + ", expected a numeric array");
                }
                out.add(a);
            }
            return out;
        } catch (AudioPruneException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new AudioPruneException(file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(file + ": no such file");
        } catch (IOException | PickleException | ClassCastException | IllegalStateException e) {
            throw new AudioPruneException(file + ": not a readable pickled array list (" + readerFailure(e) + ")");
        }
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        NdArray a = asArray(o);
        return a != null ? "an array " + Arrays.toString(a.shape()) + " " + a.descr() : "a " + o.getClass().getSimpleName();
    }

    /** The message of a failure on one line. */
    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ').strip();
    }

    /** A pickle reader's failure on one line, saying "truncated" when the stream ended early. */
    static String readerFailure(Exception e) {
        String m = oneLine(e);
        boolean cut = e instanceof java.io.EOFException || m.contains("premature end") || m.contains("expected more bytes");
        return (cut ? "truncated: " : "") + m;
    }
}
