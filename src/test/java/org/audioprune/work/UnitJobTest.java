package org.audioprune.work;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.audioprune.AudioPruneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitJobTest {
    @TempDir
    Path tmp;

    record Square(long n) implements WorkUnit {
        @Override
        public String id() {
            return "n" + n;
        }
    }

    record Value(long square, String file) implements java.io.Serializable {
    }

    /** Counts its runs (static: runners are serialisable, the counter is the test's). */
    static final AtomicInteger RUNS = new AtomicInteger();
    static volatile int failOn = -1;

    static final UnitRunner<Square, Value> RUNNER = (unit, folder, threads) -> {
        RUNS.incrementAndGet();
        if (unit.n() == failOn) {
            Files.writeString(folder.resolve("partial.txt"), "half");
            throw new IllegalStateException("unit " + unit.n() + " fails");
        }
        Files.writeString(folder.resolve("out.txt"), unit.n() + "^2=" + unit.n() * unit.n());
        return new Value(unit.n() * unit.n(), "out.txt");
    };

    private static List<Square> units(int n) {
        List<Square> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new Square(i));
        }
        return out;
    }

    private UnitJob<Square, Value> job(Path root, List<Square> units) {
        return new UnitJob<>("squares", UnitStore.open(root, Map.of("kind", "squares")), units, RUNNER, Value.class);
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFinishedUnitIsNeverComputedAgainAndTheTableListsEveryUnitInOrder() throws IOException {
        RUNS.set(0);
        failOn = -1;
        Path root = tmp.resolve("job");
        UnitJob.Outcome<Value> first = job(root, units(5)).run(new LocalWorkEngine(1));
        assertEquals(5, RUNS.get());
        assertEquals(List.of(1L, 4L, 9L, 16L, 25L), first.results().stream().map(Value::square).toList());
        assertEquals(0, first.reused());
        assertEquals(5, first.computed());
        assertEquals("3^2=9", Files.readString(root.resolve("units/n3/out.txt")));
        assertEquals(List.of("DONE", "out.txt", "result.json", "unit.json"), children(root.resolve("units/n3")));
        assertEquals(List.of(), children(root.resolve("attempts")), "no attempt left behind");

        UnitJob.Outcome<Value> again = job(root, units(7)).run(new LocalWorkEngine(1));
        assertEquals(7, RUNS.get(), "only the two new units ran");
        assertEquals(5, again.reused());
        assertEquals(2, again.computed());
        assertEquals(List.of(1L, 4L, 9L, 16L, 25L, 36L, 49L), again.results().stream().map(Value::square).toList());
        String table = Files.readString(root.resolve(UnitStore.TABLE_FILE));
        for (int i = 1; i <= 7; i++) {
            assertEquals(1, table.split("\"n" + i + "\"", -1).length - 1, "n" + i + " appears once in the table");
        }
        assertTrue(table.indexOf("\"n2\"") < table.indexOf("\"n7\""), table);
    }

    @Test
    void aFailedUnitLeavesNothingAndTheRunAfterItComputesOnlyWhatIsMissing() throws IOException {
        RUNS.set(0);
        failOn = 3;
        Path root = tmp.resolve("job");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> job(root, units(5)).run(new LocalWorkEngine(1)));
        assertEquals("unit 3 fails", e.getMessage());
        assertEquals(List.of("n1", "n2"), children(root.resolve("units")));
        assertEquals(List.of(), children(root.resolve("attempts")), "the failed attempt's folder is gone");
        String table = Files.readString(root.resolve(UnitStore.TABLE_FILE));
        assertTrue(table.contains("\"n2\"") && !table.contains("\"n3\""), "the table records what finished: " + table);

        failOn = -1;
        RUNS.set(0);
        UnitJob.Outcome<Value> rest = job(root, units(5)).run(new LocalWorkEngine(1));
        assertEquals(3, RUNS.get());
        assertEquals(2, rest.reused());
        assertEquals(List.of(1L, 4L, 9L, 16L, 25L), rest.results().stream().map(Value::square).toList());
    }

    @Test
    void aKilledAttemptsFolderIsClearedAndTheUnitRunsAgain() throws IOException {
        RUNS.set(0);
        failOn = -1;
        Path root = tmp.resolve("job");
        UnitStore.open(root, Map.of("kind", "squares"));
        Path stray = Files.createDirectories(root.resolve("attempts/n1.999-dead"));
        Files.writeString(stray.resolve("out.txt"), "half-written");
        UnitJob.Outcome<Value> out = job(root, units(2)).run(new LocalWorkEngine(1));
        assertFalse(Files.exists(stray));
        assertEquals(2, out.computed());
        assertEquals("1^2=1", Files.readString(root.resolve("units/n1/out.txt")));
    }

    @Test
    void whenTwoAttemptsOfOneUnitFinishTheFirstStandsAndTheSecondReportsIt() throws IOException {
        Path root = tmp.resolve("job");
        UnitStore store = UnitStore.open(root, Map.of("kind", "race"));
        Square unit = new Square(4);
        // the slow attempt: while it works, a retry of the same unit finishes and publishes first
        UnitRunner<Square, Value> slow = (u, folder, threads) -> {
            Value winner = store.runOnce(u, (u2, f2, t2) -> {
                Files.writeString(f2.resolve("out.txt"), "fast");
                return new Value(16, "fast");
            }, Value.class, 1);
            assertEquals("fast", winner.file());
            Files.writeString(folder.resolve("out.txt"), "slow");
            return new Value(16, "slow");
        };
        Value got = store.runOnce(unit, slow, Value.class, 1);
        assertEquals("fast", got.file(), "the loser reports the published result");
        assertEquals("fast", Files.readString(store.folder("n4").resolve("out.txt")));
        assertEquals(List.of(), children(root.resolve("attempts")));
    }

    @Test
    void changedSettingsAForeignFolderAndAChangedUnitAreRefusedWithTheirNames() throws IOException {
        Path root = tmp.resolve("job");
        UnitStore.open(root, Map.of("epochs", "20", "dataset", "folder:/d"));
        AudioPruneException changed = assertThrows(AudioPruneException.class,
                () -> UnitStore.open(root, Map.of("epochs", "30", "dataset", "folder:/d")));
        assertTrue(changed.getMessage().startsWith(root.resolve("job.json") + ":"), changed.getMessage());
        assertTrue(changed.getMessage().contains("epochs: 20 there, 30 now"), changed.getMessage());
        assertFalse(changed.getMessage().contains("dataset:"), changed.getMessage());

        Path foreign = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(foreign.resolve("notes.txt"), "keep me");
        AudioPruneException notOurs = assertThrows(AudioPruneException.class, () -> UnitStore.open(foreign, Map.of()));
        assertTrue(notOurs.getMessage().contains("is not a unit folder"), notOurs.getMessage());
        assertEquals("keep me", Files.readString(foreign.resolve("notes.txt")));

        UnitStore store = UnitStore.open(tmp.resolve("ids"), Map.of());
        record Named(String id, int payload) implements WorkUnit {
        }
        store.runOnce(new Named("u", 1), (u, f, t) -> new Value(1, "a"), Value.class, 1);
        AudioPruneException other = assertThrows(AudioPruneException.class,
                () -> store.runOnce(new Named("u", 2), (u, f, t) -> new Value(2, "b"), Value.class, 1));
        assertTrue(other.getMessage().contains("was made from another descriptor"), other.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new UnitJob<>("bad", store, List.of(new Named("../x", 1)),
                (u, f, t) -> new Value(1, "a"), Value.class));
        assertThrows(IllegalArgumentException.class, () -> new UnitJob<>("dup", store,
                List.of(new Named("a", 1), new Named("a", 2)), (u, f, t) -> new Value(1, "a"), Value.class));
    }
}
