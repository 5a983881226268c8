package org.audioprune.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.model.Tensor;

/**
 * Reads and writes the safetensors format (float32 only): an 8-byte little-endian header length,
 * a JSON header {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]},
 * "__metadata__": {..}}} and the raw little-endian data. Written by hand because there is no
 * maintained JVM safetensors library, and the format is small enough to validate strictly here:
 * a bad file (huge or truncated header, other dtype, offsets out of range, overlapping or
 * uncovered data) is refused with a one-line {@link AudioPruneException} naming the file.
 */
public final class SafeTensors {
    private SafeTensors() {
    }

    /** Same limit as the reference implementation: headers beyond 100 MB are refused. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = Json.MAPPER;

    /** The contents of a file: tensors in data order, plus the string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Writes tensors (in map order) and metadata atomically to {@code file}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        AtomicFiles.write(file, out -> write(out, tensors, metadata));
    }

    /** Writes tensors (in map order) and metadata to a stream; the header is space-padded to 8 bytes. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("invalid tensor name '" + e.getKey() + "'");
            }
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = Json.compact().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        out.write(head.array());
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            for (float v : t.data()) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(v);
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private record Entry(String name, long[] shape, long begin, long end) {
    }

    /** Reads and validates a whole file; tensors come back in the order of their data. */
    public static Contents read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, file.toString());
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(file + ": no such file");
        } catch (IOException e) {
            throw new AudioPruneException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Contents read(FileChannel ch, String name) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new AudioPruneException(name + ": not a safetensors file (shorter than 8 bytes)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.flip().getLong();
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
            throw new AudioPruneException(name + ": invalid safetensors header length " + Long.toUnsignedString(headerLen)
                    + " (file has " + size + " bytes)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, 8);
        JsonNode header;
        try {
            header = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new AudioPruneException(name + ": malformed safetensors header: "
                    + e.getOriginalMessage().replace('\n', ' '));
        }
        if (header == null || !header.isObject()) {
            throw new AudioPruneException(name + ": safetensors header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA)) {
                readMetadata(f.getValue(), metadata, name);
            } else {
                entries.add(entry(f.getKey(), f.getValue(), dataSize, name));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        for (Entry e : entries) {
            if (e.begin != covered) {
                throw new AudioPruneException(name + ": tensor '" + e.name + "' data at " + e.begin
                        + (e.begin < covered ? " overlaps the previous tensor" : " leaves a gap")
                        + " (expected offset " + covered + ")");
            }
            covered = e.end;
        }
        if (covered != dataSize) {
            throw new AudioPruneException(name + ": tensors cover " + covered + " of " + dataSize + " data bytes");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] values = new float[(int) ((e.end - e.begin) / 4)];
            if (values.length > 0) {
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, e.end - e.begin);
                map.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            }
            tensors.put(e.name, new Tensor(e.shape, values));
        }
        return new Contents(tensors, metadata);
    }

    private static void readMetadata(JsonNode node, Map<String, String> into, String name) {
        if (!node.isObject()) {
            throw new AudioPruneException(name + ": safetensors __metadata__ is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new AudioPruneException(name + ": safetensors metadata '" + m.getKey() + "' is not a string");
            }
            into.put(m.getKey(), m.getValue().asText());
        }
    }

    private static Entry entry(String tensor, JsonNode node, long dataSize, String name) {
        String where = name + ": tensor '" + tensor + "'";
        if (!node.isObject() || node.size() != 3 || !node.has("dtype") || !node.has("shape")
                || !node.has("data_offsets")) {
            throw new AudioPruneException(where + " needs exactly dtype, shape and data_offsets");
        }
        if (!"F32".equals(node.get("dtype").asText(null)) || !node.get("dtype").isTextual()) {
            throw new AudioPruneException(where + " has dtype " + node.get("dtype") + ", only F32 is supported");
        }
        JsonNode shapeNode = node.get("shape");
        if (!shapeNode.isArray()) {
            throw new AudioPruneException(where + ": shape is not an array");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new AudioPruneException(where + ": invalid dimension " + d);
            }
            shape[i] = d.asLong();
            if (shape[i] != 0 && count > Integer.MAX_VALUE / shape[i]) {
                throw new AudioPruneException(where + ": shape " + shapeNode + " is too large");
            }
            count *= shape[i];
        }
        JsonNode off = node.get("data_offsets");
        if (!off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new AudioPruneException(where + ": data_offsets must be two integers");
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new AudioPruneException(where + ": data_offsets [" + begin + ", " + end
                    + "] out of range (data has " + dataSize + " bytes)");
        }
        if (end - begin != 4 * count) {
            throw new AudioPruneException(where + ": data_offsets span " + (end - begin) + " bytes but shape "
                    + shapeNode + " needs " + 4 * count);
        }
        return new Entry(tensor, shape, begin, end);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new java.io.EOFException();
            }
            pos += n;
        }
    }
}
