package org.audioprune.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the speed-up benches ({@code *SpeedupBench}) measure and print: per engine the wall time of
 * each run, the best one's speed-up over the reference row, the CPU time of the processes doing
 * the work (this JVM, plus the executors for Spark runs) and the share of the machine's CPU time
 * that was idle, which says how much of the machine the job actually got.
 */
final class SpeedupTable {
    /** One timed run. */
    record Run(double wall, double cpu, double idle) {
    }

    /** One engine's runs. */
    record Row(String engine, List<Run> runs) {
        Row(String engine) {
            this(engine, new ArrayList<>());
        }

        Run best() {
            return runs.stream().min((a, b) -> Double.compare(a.wall(), b.wall())).orElseThrow();
        }
    }

    private SpeedupTable() {
    }

    /** Times {@code job}; {@code otherCpuNanos} adds the CPU time of other processes that work for it. */
    static Run time(Runnable job, LongSupplier otherCpuNanos) {
        long[] ticks = machineTicks();
        long cpu0 = ownCpuNanos() + otherCpuNanos.getAsLong();
        long t0 = System.nanoTime();
        job.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (ownCpuNanos() + otherCpuNanos.getAsLong() - cpu0) / 1e9;
        long[] after = machineTicks();
        double busy = after[0] - ticks[0];
        double idle = after[1] - ticks[1];
        return new Run(wall, cpu, 100 * idle / Math.max(1, busy + idle));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The table in Markdown, speed-ups against {@code reference}'s best run. */
    static String markdown(String what, List<Row> rows, Row reference) {
        StringBuilder md = new StringBuilder(what).append("\n\n");
        md.append("| engine | job wall time, s (each run) | speed-up vs " + reference.engine() + " | CPU time of driver + "
                + "executors, s | machine idle during the best run |\n|---|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Run best = row.best();
            md.append(String.format(Locale.ROOT, "| %s | %.1f (%s) | %.2f | %.1f | %.0f %% |%n", row.engine(), best.wall(),
                    String.join(", ", row.runs().stream().map(x -> String.format(Locale.ROOT, "%.1f", x.wall())).toList()),
                    reference.best().wall() / best.wall(), best.cpu(), best.idle()));
        }
        return md.toString();
    }

    /** Prints {@code md} and writes it to {@code target/bench/NAME}. */
    static void publish(String name, String md) throws IOException {
        System.out.println(md);
        Path out = Path.of("target/bench", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
    }

    /** Busy and idle jiffies of the whole machine (/proc/stat). */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long all = 0;
            for (int i = 1; i < f.length; i++) {
                all += Long.parseLong(f[i]);
            }
            return new long[] {all - idle, idle};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
