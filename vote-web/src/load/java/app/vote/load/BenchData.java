package app.vote.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Sets the stage for a run and reads back what it left, outside the measured requests: polls of
 * its own through the admin API, voter accounts straight in the database, the vote rows at the end.
 *
 * <p>Voters are inserted with a PBKDF2 hash of {@value #VOTER_ITERATIONS} iterations instead of the
 * server's 600,000: every stored hash carries its own parameters, so their sign-in is cheap and the
 * vote storm measures votes, not hashing. The sign-in simulation registers its accounts through the
 * API at the server's full strength and shows that price on its own.
 */
final class BenchData {

    static final String VOTER_PASSWORD = "bench-voter-password";
    static final int VOTER_ITERATIONS = 1_000;
    private static final long FIRST_BENCH_ID = 1_000_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BenchData() {
    }

    /** A poll of this run: its id and its options' ids, in order. */
    record BenchPoll(long id, List<Long> optionIds) {
    }

    /** A prefix no earlier run used, so every run votes with fresh accounts. */
    static String runPrefix(String kind) {
        return kind + Long.toString(System.currentTimeMillis(), 36) + "-";
    }

    static List<BenchPoll> createPolls(String title, int count, int options) {
        String token = token(LoadSettings.adminUser(), LoadSettings.adminPassword());
        List<BenchPoll> polls = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<String> labels = new ArrayList<>();
            for (int o = 0; o < options; o++) {
                labels.add("Option " + (char) ('A' + o));
            }
            Map<String, Object> body = Map.of("question", title + " #" + (p + 1), "options", labels);
            JsonNode created = send(HttpRequest.newBuilder(URI.create(LoadSettings.baseUrl() + "/api/v1/polls"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(write(body))), 201);
            List<Long> optionIds = new ArrayList<>();
            created.get("options").forEach(o -> optionIds.add(o.get("id").asLong()));
            polls.add(new BenchPoll(created.get("id").asLong(), optionIds));
        }
        return polls;
    }

    static String token(String username, String password) {
        return send(HttpRequest.newBuilder(URI.create(LoadSettings.baseUrl() + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("username", username, "password", password)))), 200)
                .get("access_token").asText();
    }

    /** Registers an account through the API, hashed at the server's own strength. */
    static void register(String username, String password) {
        send(HttpRequest.newBuilder(URI.create(LoadSettings.baseUrl() + "/api/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("username", username, "password", password)))), 201);
    }

    static JsonNode openPolls() {
        return send(HttpRequest.newBuilder(URI.create(LoadSettings.baseUrl() + "/api/v1/polls?status=open&size=100")).GET(), 200);
    }

    static JsonNode results(long pollId) {
        return send(HttpRequest.newBuilder(URI.create(LoadSettings.baseUrl() + "/api/v1/polls/" + pollId + "/results")).GET(), 200);
    }

    /** Inserts {@code count} voter accounts named prefix + 0 … count-1, in batches. */
    static void seedVoters(String prefix, int count) {
        String hash = voterHash();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            long firstId = nextFreeBenchId(db);
            try (PreparedStatement account = db.prepareStatement(
                    "INSERT INTO account (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)");
                 PreparedStatement role = db.prepareStatement(
                         "INSERT INTO account_role (account_id, role_name) VALUES (?, 'VOTER')")) {
                for (int i = 0; i < count; i++) {
                    long id = firstId + i;
                    account.setLong(1, id);
                    account.setString(2, prefix + i);
                    account.setString(3, hash);
                    account.setTimestamp(4, now);
                    account.addBatch();
                    role.setLong(1, id);
                    role.addBatch();
                    if (i % 1000 == 999 || i == count - 1) {
                        account.executeBatch();
                        role.executeBatch();
                    }
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot seed the voters", e);
        }
    }

    /** Every vote row on these polls: username → {poll id → option id}, and how many rows each (account, poll) has. */
    static Map<String, Map<Long, List<Long>>> votesOn(List<Long> pollIds) {
        Map<String, Map<Long, List<Long>>> votes = new HashMap<>();
        String in = String.join(",", pollIds.stream().map(String::valueOf).toList());
        try (Connection db = connect(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT a.username, v.poll_id, v.option_id FROM vote v"
                     + " JOIN account a ON a.id = v.account_id WHERE v.poll_id IN (" + in + ")")) {
            while (rows.next()) {
                votes.computeIfAbsent(rows.getString(1), u -> new HashMap<>())
                        .computeIfAbsent(rows.getLong(2), p -> new ArrayList<>())
                        .add(rows.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the votes back", e);
        }
        return votes;
    }

    private static long nextFreeBenchId(Connection db) throws SQLException {
        try (Statement query = db.createStatement();
             ResultSet max = query.executeQuery("SELECT MAX(id) FROM account WHERE id >= " + FIRST_BENCH_ID)) {
            max.next();
            long highest = max.getLong(1);
            return max.wasNull() ? FIRST_BENCH_ID : highest + 1;
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(LoadSettings.jdbcUrl(), LoadSettings.jdbcUser(), LoadSettings.jdbcPassword());
    }

    /** Jakarta Security's Pbkdf2PasswordHash format: algorithm:iterations:salt:hash, Base64. */
    private static String voterHash() {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(VOTER_PASSWORD.toCharArray(), salt, VOTER_ITERATIONS, 32 * 8))
                    .getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            return "PBKDF2WithHmacSHA256:" + VOTER_ITERATIONS + ":" + base64.encodeToString(salt) + ":"
                    + base64.encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return read(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
