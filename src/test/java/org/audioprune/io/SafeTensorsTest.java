package org.audioprune.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() {
        Map<String, SafeTensors.F32> t = new LinkedHashMap<>();
        t.put("a.weight", new SafeTensors.F32(new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, 0, 7}));
        t.put("b", new SafeTensors.F32(new long[] {1}, new float[] {42}));
        t.put("empty", new SafeTensors.F32(new long[] {0, 4}, new float[0]));
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, t, Map.of("k", "v"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(java.util.List.copyOf(t.keySet()), java.util.List.copyOf(c.tensors().keySet()));
        t.forEach((name, expected) -> {
            assertArrayEquals(expected.shape(), c.tensors().get(name).shape(), name);
            assertArrayEquals(expected.data(), c.tensors().get(name).data(), name);
        });
        assertEquals(Map.of("k", "v"), c.metadata());
    }

    @Test
    void writesTheDocumentedLayout() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, Map.of("x", new SafeTensors.F32(new long[] {2}, new float[] {1f, 2f})), Map.of());
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8);
        String header = new String(out.toByteArray(), 8, (int) n, StandardCharsets.UTF_8).trim();
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        b.position(8 + (int) n);
        assertEquals(1f, b.getFloat());
        assertEquals(2f, b.getFloat());
        assertFalse(b.hasRemaining());
    }

    /** A file with the given header JSON and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private void assertRefused(Path f, String fragment) {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesMaliciousOrBrokenFiles() throws Exception {
        assertRefused(file("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "only F32");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8), "out of range");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlaps");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12), "cover 8 of 12");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "gap");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,0]}}", 0), "dimension");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,8]}}", 8),
                "too large");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "exactly");
        assertRefused(file("[1,2]", 0), "not a JSON object");
        assertRefused(file("{\"x\":", 0), "malformed");
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0), "malformed");

        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
        Path f = dir.resolve("huge.safetensors");
        Files.write(f, huge.array());
        assertRefused(f, "header length");
        Files.write(f, new byte[3]);
        assertRefused(f, "shorter than 8");
        assertRefused(dir.resolve("missing.safetensors"), "no such file");
    }
}
