package org.audioprune.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files and folders so that neither a failure nor a crash (kill -9, power loss) ever leaves a
 * half-written output under the final name or loses the old one.
 *
 * <p><b>Files</b> are written to a temporary sibling, flushed to disk, and renamed over the target:
 * rename(2) replaces a file atomically, so at every instant the path holds the complete old or the
 * complete new file.
 *
 * <p><b>Folders</b> cannot be swapped in one system call from Java (Linux's
 * {@code renameat2(RENAME_EXCHANGE)} is not reachable, and rename(2) refuses to replace a non-empty
 * folder), so a folder {@code P} is replaced in steps, each one rename:
 * <ol>
 *   <li>the new folder is filled as {@code .P.audioprune-tmp-PID-N} and flushed to disk;</li>
 *   <li>{@code P} is renamed to {@code .P.audioprune-old};</li>
 *   <li>the new folder is renamed to {@code P};</li>
 *   <li>the old one is renamed to {@code .P.audioprune-trash-PID-N} and deleted.</li>
 * </ol>
 * The guarantee: at every instant the complete old or the complete new folder is at {@code P},
 * except between steps 2 and 3 (two consecutive renames, microseconds apart), when the complete old
 * folder is at {@code .P.audioprune-old}. Every AudioPrune access to {@code P} (writing it, checking
 * it as an output, loading a checkpoint) first calls {@link #recover}: if {@code P} is missing and
 * {@code .P.audioprune-old} exists, it is renamed back; then stale temporaries, trash and backups of
 * {@code P} left by crashed runs are deleted. Only names of exactly these forms are touched (plus the
 * {@code .P.<digits>} and {@code .P.old.<digits>} temporaries of earlier versions), and a temporary
 * whose writer process is still alive is left alone. One writer per path at a time is assumed.
 */
public final class AtomicFiles {
    private static final String TMP = "audioprune-tmp";
    private static final String OLD = "audioprune-old";
    private static final String TRASH = "audioprune-trash";
    private static final long PID = ProcessHandle.current().pid();

    /**
     * Test seam: called with the name of every step of a replacement ("tmp-written", "old-moved",
     * "new-moved", "done") and the target, so that crash tests can stop the process exactly there.
     */
    static volatile BiConsumer<String, Path> stepHook = (step, target) -> { };

    private AtomicFiles() {
    }

    /** Something that writes a whole output into a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Something that fills a (temporary) folder. */
    @FunctionalInterface
    public interface FolderWriter {
        void write(Path dir) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer}; the old file stays intact if anything fails.
     *
     * @throws OutputException naming the path and the operating system's reason
     */
    public static void write(Path target, StreamWriter writer) {
        Path abs = absolute(target);
        Path tmp = null;
        try {
            Path parent = abs.getParent();
            Files.createDirectories(parent);
            cleanStale(abs);
            tmp = parent.resolve(tempName(abs, TMP));
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            force(tmp);
            stepHook.accept("tmp-written", abs);
            move(tmp, abs, true);
            forceFolder(parent);
            stepHook.accept("done", abs);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new OutputException(abs, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Writes a text file atomically (UTF-8). */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Fills a temporary sibling folder, then replaces {@code target} with it (see the class comment).
     * The existing {@code target} must be replaceable by {@code kind} ({@link OutputKind#replaceable});
     * this is checked again just before the swap, so a foreign folder that appeared meanwhile is
     * refused too.
     *
     * @throws OutputException naming the path and the reason
     */
    public static void writeFolder(Path target, OutputKind kind, FolderWriter writer) {
        Path abs = absolute(target);
        OutputGuard.requireNotCurrentFolder(abs, "output");
        Path tmp = null;
        try {
            Path parent = abs.getParent();
            Files.createDirectories(parent);
            recover(abs);
            tmp = parent.resolve(tempName(abs, TMP));
            Files.createDirectory(tmp);
            writer.write(tmp);
            forceTree(tmp);
            stepHook.accept("tmp-written", abs);
            requireReplaceable(abs, kind);
            if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Path old = parent.resolve(siblingName(abs, OLD));
                move(abs, old, false);
                stepHook.accept("old-moved", abs);
                move(tmp, abs, false);
                forceFolder(parent);
                stepHook.accept("new-moved", abs);
                Path trash = parent.resolve(tempName(abs, TRASH));
                move(old, trash, false);
                deleteRecursively(trash);
            } else {
                move(tmp, abs, false);
                forceFolder(parent);
            }
            stepHook.accept("done", abs);
        } catch (IOException e) {
            deleteRecursively(tmp);
            throw new OutputException(abs, e);
        } catch (RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
    }

    /**
     * Repairs what a crash may have left around {@code target}: restores the backup of a folder whose
     * replacement was interrupted between its two renames, then deletes stale temporaries, trash and
     * backups (see the class comment). Harmless when there is nothing to repair.
     */
    public static void recover(Path target) {
        Path abs = absolute(target);
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try {
            if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Path backup = parent.resolve(siblingName(abs, OLD));
                Path legacy = legacyBackup(abs);
                if (Files.isDirectory(backup)) {
                    move(backup, abs, false);
                    forceFolder(parent);
                } else if (legacy != null) {
                    move(legacy, abs, false);
                    forceFolder(parent);
                }
            }
            cleanStale(abs);
        } catch (IOException e) {
            throw new OutputException(abs, e);
        }
    }

    /**
     * Removes {@code target} in one step: it is renamed to a trash name first, so no half-deleted
     * folder ever carries its name, then deleted (trash left by a crash is cleaned up later).
     */
    public static void delete(Path target) {
        Path abs = absolute(target);
        if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path trash = abs.resolveSibling(tempName(abs, TRASH));
        try {
            move(abs, trash, false);
            forceFolder(abs.getParent());
        } catch (IOException e) {
            throw new OutputException(abs, e);
        }
        deleteRecursively(trash);
    }

    /** Deletes a folder tree (best effort). */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: what is left carries a temporary name and is cleaned up by a later run
        }
    }

    private static void requireReplaceable(Path abs, OutputKind kind) {
        if (!kind.replaceable(abs)) {
            throw new OutputException(abs + " is " + OutputKind.describe(abs) + ", not an AudioPrune "
                    + kind.label() + "; not replacing it (move it away or choose another path)");
        }
    }

    /** Names this class gives siblings of {@code abs}: {@code .NAME.<what>} or {@code .NAME.<what>-PID-N}. */
    private static String siblingName(Path abs, String what) {
        return "." + abs.getFileName() + "." + what;
    }

    private static String tempName(Path abs, String what) {
        return siblingName(abs, what) + "-" + PID + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * Deletes stale siblings of {@code abs}: temporaries and trash of dead processes, a backup whose
     * folder is back in place, and the temporaries of earlier versions ({@code .NAME.<digits>},
     * {@code .NAME.<digits>.tmp}, {@code .NAME.old.<digits>}).
     */
    private static void cleanStale(Path abs) throws IOException {
        String name = Pattern.quote(abs.getFileName().toString());
        Pattern ours = Pattern.compile("\\." + name + "\\.(" + TMP + "|" + TRASH + ")-(\\d+)-\\d+");
        Pattern old = Pattern.compile("\\." + name + "\\." + OLD);
        Pattern legacy = Pattern.compile("\\." + name + "\\.(old\\.)?\\d+(\\.tmp)?");
        boolean present = Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        for (Path sibling : siblings(abs)) {
            String s = sibling.getFileName().toString();
            Matcher m = ours.matcher(s);
            boolean stale = (m.matches() && !alive(Long.parseLong(m.group(2))))
                    || (present && old.matcher(s).matches())
                    || legacy.matcher(s).matches();
            if (stale) {
                deleteRecursively(sibling);
            }
        }
    }

    /** A backup left by an earlier version (between its two renames), if any. */
    private static Path legacyBackup(Path abs) throws IOException {
        Pattern legacyOld = Pattern.compile("\\." + Pattern.quote(abs.getFileName().toString()) + "\\.old\\.\\d+");
        return siblings(abs).stream().filter(p -> legacyOld.matcher(p.getFileName().toString()).matches())
                .filter(Files::isDirectory).findFirst().orElse(null);
    }

    private static List<Path> siblings(Path abs) throws IOException {
        String prefix = "." + abs.getFileName() + ".";
        try (Stream<Path> s = Files.list(abs.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    /** True if process {@code pid} is running and is not this one (our own leftovers are stale). */
    private static boolean alive(long pid) {
        return pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Path absolute(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.getFileName() == null) {
            throw new OutputException("cannot write " + target + ": it is the root of the file system");
        }
        return abs;
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            // same folder, so this only happens on exotic file systems; a plain move is the best left
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    /** Flushes a file's data to the device, so that a rename never publishes data still in memory. */
    public static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Flushes a folder's entries (the renames) to the device; a no-op where folders cannot be opened. */
    public static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // e.g. Windows: folders cannot be opened as channels; the rename is still atomic
        }
    }

    /** Flushes every file and folder under {@code dir} (symbolic links are not followed). */
    public static void forceTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    force(p);
                } else if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    forceFolder(p);
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stray temporary never carries the final name and is cleaned up later
        }
    }
}
