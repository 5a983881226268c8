package org.audioprune.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.audioprune.AudioPruneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyArrayTest {
    @TempDir
    Path dir;

    /** Layout of np.save(np.array([[1,2,3],[4,5,6]], dtype='<f4')) as NumPy writes it. */
    @Test
    void headerMatchesNumpyLayout() {
        byte[] b = NpyArray.ofFloats(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}).toBytes();
        int headerLen = (b[8] & 0xff) | ((b[9] & 0xff) << 8);
        String header = new String(b, 10, headerLen, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"));
        assertEquals(0, (10 + headerLen) % 64, "data must start on a 64-byte boundary");
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(10 + headerLen + 24, b.length);
        // first value 1.0f little-endian is 00 00 80 3f
        assertEquals((byte) 0x3f, b[10 + headerLen + 3]);
        assertEquals((byte) 0x80, b[10 + headerLen + 2]);
    }

    @Test
    void roundTripsBothDtypes() {
        Path f = dir.resolve("a.npy");
        new NpyArray(new int[] {2, 1, 2}, new double[] {1.5, -2, 3e-8, 4}, NpyArray.DType.FLOAT64).write(f);
        NpyArray a = NpyArray.read(f);
        assertArrayEquals(new int[] {2, 1, 2}, a.shape());
        assertArrayEquals(new double[] {1.5, -2, 3e-8, 4}, a.data());
        assertEquals(NpyArray.DType.FLOAT64, a.dtype());
        NpyArray.ofFloats(new int[] {3}, new float[] {1, 2, 3}).write(f);
        assertArrayEquals(new int[] {3}, NpyArray.read(f).shape());
    }

    @Test
    void badFilesGiveOneLineErrorsNamingTheFile() throws Exception {
        Path f = dir.resolve("bad.npy");
        Files.write(f, new byte[] {1, 2, 3});
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> NpyArray.read(f));
        assertTrue(e.getMessage().contains("bad.npy"));
        byte[] good = NpyArray.ofFloats(new int[] {4}, new float[] {1, 2, 3, 4}).toBytes();
        Files.write(f, java.util.Arrays.copyOf(good, good.length - 3));
        e = assertThrows(AudioPruneException.class, () -> NpyArray.read(f));
        assertTrue(e.getMessage().contains("truncated"));
        assertThrows(AudioPruneException.class, () -> NpyArray.read(dir.resolve("missing.npy")));
    }
}
