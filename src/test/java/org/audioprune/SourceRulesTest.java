package org.audioprune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the code base that the compiler does not check, read from the main sources. */
class SourceRulesTest {
    private static final Path MAIN = Path.of("src/main/java/org/audioprune");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<String> offenders(String needle, String allowedPrefix) throws IOException {
        List<Path> all = sources();
        assertTrue(all.size() > 50, "main sources found under " + MAIN.toAbsolutePath());
        return all.stream().filter(p -> !MAIN.relativize(p).toString().startsWith(allowedPrefix))
                .filter(p -> read(p).contains(needle)).map(p -> MAIN.relativize(p).toString()).toList();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheCommandLinePrints() throws IOException {
        for (String stream : List.of("System.err", "System.out", "printStackTrace()")) {
            assertEquals(List.of(), offenders(stream, "cli/"), stream);
        }
    }

    @Test
    void oneJsonMapper() throws IOException {
        for (String construction : List.of("new ObjectMapper(", "JsonMapper.builder(", "new JsonMapper(")) {
            assertEquals(List.of(), offenders(construction, "Json.java"), construction);
        }
    }
}
