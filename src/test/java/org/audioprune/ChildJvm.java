package org.audioprune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM on the test class path, for what an in-process run cannot show (a working folder
 * of its own, a real kill -9). Its stdout and stderr go to a log file, which survives the kill.
 * Closing it kills it if it still runs, so that a failed test leaves no process behind.
 */
public record ChildJvm(Process process, Path log) implements AutoCloseable {

    /** {@code java -cp <test class path> mainClass args...} in {@code workDir}, logging to {@code log}. */
    public static ChildJvm start(Path workDir, Path log, Class<?> mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1"); // short-lived: start fast rather than optimise
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new ChildJvm(p, log);
    }

    /** The lines logged so far. */
    public List<String> lines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    /** Waits (up to a minute) until a logged line starts with {@code prefix}, and returns it. */
    public String await(String prefix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive() && lines().stream().noneMatch(l -> l.startsWith(prefix))) {
                throw new AssertionError("child exited with " + process.exitValue() + " before '" + prefix + "': "
                        + lines());
            }
            Thread.sleep(10);
        }
        throw new AssertionError("child never logged '" + prefix + "': " + lines());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** kill -9: no shutdown hook and no finally block runs in the child. */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 137) {
            throw new AssertionError("child did not die of SIGKILL");
        }
    }
}
