package app.vote.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy on 127.0.0.1 standing in for the ALB: round-robin, health checks on /health/ready, and
 * stickiness by a cookie it inserts (AWSALB, as the ALB's load-balancer-generated cookie does).
 * Each answer carries X-Served-By so a test can see which instance answered.
 */
final class LoadBalancer implements AutoCloseable {

    private int port;
    private Process process;

    LoadBalancer start(List<PayaraMicroProcess> instances) {
        port = PayaraMicroProcess.freeLoopbackPort();
        StringBuilder servers = new StringBuilder();
        for (PayaraMicroProcess instance : instances) {
            servers.append("    server ").append(instance.name()).append(" 127.0.0.1:").append(instance.port())
                    .append(" check cookie ").append(instance.name()).append('\n');
        }
        String config = """
                global
                    maxconn 4096
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    # Retries only when the connection could not be made, so a request is never sent twice.
                    retries 2
                    option redispatch
                frontend vote
                    bind 127.0.0.1:%d
                    default_backend instances
                backend instances
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host localhost
                    http-check expect status 200
                    # A busy instance answers its health check slowly; only silence takes it out.
                    timeout check 5s
                    default-server inter 1s fall 2 rise 2
                    cookie AWSALB insert indirect nocache httponly
                    http-response set-header X-Served-By %%s
                %s""".formatted(port, servers);
        try {
            Path file = Path.of(ReliabilitySettings.workDir(), "haproxy-" + port + ".cfg");
            Files.writeString(file, config);
            Path log = Path.of(ReliabilitySettings.workDir(), "logs", "haproxy-" + port + ".log");
            process = new ProcessBuilder(ReliabilitySettings.optional("vote.reliability.haproxy").orElse("haproxy"),
                    "-db", "-f", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start HAProxy (apt-get install -y haproxy)", e);
        }
        PayaraMicroProcess.sleep(Duration.ofSeconds(2));
        if (!process.isAlive()) {
            throw new IllegalStateException("HAProxy exited with " + process.exitValue());
        }
        return this;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
