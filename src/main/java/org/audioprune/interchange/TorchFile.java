package org.audioprune.interchange;

import ai.onnxruntime.platform.Fp16Conversions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import org.audioprune.AudioPruneException;

/**
 * Reads the state dict of a file written by {@code torch.save}, in both of PyTorch's layouts:
 * <ul>
 *   <li>zip (PyTorch ≥ 1.6): {@code <name>/data.pkl} (the pickle) and {@code <name>/data/<key>}
 *       (one raw storage per key, little-endian unless {@code <name>/byteorder} says otherwise);</li>
 *   <li>legacy (earlier, and {@code _use_new_zipfile_serialization=False}; the released PANNs
 *       files): five pickles in a row — magic number, protocol version 1001, system info, the
 *       object, the sorted storage keys — then each storage as an int64 element count followed by
 *       its raw bytes, in key order.</li>
 * </ul>
 * The object pickle goes through {@link RestrictedUnpickler} with only the globals a state dict
 * needs ({@code torch._utils._rebuild_tensor[_v2]}, {@code _rebuild_parameter}, the typed storage
 * classes, {@code collections.OrderedDict}, and NumPy's array globals for optimiser or sampler
 * state stored beside the weights). Tensors come back as values in C order, honouring the
 * storage offset and strides (PyTorch saves views, e.g. a transposed {@code melW}, as they are).
 */
final class TorchFile {
    private static final java.math.BigInteger LEGACY_MAGIC = new java.math.BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int LEGACY_PROTOCOL = 1001;

    private TorchFile() {
    }

    /** Element types of PyTorch's typed storages. */
    enum StorageType {
        FLOAT("FloatStorage", 4, true), DOUBLE("DoubleStorage", 8, true), HALF("HalfStorage", 2, true),
        BFLOAT16("BFloat16Storage", 2, true), LONG("LongStorage", 8, false), INT("IntStorage", 4, false),
        SHORT("ShortStorage", 2, false), CHAR("CharStorage", 1, false), BYTE("ByteStorage", 1, false),
        BOOL("BoolStorage", 1, false);

        final String pythonName;
        final int bytes;
        final boolean floating;

        StorageType(String pythonName, int bytes, boolean floating) {
            this.pythonName = pythonName;
            this.bytes = bytes;
            this.floating = floating;
        }
    }

    /**
     * One tensor of the state dict.
     *
     * @param values every element in C order (integers converted exactly up to 2^24)
     */
    record Tensor(String name, long[] shape, StorageType type, float[] values) {
        int dim(int i) {
            return Math.toIntExact(shape[i]);
        }

        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    private record StorageRef(StorageType type, String key, long numel) {
    }

    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    /** collections.OrderedDict; its BUILD state (the {@code _metadata} attribute) carries no weights. */
    private static final class PickledDict extends LinkedHashMap<Object, Object> implements RestrictedUnpickler.Buildable {
        @Override
        public void build(Object state) {
            // state_dict()'s _metadata: per-module versions, not needed to read the tensors
        }
    }

    private static final class StorageClass implements IObjectConstructor {
        final StorageType type;

        StorageClass(StorageType type) {
            this.type = type;
        }

        @Override
        public Object construct(Object[] args) {
            throw new RestrictedUnpickler.Refused("pickle instantiates torch." + type.pythonName
                    + " directly instead of naming a stored storage");
        }
    }

    private static Map<String, IObjectConstructor> globals() {
        Map<String, IObjectConstructor> g = new HashMap<>(NumpyPickle.globals());
        for (StorageType t : StorageType.values()) {
            g.put("torch." + t.pythonName, new StorageClass(t));
        }
        IObjectConstructor rebuild = args -> {
            if (args.length < 4 || !(args[0] instanceof StorageRef s) || !(args[1] instanceof Number offset)) {
                throw new PickleException("malformed tensor record");
            }
            return new TensorRef(s, offset.longValue(), longs(args[2]), longs(args[3]));
        };
        g.put("torch._utils._rebuild_tensor_v2", rebuild);
        g.put("torch._utils._rebuild_tensor", rebuild);
        g.put("torch._utils._rebuild_parameter", args -> {
            if (args.length < 1 || !(args[0] instanceof TensorRef t)) {
                throw new PickleException("malformed parameter record");
            }
            return t;
        });
        g.put("collections.OrderedDict", args -> new PickledDict());
        return g;
    }

    private static long[] longs(Object tuple) {
        if (!(tuple instanceof Object[] a)) {
            throw new PickleException("tensor size/stride is not a tuple");
        }
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ((Number) a[i]).longValue();
        }
        return out;
    }

    private static Object storageRef(Object pid, boolean legacy) {
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0]) || !(t[1] instanceof StorageClass c)
                || !(t[4] instanceof Number numel)) {
            throw new RestrictedUnpickler.Refused("pickle refers to external data that is not a tensor storage");
        }
        if (legacy && t.length > 5 && t[5] != null) {
            throw new AudioPruneException("the file stores a view of a storage (PyTorch < 1.0 layout), which is not supported");
        }
        return new StorageRef(c.type, String.valueOf(t[2]), numel.longValue());
    }

    /**
     * The tensors of the state dict in {@code file}, in file order: the dict under {@code model}
     * (PANNs) or {@code state_dict}, or the top-level dict itself; a {@code module.} prefix
     * (DataParallel) is removed.
     *
     * @throws AudioPruneException one line naming the file: a refused global, a truncated or
     *                             damaged file, a missing storage, a value that is not a tensor
     */
    static Map<String, Tensor> readStateDict(Path file) {
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(4);
            }
            boolean zip = head.length == 4 && head[0] == 'P' && head[1] == 'K';
            return zip ? readZip(file) : readLegacy(file);
        } catch (AudioPruneException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new AudioPruneException(file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(file + ": no such file");
        } catch (IOException | PickleException | ClassCastException | IllegalStateException e) {
            throw new AudioPruneException(file + ": not a readable PyTorch file (" + NumpyPickle.readerFailure(e) + ")");
        }
    }

    private static Map<String, Tensor> readZip(Path file) throws IOException {
        ZipFile zf;
        try {
            zf = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new AudioPruneException("not a complete zip archive (truncated?): " + e.getMessage());
        }
        try (zf) {
            String prefix = null;
            for (var it = zf.entries().asIterator(); it.hasNext(); ) {
                String n = it.next().getName();
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    prefix = n.substring(0, n.length() - "data.pkl".length());
                    break;
                }
            }
            if (prefix == null) {
                throw new AudioPruneException("a zip archive without <name>/data.pkl: not written by torch.save");
            }
            ZipEntry order = zf.getEntry(prefix + "byteorder");
            ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
            if (order != null) {
                try (InputStream in = zf.getInputStream(order)) {
                    byteOrder = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip().equals("big")
                            ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                }
            }
            Object root;
            try (InputStream in = new BufferedInputStream(zf.getInputStream(zf.getEntry(prefix + "data.pkl")), 1 << 16)) {
                root = new RestrictedUnpickler(globals(), pid -> storageRef(pid, false)).read(in);
            }
            Map<String, TensorRef> refs = stateDict(root);
            Map<String, byte[]> storages = new HashMap<>();
            for (TensorRef t : refs.values()) {
                String key = t.storage().key();
                if (!storages.containsKey(key)) {
                    ZipEntry e = zf.getEntry(prefix + "data/" + key);
                    if (e == null) {
                        throw new AudioPruneException("storage data/" + key + " of tensor " + nameOf(refs, t)
                                + " is missing from the archive (truncated?)");
                    }
                    try (InputStream in = zf.getInputStream(e)) {
                        storages.put(key, in.readAllBytes());
                    }
                }
            }
            return tensors(refs, storages, byteOrder);
        }
    }

    private static Map<String, Tensor> readLegacy(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            RestrictedUnpickler plain = new RestrictedUnpickler(Map.of(), null);
            Object magic;
            try {
                magic = plain.read(in);
            } catch (PickleException | AudioPruneException | IOException e) {
                throw new AudioPruneException("neither a zip nor a legacy PyTorch file (" + NumpyPickle.oneLine(e) + ")");
            }
            if (!(magic instanceof Number m) || !new java.math.BigInteger(m.toString()).equals(LEGACY_MAGIC)) {
                throw new AudioPruneException("neither a zip nor a legacy PyTorch file (no torch.save magic number)");
            }
            Object protocol = plain.read(in);
            if (!(protocol instanceof Number p) || p.intValue() != LEGACY_PROTOCOL) {
                throw new AudioPruneException("legacy PyTorch file with protocol " + protocol + ", expected " + LEGACY_PROTOCOL);
            }
            Object sysInfo = plain.read(in);
            ByteOrder order = sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Object root = new RestrictedUnpickler(globals(), pid -> storageRef(pid, true)).read(in);
            Map<String, TensorRef> refs = stateDict(root);
            Object keys = plain.read(in);
            if (!(keys instanceof List<?> keyList)) {
                throw new AudioPruneException("legacy PyTorch file without its storage key list (truncated?)");
            }
            Map<String, StorageRef> byKey = new HashMap<>();
            for (TensorRef t : refs.values()) {
                byKey.put(t.storage().key(), t.storage());
            }
            Map<String, byte[]> storages = new HashMap<>();
            for (Object k : keyList) {
                String key = String.valueOf(k);
                byte[] count = in.readNBytes(8);
                if (count.length < 8) {
                    throw new AudioPruneException("storage " + key + " is missing: the file is truncated");
                }
                long numel = ByteBuffer.wrap(count).order(order).getLong();
                StorageRef ref = byKey.get(key);
                int width = ref != null ? ref.type().bytes : 1;
                long bytes = numel * width;
                if (numel < 0 || bytes > Integer.MAX_VALUE) {
                    throw new AudioPruneException("storage " + key + " has an impossible size " + numel);
                }
                byte[] data = in.readNBytes((int) bytes);
                if (data.length < bytes) {
                    throw new AudioPruneException("storage " + key + (ref == null ? "" : " of tensor " + nameOf(refs, ref))
                            + " is cut short: the file is truncated");
                }
                if (ref != null) {
                    storages.put(key, data);
                }
            }
            for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                if (!storages.containsKey(e.getValue().storage().key())) {
                    throw new AudioPruneException("tensor " + e.getKey() + ": its storage is not in the file");
                }
            }
            return tensors(refs, storages, order);
        }
    }

    private static String nameOf(Map<String, TensorRef> refs, Object target) {
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            if (e.getValue() == target || e.getValue().storage() == target) {
                return e.getKey();
            }
        }
        return "?";
    }

    /** The state dict inside the pickled object, tensors only, without a DataParallel prefix. */
    private static Map<String, TensorRef> stateDict(Object root) {
        Object dict = root;
        if (root instanceof Map<?, ?> m && !(first(m) instanceof TensorRef)) {
            dict = m.containsKey("model") ? m.get("model") : m.containsKey("state_dict") ? m.get("state_dict") : m;
        }
        if (!(dict instanceof Map<?, ?> sd)) {
            throw new AudioPruneException("no state dict inside (expected a dict of tensors, or one under 'model')");
        }
        boolean prefixed = !sd.isEmpty() && sd.keySet().stream().allMatch(k -> String.valueOf(k).startsWith("module."));
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : sd.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof TensorRef t)) {
                throw new AudioPruneException("entry " + name + " of the state dict is " + NumpyPickle.describe(e.getValue())
                        + ", not a tensor");
            }
            out.put(prefixed ? name.substring("module.".length()) : name, t);
        }
        if (out.isEmpty()) {
            throw new AudioPruneException("the state dict is empty");
        }
        return out;
    }

    private static Object first(Map<?, ?> m) {
        return m.isEmpty() ? null : m.values().iterator().next();
    }

    private static Map<String, Tensor> tensors(Map<String, TensorRef> refs, Map<String, byte[]> storages, ByteOrder order) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            out.put(e.getKey(), materialise(e.getKey(), e.getValue(), storages.get(e.getValue().storage().key()), order));
        }
        return out;
    }

    private static Tensor materialise(String name, TensorRef t, byte[] data, ByteOrder order) {
        StorageType type = t.storage().type();
        if (t.size().length != t.stride().length) {
            throw new AudioPruneException("tensor " + name + ": size and stride differ in rank");
        }
        long n = 1;
        long last = t.offset();
        for (int d = 0; d < t.size().length; d++) {
            if (t.size()[d] < 0 || t.stride()[d] < 0) {
                throw new AudioPruneException("tensor " + name + ": negative size or stride");
            }
            n = Math.multiplyExact(n, t.size()[d]);
            last += t.size()[d] == 0 ? 0 : (t.size()[d] - 1) * t.stride()[d];
        }
        long available = data.length / type.bytes;
        if (n > 0 && (t.offset() < 0 || last >= available)) {
            throw new AudioPruneException("tensor " + name + " " + Arrays.toString(t.size()) + " reaches element " + last
                    + " but its storage holds " + available + " (truncated or damaged file)");
        }
        if (n > Integer.MAX_VALUE) {
            throw new AudioPruneException("tensor " + name + " is too large");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(order);
        float[] values = new float[(int) n];
        int rank = t.size().length;
        long[] index = new long[rank];
        for (int i = 0; i < values.length; i++) {
            long at = t.offset();
            for (int d = 0; d < rank; d++) {
                at += index[d] * t.stride()[d];
            }
            values[i] = element(b, (int) (at * type.bytes), type);
            for (int d = rank - 1; d >= 0; d--) { // odometer over the C-order index
                if (++index[d] < t.size()[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new Tensor(name, t.size().clone(), type, values);
    }

    private static float element(ByteBuffer b, int at, StorageType type) {
        return switch (type) {
            case FLOAT -> b.getFloat(at);
            case DOUBLE -> (float) b.getDouble(at);
            case HALF -> Fp16Conversions.fp16ToFloat(b.getShort(at));
            case BFLOAT16 -> Fp16Conversions.bf16ToFloat(b.getShort(at));
            case LONG -> b.getLong(at);
            case INT -> b.getInt(at);
            case SHORT -> b.getShort(at);
            case CHAR -> b.get(at);
            case BYTE, BOOL -> b.get(at) & 0xff;
        };
    }
}
