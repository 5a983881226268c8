package org.audioprune.spark;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.audioprune.prune.ConvWeights;
import org.audioprune.prune.Criterion;
import org.audioprune.work.UnitRunner;
import org.audioprune.work.WorkUnit;

/**
 * A stand-in for a sweep's units until {@code sweep} exists: (criterion × seed) units that rank one
 * seeded random conv layer with the real criterion code, holding their core for a while as a
 * fine-tune would. Each attempt leaves a start record in {@code log} (outside the unit folder), so
 * a test can tell where and how often a unit ran.
 */
final class RankingUnits {
    private RankingUnits() {
    }

    /** One unit: rank a random (filters, 4, 3, 3) layer drawn with {@code seed} by {@code criterion}. */
    record Rank(String criterion, long seed, int filters, long holdMillis, String log) implements WorkUnit {
        @Override
        public String id() {
            return criterion + "-s" + seed;
        }
    }

    /** The unit's result row: the order in which the criterion prunes the filters. */
    record Ranked(List<Integer> pruneOrder) implements Serializable {
    }

    /**
     * One attempt's start record: unit id, the process that ran it, and when ({@link System#nanoTime},
     * CLOCK_MONOTONIC on Linux: comparable between the processes of one machine).
     */
    record Start(String unit, long pid, long nanos) {
    }

    static final class Runner implements UnitRunner<Rank, Ranked> {
        private static final long serialVersionUID = 1L;

        @Override
        public Ranked run(Rank unit, Path folder, int threads) throws IOException {
            Path log = Files.createDirectories(Path.of(unit.log()));
            Files.writeString(log.resolve(unit.id() + "." + ProcessHandle.current().pid() + "." + System.nanoTime()), "");
            try {
                Thread.sleep(unit.holdMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("unit " + unit.id() + " interrupted");
            }
            Random r = new Random(unit.seed());
            double[] w = new double[unit.filters() * 4 * 3 * 3];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextGaussian();
            }
            int[] order = Criterion.byLabel(unit.criterion()).builder().optSeed(unit.seed()).build().rank(new ConvWeights(unit.filters(), 4, 3, 3, w)).pruneOrder();
            List<Integer> list = IntStream.of(order).boxed().toList();
            Files.writeString(folder.resolve("ranking.txt"), list + "\n");
            return new Ranked(list);
        }
    }

    /** {@code criteria} × seeds 1..{@code seeds}, criterion-major. */
    static List<Rank> units(List<String> criteria, int seeds, int filters, long holdMillis, Path log) {
        List<Rank> out = new ArrayList<>();
        for (String c : criteria) {
            for (long s = 1; s <= seeds; s++) {
                out.add(new Rank(c, s, filters, holdMillis, log.toString()));
            }
        }
        return out;
    }

    /** The start records in {@code log}, oldest first. */
    static List<Start> starts(Path log) throws IOException {
        if (!Files.isDirectory(log)) {
            return List.of();
        }
        try (var files = Files.list(log)) {
            return files.map(p -> p.getFileName().toString().split("\\."))
                    .sorted((a, b) -> Long.compare(Long.parseLong(a[2]), Long.parseLong(b[2])))
                    .map(parts -> new Start(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]))).toList();
        }
    }
}
