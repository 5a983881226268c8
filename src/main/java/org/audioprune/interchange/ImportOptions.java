package org.audioprune.interchange;

import java.nio.file.Path;

/**
 * What an import may be told besides the file.
 *
 * @param model  the expected family ({@code cnn14}, {@code cnn10}, {@code cnn6}, {@code dcase21}),
 *               or {@code null} to detect it from the file
 * @param frames input frames of the imported spec, or {@code null} for the family's 10 s default
 * @param labels a label file ({@link org.audioprune.data.ClassNames#read}), or {@code null}
 */
public record ImportOptions(String model, Integer frames, Path labels) {
    public static ImportOptions defaults() {
        return new ImportOptions(null, null, null);
    }
}
