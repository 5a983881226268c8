package org.audioprune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.audioprune.model.layer.LayerSpec;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, read from the sources: which packages may name which,
 * and that layer types are dispatched on by nobody but themselves.
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/org/audioprune");
    private static final Pattern REFERENCE = Pattern.compile("org\\.audioprune\\.([a-z]+(?:\\.[a-z]+)*)\\.([A-Z]\\w*)");

    /** Files directly in {@code pkg} (a path below org/audioprune, e.g. "model/layer"). */
    private static List<Path> sources(String pkg) {
        try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every project class named (imported or fully qualified) by the files of {@code pkg}, as "package.Class". */
    private static Set<String> references(String pkg) {
        Set<String> out = new TreeSet<>();
        for (Path p : sources(pkg)) {
            Matcher m = REFERENCE.matcher(read(p));
            while (m.find()) {
                out.add(m.group(1) + "." + m.group(2));
            }
        }
        out.removeIf(r -> r.startsWith(pkg.replace('/', '.') + ".") && r.indexOf('.', pkg.length() + 1) < 0);
        return out;
    }

    private static List<String> outside(Set<String> refs, String... allowedPackages) {
        List<String> bad = new ArrayList<>();
        for (String r : refs) {
            String pkg = r.substring(0, r.lastIndexOf('.'));
            if (!Arrays.asList(allowedPackages).contains(pkg) && !Arrays.asList(allowedPackages).contains(r)) {
                bad.add(r);
            }
        }
        return bad;
    }

    @Test
    void ioAndAudioNeedNoOtherProjectPackage() {
        assertEquals(List.of(), outside(references("io"), "io"), "io names");
        assertEquals(List.of(), outside(references("audio"), "audio"), "audio names");
    }

    @Test
    void modelNeedsOnlyTheFrontEndIdAndIo() {
        assertEquals(List.of(), outside(references("model"), "model", "model.layer", "io", "audio.FrontEndId"),
                "model names");
        assertEquals(List.of(), outside(references("model/layer"), "model.layer"), "model.layer names");
        assertEquals(List.of(), outside(references("model/djl"), "model", "model.layer", "model.djl"),
                "model.djl names");
    }

    private static List<String> layerTypes() {
        return Arrays.stream(LayerSpec.class.getAnnotation(JsonSubTypes.class).value())
                .map(t -> t.value().getSimpleName()).toList();
    }

    @Test
    void onlyLayerTypesDispatchOnLayerTypes() throws IOException {
        String types = String.join("|", layerTypes()) + "|LayerSpec|FilterLayer";
        Pattern dispatch = Pattern.compile("instanceof\\s+(?:[\\w.]+\\.)?(" + types + ")\\b"
                + "|\\b(" + types + ")\\.class\\s*::|case\\s+(" + types + ")\\s+\\w+\\s*->");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (p.startsWith(MAIN.resolve("model/layer"))) {
                    continue;
                }
                Matcher m = dispatch.matcher(read(p));
                while (m.find()) {
                    found.add(MAIN.relativize(p) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    /** Adding a layer type is its file plus its line in LayerSpec's registration: every type is registered. */
    @Test
    void everyLayerTypeIsRegistered() {
        Pattern record = Pattern.compile("public record (\\w+)\\([^)]*\\)\\s*(?:implements|\\n\\s*implements)[^{]*"
                + "\\b(LayerSpec|FilterLayer)\\b");
        Set<String> declared = new TreeSet<>();
        for (Path p : sources("model/layer")) {
            Matcher m = record.matcher(read(p));
            while (m.find()) {
                declared.add(m.group(1));
            }
        }
        assertTrue(declared.size() >= 8, "found layer types " + declared);
        assertEquals(declared, new TreeSet<>(layerTypes()), "layer records vs @JsonSubTypes");
        assertEquals(declared.size(), layerTypes().stream().collect(Collectors.toSet()).size());
    }
}
