package org.audioprune.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The check every command runs on its outputs before doing any work, so that no output can destroy
 * anything: an output path may be replaced only by an artefact of the same kind
 * ({@link OutputKind#replaceable}). Refused, each with one line naming the option and the path:
 * an empty path; the current folder, one of its ancestors or the file-system root; a path that is,
 * contains or lies inside an input of the same command (or another output); a path whose parent is
 * a file or an unwritable folder; an existing file or folder of another kind. There is no override:
 * the user moves the thing away or picks another path.
 *
 * <pre>
 * OutputGuard.create().reads("--checkpoint", checkpoint)
 *         .writes("--out", out, OutputKind.CHECKPOINT).check();
 * </pre>
 */
public final class OutputGuard {
    private record Named(String option, Path path, OutputKind kind) {
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();

    private OutputGuard() {
    }

    public static OutputGuard create() {
        return new OutputGuard();
    }

    /** An input of the command ({@code null} is ignored: an optional input not given). */
    public OutputGuard reads(String option, Path input) {
        if (input != null) {
            inputs.add(new Named(option, input, null));
        }
        return this;
    }

    /** An output of the command and the kind of artefact written there ({@code null} is ignored). */
    public OutputGuard writes(String option, Path output, OutputKind kind) {
        if (output != null) {
            outputs.add(new Named(option, output, kind));
        }
        return this;
    }

    /**
     * Runs every check; interrupted replacements of the outputs are repaired first ({@link AtomicFiles#recover}).
     *
     * @throws OutputException for the first output that may not be written
     */
    public void check() {
        for (int i = 0; i < outputs.size(); i++) {
            Named out = outputs.get(i);
            if (out.path().toString().isEmpty()) {
                throw new OutputException(out.option() + " is empty (that would be the current folder); give a new path");
            }
            Path abs = out.path().toAbsolutePath().normalize();
            requireNotCurrentFolder(abs, out.option());
            Path real = canonical(abs);
            for (Named in : inputs) {
                String overlap = overlap(real, canonical(in.path()));
                if (overlap != null) {
                    throw new OutputException(out.option() + " " + out.path() + " " + overlap + " the input "
                            + in.option() + " " + in.path() + "; outputs never overwrite inputs: give another path");
                }
            }
            for (Named other : outputs.subList(0, i)) {
                String overlap = overlap(real, canonical(other.path()));
                if (overlap != null) {
                    throw new OutputException(out.option() + " " + out.path() + " " + overlap + " the output "
                            + other.option() + " " + other.path() + "; give two separate paths");
                }
            }
            requireWritableParent(abs, out.option());
            AtomicFiles.recover(abs);
            if (Files.exists(abs) && !out.kind().replaceable(abs)) {
                String expected = out.kind().isFolder() ? "an AudioPrune " + out.kind().label()
                        : "a " + out.kind().label();
                throw new OutputException(out.option() + " " + out.path() + " exists and is "
                        + OutputKind.describe(abs) + ", not " + expected
                        + "; not replacing it (move it away or choose another path)");
            }
        }
    }

    /**
     * Refuses the file-system root, the current folder and its ancestors: replacing one of those
     * would delete the user's working tree.
     */
    static void requireNotCurrentFolder(Path abs, String option) {
        Path real = canonical(abs);
        Path cwd = canonical(Path.of("").toAbsolutePath());
        if (real.getParent() == null || cwd.startsWith(real)) {
            throw new OutputException(option + " " + abs + " is " + (real.equals(cwd) ? "the current folder"
                    : real.getParent() == null ? "the root of the file system" : "an ancestor of the current folder "
                    + cwd) + "; give a new path (e.g. a name inside it)");
        }
    }

    /** The parent chain must end, at its first existing member, in a writable folder. */
    private static void requireWritableParent(Path abs, String option) {
        Path existing = abs.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new OutputException("cannot write " + option + " " + abs + ": " + existing
                    + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new OutputException("cannot write " + option + " " + abs + ": folder " + existing
                    + " is not writable (permission denied)");
        }
    }

    /** How {@code out} overlaps {@code in} ("is", "contains", "lies inside"), or {@code null}. */
    private static String overlap(Path out, Path in) {
        if (out.equals(in)) {
            return "is";
        }
        if (in.startsWith(out)) {
            return "contains";
        }
        return out.startsWith(in) ? "lies inside" : null;
    }

    /**
     * {@code p} absolute, normalised, with symbolic links resolved as far as the path exists (so that
     * two spellings of one folder compare equal).
     */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing == null ? abs.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            real = existing; // a dangling link: compare it as spelled
        }
        while (!missing.isEmpty()) {
            real = real.resolve(missing.pop());
        }
        return real;
    }
}
