package app.vote.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real Payara Micro JVM running the built WAR, started the way command 1 starts it (loopback
 * only, no Hazelcast) but as a process of its own, so a test can send it SIGTERM or SIGKILL, start
 * it again on the same data, or run two side by side.
 */
final class PayaraMicroProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final String name;
    private final int port;
    private final Path log;
    private final Map<String, String> settings;
    private Process process;

    private PayaraMicroProcess(String name, int port, Path log, Map<String, String> settings) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.settings = settings;
    }

    /** An instance on a free loopback port; {@code settings} are MicroProfile Config properties. */
    static PayaraMicroProcess named(String name, Map<String, String> settings) {
        Path logs = Path.of(ReliabilitySettings.workDir()).resolve("logs");
        try {
            Files.createDirectories(logs);
            Files.createDirectories(runtimeTempDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PayaraMicroProcess(name, freeLoopbackPort(), logs.resolve(name + ".log"), new LinkedHashMap<>(settings));
    }

    /**
     * Payara Micro unpacks its runtime (~110 MB) into the temporary directory at each start and
     * deletes it when it shuts down; a process this suite kills with SIGKILL cannot, so its copy
     * is kept under target/, where {@code mvn clean} removes it, not in the machine's /tmp.
     */
    private static Path runtimeTempDir() {
        return Path.of(ReliabilitySettings.workDir()).resolve("tmp");
    }

    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PayaraMicroProcess start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Djava.io.tmpdir=" + runtimeTempDir().toAbsolutePath(),
                "-Dh2.bindAddress=127.0.0.1"));
        command.addAll(List.of(
                "-jar", ReliabilitySettings.required("payara.microJar"),
                "--deploy", ReliabilitySettings.required("vote.war"),
                "--contextroot", "/",
                "--port", Integer.toString(port),
                "--nohazelcast",
                "--disablephonehome",
                "--prebootcommandfile", ReliabilitySettings.required("payara.prebootFile")));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // As on ECS: settings arrive as environment variables (MicroProfile Config maps
            // VOTE_DB_PASSWORD to vote.db.password), which also keeps passwords out of `ps`.
            settings.forEach((key, value) -> builder.environment().put(
                    key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value));
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        return this;
    }

    /** Blocks until /health/ready says UP; fails fast if the JVM died. Returns the time it took. */
    Duration awaitReady() {
        Instant started = Instant.now();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (Duration.between(started, Instant.now()).compareTo(START_TIMEOUT) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            if (readinessStatus(client).orElse(0) == 200) {
                return Duration.between(started, Instant.now());
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; see " + log);
    }

    /** The readiness status code, or empty when nothing answers on the port. */
    Optional<Integer> readinessStatus(HttpClient client) {
        return status(client, "/health/ready");
    }

    Optional<Integer> status(HttpClient client, String path) {
        try {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create(baseUri() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Optional.of(response.statusCode());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** What ECS sends on a stop: SIGTERM. */
    void sendSigterm() {
        process.toHandle().destroy();
    }

    /** A crash: SIGKILL, no chance to flush or clean up. */
    void killHard() {
        process.toHandle().destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the JVM to end and returns its exit code, or empty if it is still running. */
    Optional<Integer> awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The server log so far, for assertions about what was (not) written. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident memory of the JVM in MiB, from /proc. */
    long residentMebibytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Stops whatever is left: a test never leaves a server behind. */
    @Override
    public void close() {
        if (isAlive()) {
            process.toHandle().destroy();
            if (awaitExit(Duration.ofSeconds(40)).isEmpty()) {
                killHard();
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
