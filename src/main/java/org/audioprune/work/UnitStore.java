package org.audioprune.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.io.AtomicFiles;

/**
 * The folder where a job's finished units are recorded, readable and writable by every process
 * of the job (on a cluster: a shared file system). Layout:
 * <pre>
 *   ROOT/job.json          the settings the units were made with (a changed setting is refused)
 *   ROOT/units/ID/         a finished unit: the runner's files, unit.json, result.json, DONE
 *   ROOT/attempts/ID.TOKEN attempts in progress (cleared when a driver opens the store)
 *   ROOT/results.json      the results table: every finished unit in job order
 * </pre>
 *
 * <p>The completion protocol: an attempt fills its own folder under {@code attempts/}, writes
 * {@code DONE} last, flushes everything to disk and renames the folder to {@code units/ID} in one
 * step. So a unit is finished exactly when {@code units/ID/DONE} exists; a killed attempt leaves
 * only a stray attempt folder. Two attempts of one unit (a retry racing a slow attempt, Spark's
 * speculation) may both compute, but only the first rename wins: rename(2) does not replace a
 * non-empty folder, and the loser discards its folder and reports the winner's result. A unit is
 * checked for {@code DONE} before any work, so a finished unit is never computed again.
 *
 * <p>This is not {@link AtomicFiles#writeFolder}: that replaces an existing folder (the right thing
 * for a user's output, the wrong one here, where the first finished attempt must stand), and it
 * assumes one writer per path, whereas here several processes on several hosts may race.
 * One driver per store at a time is assumed.
 */
public final class UnitStore implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reserved in a unit's folder: the unit's descriptor as JSON. */
    public static final String UNIT_FILE = "unit.json";
    /** Reserved in a unit's folder: the unit's result row as JSON. */
    public static final String RESULT_FILE = "result.json";
    /** Reserved in a unit's folder: written last; the unit is finished exactly when it exists. */
    public static final String DONE_MARKER = "DONE";
    /** The job's settings. */
    public static final String JOB_FILE = "job.json";
    /** The results table. */
    public static final String TABLE_FILE = "results.json";
    private static final String UNITS = "units";
    private static final String ATTEMPTS = "attempts";
    private static final int FORMAT = 1;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_=+-][A-Za-z0-9._=+-]{0,159}");
    private static final ObjectMapper JSON = Json.MAPPER;

    /** The contents of {@code job.json}. */
    record JobFile(int format, Map<String, String> settings) {
    }

    /** One row of {@code results.json}. */
    record Row(String unit, Object result) {
    }

    private final String root; // a String, not a Path: the store is shipped to executors

    private UnitStore(Path root) {
        this.root = root.toAbsolutePath().normalize().toString();
    }

    /**
     * Opens the store at {@code root} for a job made with {@code settings} (the options that decide
     * what a unit computes; adding units to a job is fine, changing these is not), creating it if
     * needed, and clears attempts left by killed runs. Call it on the driver only.
     *
     * @throws AudioPruneException if {@code root} holds something else, or units made with other settings
     */
    public static UnitStore open(Path root, Map<String, String> settings) {
        UnitStore store = new UnitStore(root);
        Path dir = store.root();
        Path jobFile = dir.resolve(JOB_FILE);
        Map<String, String> wanted = new LinkedHashMap<>(settings);
        try {
            if (Files.isRegularFile(jobFile)) {
                JobFile stored;
                try {
                    stored = JSON.readValue(jobFile.toFile(), JobFile.class);
                } catch (IOException e) {
                    throw new AudioPruneException(jobFile + ": unreadable job file (" + e.getMessage().lines().findFirst().orElse("")
                            + "); remove the folder to start over", e);
                }
                if (stored.format() != FORMAT || !Objects.equals(stored.settings(), wanted)) {
                    throw new AudioPruneException(jobFile + ": this folder holds units made with other settings ("
                            + differences(stored.settings(), wanted) + "); use the same settings to continue, or another folder");
                }
            } else {
                if (Files.isDirectory(dir) && !isEmpty(dir)) {
                    throw new AudioPruneException(dir + " exists and is not a unit folder (no " + JOB_FILE
                            + "); choose a new or empty folder");
                }
                AtomicFiles.writeString(jobFile, JSON.writeValueAsString(new JobFile(FORMAT, wanted)) + "\n");
            }
            Files.createDirectories(dir.resolve(UNITS));
            store.clearAttempts(); // only killed runs' leftovers: one driver at a time
        } catch (IOException e) {
            throw new AudioPruneException("cannot open the unit folder " + dir + ": " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * Deletes what attempts left in {@code attempts/}: those of processes killed mid-unit. Only
     * safe when no attempt of this store can still be running (the driver, at the start or the
     * end of a job).
     */
    public void clearAttempts() {
        Path attempts = root().resolve(ATTEMPTS);
        AtomicFiles.deleteRecursively(attempts);
        try {
            Files.createDirectories(attempts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + attempts + ": " + e.getMessage(), e);
        }
    }

    /** The store's folder (absolute). */
    public Path root() {
        return Path.of(root);
    }

    /** The folder of unit {@code id} once finished. */
    public Path folder(String id) {
        return root().resolve(UNITS).resolve(checkId(id));
    }

    /** True if unit {@code id} has finished (its {@code DONE} marker exists). */
    public boolean isDone(String id) {
        return Files.isRegularFile(folder(id).resolve(DONE_MARKER));
    }

    /**
     * Runs {@code unit} unless it has finished already, and records it (see the class comment);
     * called by engines wherever the unit runs.
     *
     * @return the unit's result: the stored one if the unit had finished (here or in a racing attempt)
     */
    public <U extends WorkUnit, R extends Serializable> R runOnce(U unit, UnitRunner<U, R> runner, Class<R> type,
            int threads) {
        String id = checkId(unit.id());
        if (isDone(id)) {
            return result(unit, type);
        }
        Path done = folder(id);
        Path attempt = root().resolve(ATTEMPTS).resolve(id + "." + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(attempt);
            R result = runner.run(unit, attempt, Math.max(1, threads));
            for (String reserved : List.of(UNIT_FILE, RESULT_FILE, DONE_MARKER)) {
                if (Files.exists(attempt.resolve(reserved))) {
                    throw new IllegalStateException("the runner of unit " + id + " wrote the reserved file " + reserved);
                }
            }
            Files.write(attempt.resolve(UNIT_FILE), JSON.writeValueAsBytes(unit));
            Files.write(attempt.resolve(RESULT_FILE), JSON.writeValueAsBytes(result));
            AtomicFiles.forceTree(attempt);
            Files.writeString(attempt.resolve(DONE_MARKER), id + "\n");
            AtomicFiles.force(attempt.resolve(DONE_MARKER));
            AtomicFiles.forceFolder(attempt);
            try {
                Files.move(attempt, done, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!isDone(id)) {
                    if (Files.exists(done)) {
                        throw new AudioPruneException(done + " exists but is not a finished unit (no " + DONE_MARKER
                                + "); remove it to have the unit run again", e);
                    }
                    throw e;
                }
                AtomicFiles.deleteRecursively(attempt); // another attempt finished first: the first one stands
                return result(unit, type);
            }
            AtomicFiles.forceFolder(done.getParent());
            return result;
        } catch (IOException e) {
            AtomicFiles.deleteRecursively(attempt);
            throw new UncheckedIOException("unit " + id + " in " + root + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            AtomicFiles.deleteRecursively(attempt);
            throw e;
        }
    }

    /**
     * The stored result of a finished unit, after checking that the folder holds this very unit.
     *
     * @throws AudioPruneException if the unit has not finished, or its folder holds a different unit
     */
    public <R> R result(WorkUnit unit, Class<R> type) {
        Path dir = folder(unit.id());
        if (!isDone(unit.id())) {
            throw new AudioPruneException(dir + ": unit " + unit.id() + " has not finished");
        }
        try {
            JsonNode stored = JSON.readTree(dir.resolve(UNIT_FILE).toFile());
            JsonNode now = JSON.readTree(JSON.writeValueAsBytes(unit)); // through text, as stored: same number types
            if (!stored.equals(now)) {
                throw new AudioPruneException(dir.resolve(UNIT_FILE) + ": the finished unit " + unit.id()
                        + " was made from another descriptor (" + stored + ", now " + now + "); use another folder");
            }
            return JSON.readValue(dir.resolve(RESULT_FILE).toFile(), type);
        } catch (IOException e) {
            throw new AudioPruneException(dir + ": damaged unit folder (" + e.getMessage().lines().findFirst().orElse("")
                    + "); remove it to have the unit run again", e);
        }
    }

    /**
     * Rewrites {@code results.json} atomically: one row per finished unit of {@code units}, in
     * that order (unfinished units are left out), so it is the same bytes whatever engine ran them.
     */
    public <U extends WorkUnit> void writeTable(List<U> units, Class<?> type) {
        List<Row> rows = new ArrayList<>();
        for (U u : units) {
            if (isDone(u.id())) {
                rows.add(new Row(u.id(), result(u, type)));
            }
        }
        try {
            AtomicFiles.writeString(root().resolve(TABLE_FILE), JSON.writeValueAsString(rows) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates a unit id (see {@link WorkUnit#id()}). */
    static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("unit id '" + id + "' is not a safe file name (1-160 of A-Z a-z 0-9 . _ - = +, no leading dot)");
        }
        return id;
    }

    private static String differences(Map<String, String> stored, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        Map<String, String> old = stored == null ? Map.of() : stored;
        for (String k : old.keySet()) {
            if (!Objects.equals(old.get(k), now.get(k))) {
                out.add(k + ": " + old.get(k) + " there, " + (now.containsKey(k) ? now.get(k) : "none") + " now");
            }
        }
        for (String k : now.keySet()) {
            if (!old.containsKey(k)) {
                out.add(k + ": none there, " + now.get(k) + " now");
            }
        }
        return out.isEmpty() ? "another format" : String.join("; ", out);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Iterator<Path> it = s.iterator();
            return !it.hasNext();
        }
    }

    @Override
    public String toString() {
        return "UnitStore[" + root + "]";
    }
}
