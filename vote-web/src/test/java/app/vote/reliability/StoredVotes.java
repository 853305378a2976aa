package app.vote.reliability;

import app.vote.reliability.Ledger.Key;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the votes straight from the database, bypassing the application, to check what it said. */
final class StoredVotes {

    private final String url;
    private final String user;
    private final String password;

    StoredVotes(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Every vote of the accounts whose username starts with the prefix. */
    Map<Key, Long> votesOf(String usernamePrefix) throws SQLException {
        Map<Key, Long> votes = new HashMap<>();
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT a.username, v.poll_id, v.option_id FROM vote v JOIN account a ON a.id = v.account_id"
                                + " WHERE a.username LIKE ?")) {
            query.setString(1, usernamePrefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Key key = new Key(rows.getString(1), rows.getLong(2));
                    if (votes.put(key, rows.getLong(3)) != null) {
                        throw new IllegalStateException("Two votes stored for " + key);
                    }
                }
            }
        }
        return votes;
    }

    /** (poll, account) pairs with more than one row: the unique key should make this impossible. */
    List<String> accountsWithTwoVotesOnAPoll() throws SQLException {
        List<String> duplicates = new ArrayList<>();
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT poll_id, account_id, COUNT(*) FROM vote GROUP BY poll_id, account_id HAVING COUNT(*) > 1");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                duplicates.add("poll " + rows.getLong(1) + " account " + rows.getLong(2) + ": " + rows.getLong(3));
            }
        }
        return duplicates;
    }

    /** Option id to number of votes, by GROUP BY over the rows. */
    Map<Long, Long> countsFor(long pollId) throws SQLException {
        Map<Long, Long> counts = new TreeMap<>();
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT o.id, COUNT(v.id) FROM poll_option o LEFT JOIN vote v ON v.option_id = o.id"
                                + " WHERE o.poll_id = ? GROUP BY o.id")) {
            query.setLong(1, pollId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }
}
