package org.audioprune.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark standalone cluster for tests: a master and workers, each a separate JVM on 127.0.0.1,
 * started from the SPARK_HOME the build assembles ({@code target/spark-home}: Spark's jars from
 * Maven Central, since no Spark distribution can be downloaded here). Workers launch executors
 * from the same SPARK_HOME; executors load the application from {@code spark.executor.extraClassPath}.
 *
 * <p>Everything is bounded: each daemon runs under coreutils' {@code timeout} (so none outlives a
 * test JVM that dies), every wait has a deadline, and {@link #close} kills every process and its
 * children (executors) and waits for them.
 */
final class StandaloneCluster implements AutoCloseable {
    /** Longest wait for the master, a worker or an executor to come up (a loaded 2-core machine is slow). */
    static final Duration READY = Duration.ofSeconds(120);
    /** Upper bound of any daemon's life, whatever happens to the test JVM. */
    private static final int DAEMON_LIFETIME_SECONDS = 1500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path sparkHome;
    private final List<String> javaOptions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process master;
    private int masterPort;
    private int masterUiPort;
    private final List<Process> workers = new ArrayList<>();
    private int workersStarted;
    private final Thread shutdownHook = new Thread(this::killAll, "stop-spark-test-cluster");

    private StandaloneCluster(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.sparkHome = sparkHome();
        this.javaOptions = Arrays.asList(Files.readString(sparkHome.resolve("conf/java-options")).trim().split("\\s+"));
        Files.writeString(dir.resolve("daemon-log4j2.properties"), String.join("\n",
                "rootLogger.level = warn", "rootLogger.appenderRef.out.ref = out",
                "appender.out.type = Console", "appender.out.name = out",
                "appender.out.layout.type = PatternLayout", "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
                "logger.deploy.name = org.apache.spark.deploy", "logger.deploy.level = info", ""));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The SPARK_HOME the build assembled; a missing one is a broken build, not a reason to skip. */
    static Path sparkHome() {
        String prop = System.getProperty("audioprune.spark.home");
        if (prop == null || !Files.isDirectory(Path.of(prop, "jars"))) {
            throw new IllegalStateException("no SPARK_HOME at " + prop + ": run the tests through spark/pom.xml (mvn verify)");
        }
        return Path.of(prop);
    }

    /** The application's class path for executors: this module's classes, test classes and libraries. */
    static String applicationClasspath() {
        return System.getProperty("audioprune.spark.classpath");
    }

    /** Starts a master and {@code workers} workers (1 core, 1 GiB each) and waits until all are registered. */
    static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(dir);
        try {
            cluster.startMaster();
            cluster.ensureWorkers(workers);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The driver's settings for this cluster: loopback only, small executors of one core each, no UI. */
    SparkConf conf(String app, int maxCores) {
        return new SparkConf(false).setMaster(masterUrl()).setAppName(app)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.cores", "1")
                .set("spark.executor.memory", "512m")
                .set("spark.cores.max", Integer.toString(maxCores))
                .set("spark.executor.extraClassPath", applicationClasspath())
                .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
    }

    /** Waits until the application has {@code n} executors (the driver itself not counted). */
    static void awaitExecutors(JavaSparkContext spark, int n) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (spark.sc().statusTracker().getExecutorInfos().length - 1 < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (spark.sc().statusTracker().getExecutorInfos().length - 1)
                        + " of " + n + " executors registered within " + READY.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    /** Starts workers until {@code n} of ours are alive and registered with the master. */
    void ensureWorkers(int n) throws IOException, InterruptedException {
        workers.removeIf(w -> !w.isAlive());
        while (workers.size() < n) {
            int i = workersStarted++;
            Path work = Files.createDirectories(dir.resolve("worker-" + i));
            workers.add(launch("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(),
                    masterUrl())));
        }
        long deadline = System.nanoTime() + READY.toNanos();
        while (aliveWorkers() != n) {
            for (Process w : workers) {
                if (!w.isAlive()) {
                    throw new IllegalStateException("a Spark worker exited with " + w.exitValue() + "; see the logs in " + dir);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the master lists " + aliveWorkers() + " alive workers, not " + n
                        + ", after " + READY.toSeconds() + " s; see the logs in " + dir);
            }
            Thread.sleep(250);
        }
    }

    /** The executor processes our live workers have launched. */
    List<ProcessHandle> executors() {
        return workers.stream().filter(Process::isAlive).flatMap(Process::descendants)
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** Our worker whose process tree holds {@code pid} (e.g. an executor's), if any. */
    Optional<Process> workerOf(long pid) {
        return workers.stream().filter(Process::isAlive)
                .filter(w -> w.pid() == pid || w.descendants().anyMatch(h -> h.pid() == pid)).findFirst();
    }

    /** Kills a worker as a machine failure would: the worker and its executors at once (SIGKILL). */
    void kill(Process worker) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(worker.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
        tree.add(worker.toHandle());
        awaitGone(tree, Duration.ofSeconds(30));
        workers.remove(worker);
    }

    /** Stops every process of the cluster and waits for them. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private void killAll() {
        List<Process> all = new ArrayList<>(workers);
        if (master != null) {
            all.add(master);
        }
        List<ProcessHandle> tree = new ArrayList<>();
        for (Process p : all) {
            tree.addAll(p.descendants().toList());
            tree.add(p.toHandle());
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            awaitGone(tree, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.clear();
        master = null;
    }

    private void startMaster() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) { // the free ports are picked, then bound by the master: a rare race
            masterPort = freePort();
            masterUiPort = freePort();
            master = launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
            long deadline = System.nanoTime() + READY.toNanos();
            while (master.isAlive() && masterState().filter("ALIVE"::equals).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            if (masterState().filter("ALIVE"::equals).isPresent()) {
                return;
            }
            master.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (attempt == 3) {
                throw new IllegalStateException("the Spark master did not come up in 3 attempts; see " + dir.resolve("master.log"));
            }
        }
    }

    private Optional<String> masterState() {
        return masterJson().map(j -> j.path("status").asText());
    }

    private int aliveWorkers() {
        return masterJson().map(j -> j.path("aliveworkers").asInt(-1)).orElse(-1);
    }

    /** The master's status page as JSON (its web UI, on loopback), or empty while it is not up. */
    private Optional<JsonNode> masterJson() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Process launch(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/timeout"))) {
            cmd.addAll(List.of("/usr/bin/timeout", "--kill-after=10", Integer.toString(DAEMON_LIFETIME_SECONDS)));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(javaOptions);
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("daemon-log4j2.properties"));
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12"); // the launcher library asks, having no build folders to look at
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOG_DIR", dir.toString());
        return pb.start();
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ProcessHandle p : processes) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
