package org.audioprune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Byte-for-byte comparisons of folders (e.g. two feature caches). */
public final class FileTrees {
    private FileTrees() {
    }

    /** Every file under {@code dir}: relative path → bytes. */
    public static Map<String, byte[]> read(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** Asserts that {@code got} holds the same files as {@code want}, with the same bytes. */
    public static void assertSame(Path want, Path got) throws IOException {
        Map<String, byte[]> a = read(want);
        Map<String, byte[]> b = read(got);
        assertEquals(a.keySet(), b.keySet(), got.toString());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), got.resolve(k).toString());
        }
    }
}
