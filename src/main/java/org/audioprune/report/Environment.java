package org.audioprune.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audioprune.Engine;

/**
 * Where a report's numbers were measured: the CPU, the cores, the OS, the JDK and the versions of
 * the libraries that compute them (from the jars' manifests; DJL and PyTorch from DJL itself).
 *
 * @param libraries library → version
 */
public record Environment(String cpu, int cores, String os, String jdk, Map<String, String> libraries) {

    /** This machine and process. */
    public static Environment current() {
        Map<String, String> libs = new LinkedHashMap<>(new java.util.TreeMap<>(Engine.versions()));
        libs.put("jackson-databind", version(com.fasterxml.jackson.databind.ObjectMapper.class));
        libs.put("picocli", version(picocli.CommandLine.class));
        libs.put("jgrapht", version(org.jgrapht.Graph.class));
        libs.put("hipparchus", version(org.hipparchus.stat.inference.TTest.class));
        libs.put("xchart", version(org.knowm.xchart.XYChart.class));
        libs.values().removeIf(v -> v == null);
        return new Environment(cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), libs);
    }

    /** One line: "CPU, N cores, OS, JDK; libraries: a 1.0, b 2.0". */
    public String describe() {
        StringBuilder libs = new StringBuilder();
        libraries.forEach((a, v) -> libs.append(libs.length() == 0 ? "" : ", ").append(a).append(' ').append(v));
        return cpu + ", " + cores + " cores, " + os + ", " + jdk + "; libraries: " + libs;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is all the JDK tells
        }
        return System.getProperty("os.arch");
    }

    /**
     * The version of {@code type}'s library: its package's implementation version, else the jar
     * manifest's bundle version, else the jar's Maven metadata (XChart has only that).
     */
    private static String version(Class<?> type) {
        String v = type.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (var jar = new java.util.jar.JarFile(Path.of(type.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toFile())) {
            var attrs = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
            if (attrs != null && attrs.getValue("Bundle-Version") != null) {
                return attrs.getValue("Bundle-Version");
            }
            var props = jar.stream().filter(e -> e.getName().endsWith("/pom.properties")).findFirst();
            if (props.isPresent()) {
                java.util.Properties p = new java.util.Properties();
                p.load(jar.getInputStream(props.get()));
                return p.getProperty("version");
            }
        } catch (Exception e) {
            // a class not loaded from a jar (tests on classes folders): no version to tell
        }
        return null;
    }
}
