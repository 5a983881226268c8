package org.audioprune.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.audioprune.AudioPruneException;

/**
 * An output that could not be written: one line naming the path and the operating system's reason
 * ("permission denied", "no space left on device", ...). A user error (exit 2): the cause is the
 * environment the user chose, not a defect.
 */
public final class OutputException extends AudioPruneException {
    public OutputException(String message) {
        super(message);
    }

    OutputException(Path target, IOException cause) {
        super("cannot write " + target + ": " + reason(cause, target), cause);
    }

    /**
     * The operating system's reason for {@code e}, with the file it concerns unless that is
     * {@code target} itself or one of its temporary siblings.
     */
    static String reason(IOException e, Path target) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            why = "no such file or folder";
        } else if (e instanceof NotDirectoryException) {
            why = "not a folder";
        } else if (e instanceof DirectoryNotEmptyException) {
            why = "folder not empty";
        } else if (e instanceof FileAlreadyExistsException) {
            why = "already exists";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        Path parent = target.toAbsolutePath().getParent();
        if (e instanceof FileSystemException f && f.getFile() != null && parent != null
                && !parent.equals(Path.of(f.getFile()).toAbsolutePath().getParent())) {
            return why + " (" + f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ")";
        }
        return why;
    }
}
