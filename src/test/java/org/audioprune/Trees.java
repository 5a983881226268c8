package org.audioprune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Byte-level snapshots of folder trees, to show that a refused command changed nothing. */
public final class Trees {
    private Trees() {
    }

    /** Every entry under {@code root} (itself included) by relative path: file bytes, "dir" or the link target. */
    public static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(key, "link:" + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(key, "dir");
                } else {
                    out.put(key, Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    /** A small foreign tree like a user's project: {@code keep/n.txt}, {@code .git/HEAD}, {@code src/A.java}. */
    public static Path foreign(Path root) throws IOException {
        Files.createDirectories(root.resolve("keep"));
        Files.writeString(root.resolve("keep/n.txt"), "notes\n");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/A.java"), "class A {}\n");
        return root;
    }
}
