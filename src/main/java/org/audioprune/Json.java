package org.audioprune;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The project's one JSON mapper, configured once. Reading is strict: unknown properties, missing
 * constructor properties, nulls for primitives and duplicate keys fail, so a damaged or foreign file
 * is refused rather than half-read. Output is indented (specs, checkpoints, reports and caches are
 * read by people); {@link #compact()} writes one line.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** One-line output (file headers, {@code rank --json}). */
    public static ObjectWriter compact() {
        return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    /** A reader of {@code type} that also refuses a null (or absent) constructor property. */
    public static ObjectReader nonNull(Class<?> type) {
        return MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    }
}
