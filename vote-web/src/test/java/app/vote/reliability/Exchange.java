package app.vote.reliability;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One HTTP request and what became of it. A refused connection means the request never reached
 * a server; a broken one or a time-out means it may have.
 */
record Exchange(int status, String body, Optional<String> contentType, Optional<String> retryAfter,
        Transport transport, long startedNanos, long millis) {

    /** Longer than any answer may take: the suite asserts that none comes near it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    enum Transport { ANSWERED, REFUSED, BROKEN, TIMED_OUT }

    boolean answered() {
        return transport == Transport.ANSWERED;
    }

    boolean is(int expected) {
        return answered() && status == expected;
    }

    /** The client cannot tell whether the server acted on it. */
    boolean outcomeUnknown() {
        return transport == Transport.BROKEN || transport == Transport.TIMED_OUT || (answered() && status >= 500);
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    static HttpRequest request(URI base, String method, String path, String token, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.method(method, json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static Exchange send(HttpClient client, HttpRequest request) {
        return sendAsync(client, request).join();
    }

    static CompletableFuture<Exchange> sendAsync(HttpClient client, HttpRequest request) {
        long started = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (failure == null) {
                        return new Exchange(response.statusCode(), response.body(),
                                response.headers().firstValue("Content-Type"),
                                response.headers().firstValue("Retry-After"), Transport.ANSWERED, started, millis);
                    }
                    return new Exchange(0, String.valueOf(failure), Optional.empty(), Optional.empty(),
                            classify(failure), started, millis);
                });
    }

    private static Transport classify(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return Transport.REFUSED;
        }
        return cause instanceof HttpTimeoutException ? Transport.TIMED_OUT : Transport.BROKEN;
    }

    @Override
    public String toString() {
        return answered() ? status + " in " + millis + " ms: " + body : transport + " after " + millis + " ms: " + body;
    }
}
