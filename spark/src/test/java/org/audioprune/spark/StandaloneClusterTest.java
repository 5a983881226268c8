package org.audioprune.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.audioprune.CliRun;
import org.audioprune.FileTrees;
import org.audioprune.ToneWav;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.DatasetRef;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureShards;
import org.audioprune.data.Split;
import org.audioprune.work.LocalWorkEngine;
import org.audioprune.work.UnitJob;
import org.audioprune.work.UnitStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Spark standalone cluster: a master and two workers started here as separate JVMs
 * on 127.0.0.1 (1 core each), the driver in this JVM. In the killing tests one worker is killed
 * (with its executor, SIGKILL) while it runs a unit: the job must still finish, with every unit
 * recorded once and the same results as in-process; the sweep must also give the in-process tables
 * undisturbed.
 */
class StandaloneClusterTest {
    /** Longest wait for a job to reach the state a test waits for, or to finish. */
    private static final Duration JOB = Duration.ofSeconds(240);

    @TempDir
    static Path shared;

    static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(shared.resolve("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void twoWorkers() throws Exception {
        cluster.ensureWorkers(2); // a test before may have killed one
    }

    /** Polls {@code condition} every 50 ms until it holds, the job ends, or {@link #JOB} passes. */
    private static <T> T await(String what, CompletableFuture<?> job, java.util.function.Supplier<Optional<T>> condition)
            throws Exception {
        long deadline = System.nanoTime() + JOB.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> got = condition.get();
            if (got.isPresent()) {
                return got.get();
            }
            if (job.isDone()) {
                job.get(); // rethrows the job's failure, if any
                fail("the job finished before " + what + ": make its units longer");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " within " + JOB.toSeconds() + " s");
    }

    private static int count(Path dir, Predicate<Path> filter) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(filter).count();
        }
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aWorkerKilledMidJobLosesNoUnitDuplicatesNoneAndTheTableIsTheInProcessOne() throws Exception {
        List<String> criteria = List.of("wdc", "bc", "l1", "fpgm");
        Path log = shared.resolve("job/log");
        List<RankingUnits.Rank> units = RankingUnits.units(criteria, 3, 16, 1500, log);
        Map<String, String> settings = Map.of("job", "rankings");
        new UnitJob<>("rank", UnitStore.open(shared.resolve("job/local"), settings),
                RankingUnits.units(criteria, 3, 16, 0, shared.resolve("job/log-local")), new RankingUnits.Runner(),
                RankingUnits.Ranked.class).run(new LocalWorkEngine(1));

        Path root = shared.resolve("job/cluster");
        UnitJob<RankingUnits.Rank, RankingUnits.Ranked> job = new UnitJob<>("rank", UnitStore.open(root, settings), units,
                new RankingUnits.Runner(), RankingUnits.Ranked.class);
        try (SparkWorkEngine spark = new SparkWorkEngine(cluster.conf("rank-kill", 2))) {
            StandaloneCluster.awaitExecutors(spark.context(), 2);
            CompletableFuture<UnitJob.Outcome<RankingUnits.Ranked>> running = CompletableFuture.supplyAsync(() -> job.run(spark));

            // kill the worker of an executor that is inside a unit (started < 0.5 s ago: 1 s from its end),
            // once two units are finished
            RankingUnits.Start victim = await("a running unit after two finished", running, () -> {
                try {
                    Set<String> done = Files.list(root.resolve("units")).map(p -> p.getFileName().toString())
                            .collect(Collectors.toSet());
                    if (done.size() < 2) {
                        return Optional.empty();
                    }
                    long now = System.nanoTime();
                    return RankingUnits.starts(log).stream().filter(s -> !done.contains(s.unit()))
                            .filter(s -> now - s.nanos() < 500_000_000L)
                            .filter(s -> cluster.workerOf(s.pid()).isPresent()).reduce((a, b) -> b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Process worker = cluster.workerOf(victim.pid()).orElseThrow();
            // checked before the kill: after it, the retry on the other worker may finish the unit at once
            assertFalse(Files.exists(root.resolve("units").resolve(victim.unit())), "killed inside the unit");
            cluster.kill(worker);
            assertFalse(ProcessHandle.of(victim.pid()).map(ProcessHandle::isAlive).orElse(false), "the executor is gone");

            UnitJob.Outcome<RankingUnits.Ranked> outcome = running.get(JOB.toSeconds(), TimeUnit.SECONDS);
            assertEquals(12, outcome.results().size());
            assertTrue(outcome.failedAttempts() >= 1, "the killed executor's unit failed once and was retried");
            List<RankingUnits.Start> starts = RankingUnits.starts(log);
            assertTrue(starts.stream().filter(s -> s.unit().equals(victim.unit())).count() >= 2,
                    "the lost unit ran again: " + starts);
            assertEquals(Set.copyOf(units.stream().map(RankingUnits.Rank::id).toList()),
                    new HashSet<>(starts.stream().map(RankingUnits.Start::unit).toList()));
        }
        assertEquals(12, count(root.resolve("units"), Files::isDirectory), "one folder per unit");
        assertEquals(0, count(root.resolve("attempts"), p -> true), "no attempt left behind");
        assertEquals(Files.readString(shared.resolve("job/local/results.json")), Files.readString(root.resolve("results.json")),
                "the table is the in-process one");

        int startsBefore = RankingUnits.starts(log).size();
        try (SparkWorkEngine spark = new SparkWorkEngine(cluster.conf("rank-again", 1))) {
            UnitJob.Outcome<RankingUnits.Ranked> again = job.run(spark);
            assertEquals(12, again.reused());
            assertEquals(0, again.computed());
        }
        assertEquals(startsBefore, RankingUnits.starts(log).size(), "finished units are never computed again");
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void featuresOnTheClusterWithAWorkerKilledMidJobAreByteForByteTheLocalCache() throws Exception {
        // 90 clips of 3 s at 22.05 kHz: resampled to 44.1 kHz, tens of milliseconds of work per clip
        String spec = ToneWav.twoClassFolder(shared.resolve("features/data"), 45, 22050, 3.0);
        FrontEnd fe = FrontEnds.byName("dcase21");
        DatasetOptions options = DatasetOptions.defaults().withCacheRoot(shared.resolve("features/cluster-cache"));
        AudioDataset ds = Datasets.open(spec, options);
        Path local = shared.resolve("features/local-cache");
        new FeatureCache(local, 2).allSplits(ds, fe, 150);

        DatasetRef ref = DatasetRef.of(spec, options);
        Path shards = options.cacheRoot().resolve("feature-shards");
        try (SparkWorkEngine spark = new SparkWorkEngine(cluster.conf("features-kill", 2))) {
            StandaloneCluster.awaitExecutors(spark.context(), 2);
            CompletableFuture<FeatureShards.Report> running = CompletableFuture.supplyAsync(
                    () -> FeatureShards.compute(ref, fe, 150, 1, spark));
            await("two finished shards", running, () -> {
                try (Stream<Path> stores = Files.isDirectory(shards) ? Files.list(shards) : Stream.empty()) {
                    int done = 0;
                    for (Path store : stores.toList()) {
                        done += count(store.resolve("units"), Files::isDirectory);
                    }
                    return done >= 2 ? Optional.of(done) : Optional.empty();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long executor = cluster.executors().stream().findFirst().orElseThrow(() -> new AssertionError("no executor")).pid();
            assertFalse(running.isDone(), "the job finished before the kill: make it longer");
            cluster.kill(cluster.workerOf(executor).orElseThrow());
            FeatureShards.Report report = running.get(JOB.toSeconds(), TimeUnit.SECONDS);
            assertEquals(90, report.shards().results().size());
            assertEquals(90, report.shards().results().stream().mapToInt(FeatureShards.ShardResult::clips).sum());
        }
        for (Split split : Split.values()) {
            FileTrees.assertSame(new FeatureCache(local).location(ds, split, fe, 150),
                    new FeatureCache(options.cacheRoot()).location(ds, split, fe, 150));
        }
        assertEquals(0, count(shards, p -> true), "shards removed after assembly");
    }

    private static SweepCase sweep;
    private static Path sweepReference;

    /** The tiny sweep, its data written once for both sweep tests. */
    private static synchronized SweepCase sweep() throws IOException {
        if (sweep == null) {
            sweep = SweepCase.create(shared.resolve("sweep/data"));
        }
        return sweep;
    }

    /** The tiny sweep run in this process, computed once: the tables every cluster sweep must give. */
    private static synchronized Path sweepReference() throws IOException {
        if (sweepReference == null) {
            Path out = shared.resolve("sweep/in-process");
            sweep().inProcess(out);
            sweepReference = out;
        }
        return sweepReference;
    }

    private static SweepCase slowSweep;
    private static Path slowReference;

    /**
     * The tiny sweep with 10 fine-tuning epochs per unit, for the kill test: a unit then lasts long
     * enough (seconds, also on an idle machine) that the worker is killed while it runs, not after.
     */
    private static synchronized SweepCase slowSweep() throws IOException {
        if (slowSweep == null) {
            slowSweep = SweepCase.create(shared.resolve("sweep/slow-data"), 8, 2, 10);
        }
        return slowSweep;
    }

    private static synchronized Path slowReference() throws IOException {
        if (slowReference == null) {
            Path out = shared.resolve("sweep/slow-in-process");
            slowSweep().inProcess(out);
            slowReference = out;
        }
        return slowReference;
    }

    /** {@code sweep ... --engine spark --master URL} through the CLI, with the cluster's settings as spark-submit passes them. */
    private static CliRun sweepOnCluster(String app, Path out) throws Exception {
        return sweepOnCluster(sweep(), app, out);
    }

    private static CliRun sweepOnCluster(SweepCase sweep, String app, Path out) throws Exception {
        return SweepCase.withSparkProperties(cluster.conf(app, 2), () -> CliRun.of(sweep.args(out, "--engine", "spark",
                "--master", cluster.masterUrl())));
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aSweepOnTheClusterGivesTheInProcessTables() throws Exception {
        sweep().dropFeatures(); // so that the cluster computes them, as shards
        Path out = shared.resolve("sweep/cluster");
        CliRun r = sweepOnCluster("sweep", out);
        assertEquals(0, r.code(), r.err());
        assertTrue(Pattern.compile("==> features on the spark engine\n    [1-9]\\d* shards computed, 0 reused\n")
                .matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("    1 trained, 0 reused\n"), r.out());
        assertTrue(r.out().contains("    " + SweepCase.RUNS + " computed, 0 reused ("), r.out());
        SweepCase.assertRecordedOnce(out);
        SweepCase.assertSameTables(sweepReference(), out);
        SweepCase.assertSameUnits(sweepReference(), out);
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aWorkerKilledMidSweepLosesNoUnitDuplicatesNoneAndTheTablesAreTheInProcessOnes() throws Exception {
        Path reference = slowReference();
        Path out = shared.resolve("sweep/killed");
        Path runs = out.resolve("runs");
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> {
            try {
                return sweepOnCluster(slowSweep(), "sweep-kill", out);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        // once two run units are finished: an attempt in progress (attempts/ID.PID-UUID) on one of our executors
        Path attempt = await("a run unit in progress after two finished", running, () -> {
            try {
                if (SweepCase.list(runs.resolve("units")).size() < 2) {
                    return Optional.empty();
                }
                return SweepCase.list(runs.resolve("attempts")).stream()
                        .filter(a -> cluster.workerOf(attemptPid(a)).isPresent()).findFirst();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String name = attempt.getFileName().toString();
        String unit = name.substring(0, name.lastIndexOf('.'));
        long pid = attemptPid(attempt);
        Process worker = cluster.workerOf(pid).orElseThrow(() -> new AssertionError("the unit " + unit + " ended before the kill"));
        // checked just before the kill: after it, Spark may already have re-run the unit on the other
        // worker (a unit lasts about a second on an idle machine); "failed attempts retried" below
        // proves that the killed attempt was in progress
        assertFalse(Files.exists(runs.resolve("units").resolve(unit)), "killed inside the unit " + unit);
        cluster.kill(worker);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the executor is gone");

        CliRun r = running.get(JOB.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        assertTrue(Pattern.compile("    " + SweepCase.RUNS + " computed, 0 reused, [1-9]\\d* failed attempts retried \\(")
                .matcher(r.out()).find(), "the killed executor's unit failed and ran again: " + r.out());
        assertTrue(Files.isRegularFile(runs.resolve("units").resolve(unit).resolve("DONE")), unit);
        SweepCase.assertRecordedOnce(out);
        SweepCase.assertSameTables(reference, out);
        SweepCase.assertSameUnits(reference, out);

        CliRun again = CliRun.of(slowSweep().args(out)); // in this process: every unit is read back, none computed
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("    0 trained, 1 reused\n"), again.out());
        assertTrue(again.out().contains("    0 computed, " + SweepCase.RUNS + " reused ("), again.out());
        SweepCase.assertSameTables(reference, out);
    }

    /** The pid in an attempt folder's name, {@code ID.PID-UUID} ({@link UnitStore#runOnce}). */
    private static long attemptPid(Path attempt) {
        String name = attempt.getFileName().toString();
        String token = name.substring(name.lastIndexOf('.') + 1);
        return Long.parseLong(token.substring(0, token.indexOf('-')));
    }
}
