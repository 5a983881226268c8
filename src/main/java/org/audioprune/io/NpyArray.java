package org.audioprune.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audioprune.AudioPruneException;

/**
 * A dense array read from or written to NumPy's .npy format (version 1.0/2.0, C order).
 * Written by hand because no maintained JVM library reads and writes .npy without pulling in a
 * whole tensor engine; the format is a short text header plus raw little-endian data.
 * Data is held as double (exact for float32 and float64); {@code dtype} remembers the source.
 */
public final class NpyArray {
    /** Element types this project reads and writes. */
    public enum DType { FLOAT32, FLOAT64 }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * The header of a .npy file.
     *
     * @param descr        NumPy's dtype string, e.g. {@code <f4}, {@code <i8}, {@code |O}
     * @param fortranOrder true for column-major data
     * @param dataOffset   bytes from the start of the file to the data
     */
    public record Header(String descr, boolean fortranOrder, int[] shape, long dataOffset) {
    }

    private final int[] shape;
    private final double[] data;
    private final DType dtype;

    public NpyArray(int[] shape, double[] data, DType dtype) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
        this.dtype = dtype;
    }

    /** A float32 array from float data. */
    public static NpyArray ofFloats(int[] shape, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new NpyArray(shape, d, DType.FLOAT32);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The values in C (row-major) order; not a copy. */
    public double[] data() {
        return data;
    }

    public DType dtype() {
        return dtype;
    }

    /** Reads a .npy file; any problem is a one-line {@link AudioPruneException} naming the file. */
    public static NpyArray read(Path file) {
        return open(file, in -> read(in, file.toString()));
    }

    /** Reads only the header of a .npy file (any dtype); a one-line error naming the file. */
    public static Header readHeader(Path file) {
        return open(file, in -> header(in, file.toString()));
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> T open(Path file, Reader<T> reader) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            return reader.read(in);
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(file + ": no such file");
        } catch (java.io.EOFException e) {
            throw new AudioPruneException(file + ": truncated .npy file");
        } catch (IOException e) {
            throw new AudioPruneException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static NpyArray read(DataInputStream in, String name) throws IOException {
        Header h = header(in, name);
        if (h.fortranOrder()) {
            throw new AudioPruneException(name + ": Fortran-order arrays are not supported");
        }
        String descr = h.descr();
        DType dtype;
        ByteOrder order;
        switch (descr) {
            case "<f4", "|f4", "=f4" -> { dtype = DType.FLOAT32; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f4" -> { dtype = DType.FLOAT32; order = ByteOrder.BIG_ENDIAN; }
            case "<f8", "|f8", "=f8" -> { dtype = DType.FLOAT64; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f8" -> { dtype = DType.FLOAT64; order = ByteOrder.BIG_ENDIAN; }
            default -> throw new AudioPruneException(name + ": unsupported dtype '" + descr
                    + "' (expected float32 or float64)");
        }
        int[] shape = h.shape();
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE / 8) {
                throw new AudioPruneException(name + ": array too large");
            }
        }
        int width = dtype == DType.FLOAT32 ? 4 : 8;
        byte[] bytes = new byte[(int) n * width];
        in.readFully(bytes);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(order);
        double[] data = new double[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = dtype == DType.FLOAT32 ? bb.getFloat() : bb.getDouble();
        }
        return new NpyArray(shape, data, dtype);
    }

    private static Header header(DataInputStream in, String name) throws IOException {
        byte[] magic = new byte[6];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new AudioPruneException(name + ": not a .npy file (bad magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLen;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        } else if (major == 2 || major == 3) {
            headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        } else {
            throw new AudioPruneException(name + ": unsupported .npy version " + major);
        }
        if (headerLen > 1 << 20) {
            throw new AudioPruneException(name + ": .npy header too large");
        }
        byte[] hb = new byte[(int) headerLen];
        in.readFully(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        Matcher dm = DESCR.matcher(header);
        Matcher fm = FORTRAN.matcher(header);
        Matcher sm = SHAPE.matcher(header);
        if (!dm.find() || !fm.find() || !sm.find()) {
            throw new AudioPruneException(name + ": malformed .npy header");
        }
        long offset = 6 + 2 + (major == 1 ? 2 : 4) + headerLen;
        return new Header(dm.group(1), fm.group(1).equals("True"), parseShape(sm.group(1), name), offset);
    }

    private static int[] parseShape(String s, String name) {
        String[] parts = s.split(",");
        int count = 0;
        int[] tmp = new int[parts.length];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                tmp[count++] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new AudioPruneException(name + ": malformed shape '(" + s + ")' in .npy header");
            }
            if (tmp[count - 1] < 0) {
                throw new AudioPruneException(name + ": negative dimension in shape '(" + s + ")' of the .npy header");
            }
        }
        return Arrays.copyOf(tmp, count);
    }

    /** Writes this array atomically as .npy in its own dtype, little-endian. */
    public void write(Path file) {
        AtomicFiles.write(file, out -> out.write(toBytes()));
    }

    /** The .npy encoding of this array. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder("{'descr': '")
                .append(dtype == DType.FLOAT32 ? "<f4" : "<f8")
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sb.append(shape.length == 1 ? "," : ", ");
            }
        }
        sb.append("), }");
        // pad so that data starts on a 64-byte boundary, header ends with '\n'
        int total = MAGIC.length + 2 + 2 + sb.length() + 1;
        int pad = (64 - total % 64) % 64;
        sb.append(" ".repeat(pad)).append('\n');
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int width = dtype == DType.FLOAT32 ? 4 : 8;
        ByteArrayOutputStream bos = new ByteArrayOutputStream(10 + header.length + data.length * width);
        bos.writeBytes(MAGIC);
        bos.write(1);
        bos.write(0);
        bos.write(header.length & 0xff);
        bos.write((header.length >> 8) & 0xff);
        bos.writeBytes(header);
        ByteBuffer bb = ByteBuffer.allocate(data.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : data) {
            if (dtype == DType.FLOAT32) {
                bb.putFloat((float) v);
            } else {
                bb.putDouble(v);
            }
        }
        bos.writeBytes(bb.array());
        return bos.toByteArray();
    }
}
