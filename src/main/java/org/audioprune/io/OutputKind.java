package org.audioprune.io;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.audioprune.Json;

/**
 * The kinds of artefact AudioPrune writes, and how an existing one is recognised. An output path is
 * replaced only by an artefact of the same kind ({@link OutputGuard}, {@link AtomicFiles}): a folder
 * kind is recognised by the format tag in its header file (a checkpoint's {@code spec.json}, a
 * training state's {@code state.json}) or by the marker file {@value #MARKER} that report and demo
 * folders carry; a file kind by its magic bytes. A missing path, an empty folder (folder kinds) and
 * an empty file (file kinds) hold nothing to lose and are accepted too.
 */
public enum OutputKind {
    /** A checkpoint folder ({@code X.ckpt/}: spec.json + weights.safetensors). */
    CHECKPOINT("checkpoint folder", "spec.json", "audioprune-checkpoint"),
    /** Training state saved at epoch boundaries for {@code --resume} (beside the output checkpoint). */
    TRAINING_STATE("training-state folder", "state.json", "audioprune-training-state"),
    /** A report folder: report.md, results.json, accuracy_vs_macs.png. */
    REPORT("report folder", OutputKind.MARKER, "audioprune-report"),
    /** The demo's output folder: its report plus the checkpoints it reuses on a re-run. */
    DEMO("demo folder", OutputKind.MARKER, "audioprune-demo"),
    /** A sweep's folder: its unit stores (baselines/, runs/) and its report/ ({@code audioprune sweep}). */
    SWEEP("sweep folder", OutputKind.MARKER, "audioprune-sweep"),
    /** An entry of AudioPrune's own cache (rendered data, features): the cache root is AudioPrune's alone. */
    CACHE_ENTRY("cache entry", null, null),
    /** A NumPy {@code .npy} file. */
    NPY(".npy file", null, null),
    /** An ONNX model file (protobuf ModelProto with a graph), as {@code audioprune export --format onnx} writes. */
    ONNX("file holding an ONNX model", null, null),
    /** A safetensors file (8-byte header length, JSON header), as {@code audioprune export --format panns} writes. */
    SAFETENSORS("safetensors file", null, null);

    /** Marker file of report and demo folders (JSON: format tag and version). */
    public static final String MARKER = ".audioprune-output";

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** What report folders written before the marker existed contain (all of it ours). */
    private static final Set<String> LEGACY_REPORT = Set.of("report.md", "results.json", "accuracy_vs_macs.png");
    /** What demo folders written before the marker existed contain. */
    private static final Set<String> LEGACY_DEMO = Set.of("baseline.ckpt", "runs", "report.md", "results.json",
            "accuracy_vs_macs.png");

    private final String label;
    private final String headerFile;
    private final String formatTag;

    OutputKind(String label, String headerFile, String formatTag) {
        this.label = label;
        this.headerFile = headerFile;
        this.formatTag = formatTag;
    }

    /** What the kind is called in messages ("checkpoint folder"). */
    public String label() {
        return label;
    }

    /** The {@code format} value in the kind's header or marker file; {@code null} for kinds without one. */
    public String formatTag() {
        return formatTag;
    }

    /** True for folder kinds, false for the file kinds {@link #NPY}, {@link #ONNX}, {@link #SAFETENSORS}. */
    public boolean isFolder() {
        return switch (this) {
            case NPY, ONNX, SAFETENSORS -> false;
            default -> true;
        };
    }

    /**
     * True if replacing {@code path} by an artefact of this kind loses nothing foreign: it does not
     * exist, is empty, or is an artefact of this kind. Symbolic links are followed (replacing the link
     * leaves its target alone).
     */
    public boolean replaceable(Path path) {
        if (!Files.exists(path)) {
            return true;
        }
        if (this == CACHE_ENTRY) {
            return true;
        }
        if (!isFolder()) {
            return Files.isRegularFile(path) && (size(path) == 0 || holdsFileKind(path));
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        List<String> entries = entries(path);
        if (entries.isEmpty() || formatTag.equals(formatOf(path.resolve(headerFile)))) {
            return true;
        }
        return switch (this) {
            case REPORT -> entries.contains("results.json") && LEGACY_REPORT.containsAll(entries);
            case DEMO -> entries.contains("baseline.ckpt") && LEGACY_DEMO.containsAll(entries)
                    && CHECKPOINT.formatTag.equals(formatOf(path.resolve("baseline.ckpt").resolve("spec.json")));
            default -> false;
        };
    }

    /** True if the (non-empty) file {@code path} is an artefact of this file kind. */
    private boolean holdsFileKind(Path path) {
        return switch (this) {
            case NPY -> startsWith(path, NPY_MAGIC);
            case ONNX -> isOnnxModel(path);
            case SAFETENSORS -> isSafetensors(path);
            default -> throw new IllegalStateException(this + " is a folder kind");
        };
    }

    /** ONNX has no magic bytes: the file must parse as a ModelProto with an IR version and a graph. */
    private static boolean isOnnxModel(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(in);
            return m.getIrVersion() > 0 && m.hasGraph();
        } catch (InvalidProtocolBufferException e) {
            return false;
        } catch (IOException e) {
            throw new OutputException(path, e);
        }
    }

    /** A little-endian 64-bit header length that fits the file, then a JSON object. */
    private static boolean isSafetensors(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(9);
            if (head.length < 9) {
                return false;
            }
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return n > 0 && n <= size(path) - 8 && head[8] == '{';
        } catch (IOException e) {
            throw new OutputException(path, e);
        }
    }

    /** Writes the marker of a report or demo folder into {@code dir}. */
    public void writeMarker(Path dir) {
        if (!MARKER.equals(headerFile)) {
            throw new IllegalStateException(this + " folders are recognised by their own " + headerFile);
        }
        AtomicFiles.writeString(dir.resolve(MARKER), "{\"format\": \"" + formatTag + "\", \"version\": 1}\n");
    }

    /** A short description of what is at {@code path}, for refusals ("a folder of 3 entries: a, b, c"). */
    static String describe(Path path) {
        if (Files.isRegularFile(path)) {
            return "a file of " + size(path) + " bytes";
        }
        if (!Files.isDirectory(path)) {
            return "not a regular file or folder";
        }
        List<String> entries = entries(path);
        String sample = String.join(", ", entries.subList(0, Math.min(3, entries.size())));
        return "a folder of " + entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies") + ": " + sample
                + (entries.size() > 3 ? ", ..." : "");
    }

    /** The top-level {@code format} string of a JSON file, or {@code null} if it is missing or not such JSON. */
    private static String formatOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            return node != null && node.path("format").isTextual() ? node.get("format").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new OutputException(dir, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new OutputException(file, e);
        }
    }

    private static boolean startsWith(Path file, byte[] magic) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (IOException e) {
            throw new OutputException(file, e);
        }
    }
}
