package org.audioprune.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.audioprune.AudioPruneException;

/**
 * A delimited metadata file with a header row (TAU's tab-separated csvs, ESC-50's comma-separated
 * csv). Read by hand because both formats are unquoted one-record-per-line tables and no CSV library
 * is on the class path; every error names the file and line.
 */
final class TableFile {
    /** One data row with its 1-based line number in the file. */
    record Row(int line, String[] fields) {
    }

    private final Path file;
    private final List<String> header;
    private final List<Row> rows;

    private TableFile(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /**
     * Reads {@code file}; every non-blank row must have exactly as many fields as the header, and
     * the header must contain {@code requiredColumns}.
     */
    static TableFile read(Path file, char separator, String... requiredColumns) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(file + ": missing metadata file");
        } catch (IOException e) {
            throw new AudioPruneException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new AudioPruneException(file + ":1: missing header row");
        }
        List<String> header = Arrays.asList(split(stripBom(lines.get(0)), separator));
        for (String column : requiredColumns) {
            if (!header.contains(column)) {
                throw new AudioPruneException(file + ":1: header lacks column '" + column + "' (found "
                        + String.join(String.valueOf(separator == '\t' ? "<tab>" : separator), header) + ")");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = split(line, separator);
            if (fields.length != header.size()) {
                throw new AudioPruneException(file + ":" + (i + 1) + ": malformed row, expected "
                        + header.size() + " fields separated by " + (separator == '\t' ? "tabs" : "'" + separator + "'")
                        + ", found " + fields.length);
            }
            rows.add(new Row(i + 1, fields));
        }
        return new TableFile(file, header, rows);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String[] split(String line, char separator) {
        String[] parts = line.split(Pattern.quote(String.valueOf(separator)), -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        return parts;
    }

    Path file() {
        return file;
    }

    List<Row> rows() {
        return rows;
    }

    /** Index of a column known to exist (checked in {@link #read}). */
    int column(String name) {
        return header.indexOf(name);
    }

    /**
     * The rows with distinct values in {@code column}, in file order. A value listed again is an
     * error naming both lines; with {@code ignoreRepeats} a repeat identical to the first row is
     * dropped instead (a repeat that disagrees is always an error).
     */
    List<Row> distinctRows(String column, boolean ignoreRepeats) {
        int c = column(column);
        Map<String, Row> first = new HashMap<>();
        List<Row> out = new ArrayList<>();
        for (Row row : rows) {
            Row earlier = first.putIfAbsent(row.fields()[c], row);
            if (earlier == null) {
                out.add(row);
            } else if (!Arrays.equals(earlier.fields(), row.fields())) {
                throw error(row, column + " '" + row.fields()[c] + "' is listed again with other values (first at line "
                        + earlier.line() + ")");
            } else if (!ignoreRepeats) {
                throw error(row, column + " '" + row.fields()[c] + "' is listed again (first at line " + earlier.line()
                        + "); pass --ignore-duplicate-rows to use each clip once");
            }
        }
        return out;
    }

    /** A one-line error about {@code row}. */
    AudioPruneException error(Row row, String problem) {
        return new AudioPruneException(file + ":" + row.line() + ": " + problem);
    }
}
