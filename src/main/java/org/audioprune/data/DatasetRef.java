package org.audioprune.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import org.audioprune.Json;

/**
 * A dataset as a serialisable value, so that another process (a Spark executor) opens the very
 * same dataset: its {@code KIND:PATH} with absolute paths and its {@link DatasetOptions} as JSON
 * (JSON so that every option, present or future, travels without being listed here). Every
 * process must see the files under the same paths: a shared file system.
 *
 * @param spec    the {@code KIND:PATH}, paths absolute
 * @param options the options as JSON
 */
public record DatasetRef(String spec, String options) implements Serializable {
    private static final ObjectMapper JSON = Json.MAPPER;

    /** The reference to the dataset {@code spec} opened with {@code options}, paths made absolute. */
    public static DatasetRef of(String spec, DatasetOptions options) {
        DatasetOptions abs = options.withCacheRoot(options.cacheRoot().toAbsolutePath().normalize());
        if (abs.soundfont() != null) {
            abs = abs.withSoundfont(abs.soundfont().toAbsolutePath().normalize());
        }
        try {
            return new DatasetRef(Datasets.absolute(spec), JSON.writeValueAsString(abs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dataset options are plain values, yet not writable as JSON", e);
        }
    }

    /** The options, read back. */
    public DatasetOptions datasetOptions() {
        try {
            return JSON.readValue(options, DatasetOptions.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dataset options written by DatasetRef.of are unreadable: " + options, e);
        }
    }

    /** Opens the dataset (see {@link Datasets#open}). */
    public AudioDataset open() {
        return Datasets.open(spec, datasetOptions());
    }
}
