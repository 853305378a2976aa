package app.vote.reliability;

import app.vote.reliability.Ledger.Key;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Many voters using the API at once, the way integrators' clients do: each registers, gets a token
 * and votes on some of the polls; a share change their vote, withdraw it, vote twice in a row or
 * fire two votes at the same moment. Every answer goes into the {@link Ledger} (what the client
 * was told) and the {@link StormStats}.
 */
final class VoteStorm {

    static final String PASSWORD = "storm-password-1";

    record PollUnderTest(long id, List<Long> optionIds) {
    }

    private final Supplier<URI> target;
    private final String usernamePrefix;
    private final List<PollUnderTest> polls;
    private final int clients;
    private final long seed;
    private final HttpClient http = Exchange.newClient();
    private final Ledger ledger = new Ledger();
    private final StormStats stats = new StormStats();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger votersFinished = new AtomicInteger();
    private final LongAdder acknowledgements = new LongAdder();
    private final LongAdder secondVotesAccepted = new LongAdder();
    private ExecutorService pool;
    private final List<Future<?>> voters = new ArrayList<>();

    /**
     * @param target where each request goes (one server, or a load balancer)
     * @param usernamePrefix makes this run's accounts distinguishable in the database
     */
    VoteStorm(Supplier<URI> target, String usernamePrefix, List<PollUnderTest> polls, int clients, long seed) {
        this.target = target;
        this.usernamePrefix = usernamePrefix;
        this.polls = List.copyOf(polls);
        this.clients = clients;
        this.seed = seed;
    }

    /** Creates {@code count} open polls of 2–5 options as the administrator. */
    static List<PollUnderTest> createPolls(URI base, String adminUser, String adminPassword, int count) {
        HttpClient http = Exchange.newClient();
        String token = token(http, base, adminUser, adminPassword);
        List<PollUnderTest> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder options = new StringBuilder();
            for (int option = 0; option < 2 + i % 4; option++) {
                options.append(option == 0 ? "" : ",").append("\"Option ").append((char) ('A' + option)).append('"');
            }
            Exchange poll = Exchange.send(http, Exchange.request(base, "POST", "/api/v1/polls", token,
                    "{\"question\":\"Reliability poll " + (i + 1) + " of " + count + "?\",\"options\":[" + options + "]}"));
            if (!poll.is(201)) {
                throw new IllegalStateException("Could not create a poll: " + poll);
            }
            JsonPath json = JsonPath.from(poll.body());
            created.add(new PollUnderTest(json.getLong("id"), json.getList("options.id", Long.class)));
        }
        return created;
    }

    /** Registers a voter outside the storm and returns its token. */
    static String newVoterToken(URI base, String username) {
        HttpClient http = Exchange.newClient();
        Exchange registered = Exchange.send(http, Exchange.request(base, "POST", "/api/v1/accounts", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"));
        if (!registered.is(201)) {
            throw new IllegalStateException("Could not register " + username + ": " + registered);
        }
        return token(http, base, username, PASSWORD);
    }

    static String token(HttpClient http, URI base, String username, String password) {
        Exchange token = Exchange.send(http, Exchange.request(base, "POST", "/api/v1/auth/token", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
        if (!token.is(200)) {
            throw new IllegalStateException("No token for " + username + ": " + token);
        }
        return JsonPath.from(token.body()).getString("access_token");
    }

    /** Starts {@code voterCount} voters on {@code clients} threads and returns at once. */
    VoteStorm start(int voterCount) {
        pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < voterCount; i++) {
            int voter = i;
            voters.add(pool.submit(() -> vote(voter)));
        }
        pool.shutdown();
        return this;
    }

    /** Runs {@code voterCount} voters to the end. */
    VoteStorm run(int voterCount, Duration limit) {
        start(voterCount);
        awaitEnd(limit);
        return this;
    }

    /** No voter sends another request; those in flight finish. */
    void stop() {
        stopped.set(true);
    }

    void awaitEnd(Duration limit) {
        try {
            if (!pool.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                stop();
                if (!pool.awaitTermination(Exchange.REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Voters still busy after the time limit");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (Future<?> voter : voters) {
            try {
                voter.get();
            } catch (Exception e) {
                throw new IllegalStateException("A voter failed in the harness itself", e);
            }
        }
    }

    /** Blocks until the clients have been told "yes" at least {@code count} times. */
    void awaitAcknowledgements(long count, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (acknowledgements.sum() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + acknowledgements.sum() + " acknowledgements within " + limit);
            }
            PayaraMicroProcess.sleep(Duration.ofMillis(20));
        }
    }

    Ledger ledger() {
        return ledger;
    }

    StormStats stats() {
        return stats;
    }

    long acknowledgements() {
        return acknowledgements.sum();
    }

    int votersFinished() {
        return votersFinished.get();
    }

    /** Second votes on the same poll that the server accepted: must stay 0. */
    long secondVotesAccepted() {
        return secondVotesAccepted.sum();
    }

    private void vote(int voter) {
        Random random = new Random(seed * 1_000_003L + voter);
        String username = usernamePrefix + voter;
        String credentials = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
        Exchange registered = call("POST", "/api/v1/accounts", null, credentials);
        if (registered == null || !registered.is(201)) {
            return;
        }
        Exchange token = call("POST", "/api/v1/auth/token", null, credentials);
        if (token == null || !token.is(200)) {
            return;
        }
        String bearer = JsonPath.from(token.body()).getString("access_token");
        List<PollUnderTest> mine = new ArrayList<>(polls);
        Collections.shuffle(mine, random);
        for (PollUnderTest poll : mine.subList(0, 1 + random.nextInt(mine.size()))) {
            if (!voteOn(poll, bearer, new Key(username, poll.id()), random)) {
                return;
            }
        }
        votersFinished.incrementAndGet();
    }

    /** One voter's dealings with one poll; false once the storm is stopped. */
    private boolean voteOn(PollUnderTest poll, String bearer, Key key, Random random) {
        String votes = "/api/v1/polls/" + poll.id() + "/votes";
        long first = pick(poll, random);
        if (random.nextDouble() < 0.15) {
            if (!castTwiceAtOnce(poll, bearer, key, first, pick(poll, random))) {
                return false;
            }
        } else if (!cast(votes, bearer, key, first)) {
            return false;
        }
        if (random.nextDouble() < 0.15) {
            long secondChoice = pick(poll, random);
            boolean firstVoteAcknowledged = ledger.certainlyVoted(key);
            Exchange again = call("POST", votes, bearer, option(secondChoice));
            if (again == null) {
                return false;
            }
            // After a first vote that was cut off, a 201 is right: that vote never committed.
            if (again.is(201) && firstVoteAcknowledged) {
                secondVotesAccepted.increment();
            }
            settle(key, again, secondChoice);
        }
        if (random.nextDouble() < 0.25) {
            long other = pick(poll, random);
            Exchange changed = call("PUT", votes + "/me", bearer, option(other));
            if (changed == null) {
                return false;
            }
            settle(key, changed, other);
        }
        if (random.nextDouble() < 0.10) {
            Exchange withdrawn = call("DELETE", votes + "/me", bearer, null);
            if (withdrawn == null) {
                return false;
            }
            if (withdrawn.is(404)) {
                ledger.acknowledged(key, Ledger.NO_VOTE);
            } else {
                settle(key, withdrawn, Ledger.NO_VOTE);
            }
        }
        return true;
    }

    private boolean cast(String votes, String bearer, Key key, long option) {
        Exchange cast = call("POST", votes, bearer, option(option));
        if (cast == null) {
            return false;
        }
        settle(key, cast, option);
        return true;
    }

    /** Two votes by one voter on one poll at the same moment: one 201 and one 409, never two 201s. */
    private boolean castTwiceAtOnce(PollUnderTest poll, String bearer, Key key, long first, long second) {
        if (stopped.get()) {
            return false;
        }
        URI base = target.get();
        String votes = "/api/v1/polls/" + poll.id() + "/votes";
        CompletableFuture<Exchange> one = Exchange.sendAsync(http, Exchange.request(base, "POST", votes, bearer, option(first)));
        CompletableFuture<Exchange> two = Exchange.sendAsync(http, Exchange.request(base, "POST", votes, bearer, option(second)));
        Exchange a = one.join();
        Exchange b = two.join();
        stats.record(a);
        stats.record(b);
        if (a.is(201) && b.is(201)) {
            secondVotesAccepted.increment();
        }
        settle(key, a, first);
        settle(key, b, second);
        return true;
    }

    /** Books an answer into the ledger. */
    private void settle(Key key, Exchange exchange, long intendedState) {
        if (exchange.is(201) || exchange.is(200) || exchange.is(204)) {
            ledger.acknowledged(key, intendedState);
            acknowledgements.increment();
        } else if (exchange.is(409) && exchange.body().contains("already-voted")) {
            ledger.voteExists(key);
        } else if (exchange.outcomeUnknown()) {
            ledger.unknownOutcome(key, intendedState);
        }
    }

    /** Sends a request unless the storm was stopped; null when stopped. */
    private Exchange call(String method, String path, String bearer, String json) {
        if (stopped.get()) {
            return null;
        }
        Exchange exchange = Exchange.send(http, Exchange.request(target.get(), method, path, bearer, json));
        stats.record(exchange);
        return exchange;
    }

    private static long pick(PollUnderTest poll, Random random) {
        return poll.optionIds().get(random.nextInt(poll.optionIds().size()));
    }

    private static String option(long id) {
        return "{\"optionId\":" + id + "}";
    }
}
