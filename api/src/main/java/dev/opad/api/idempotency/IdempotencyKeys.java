package dev.opad.api.idempotency;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code idempotency_keys} table, the one place that knows it. Every call is its own short
 * transaction, committed before the caller goes on, so a claim is visible to concurrent requests
 * while the work it guards is still running. Times are the database's, whichever api instance asks.
 */
@ApplicationScoped
class IdempotencyKeys {

    /** How long a key is remembered; an older row counts as absent. */
    static final Duration RETENTION = Duration.ofHours(24);

    /**
     * A claim still in progress after this long belongs to a request that died (the api crashed
     * or was killed mid-request); it is taken over rather than blocking its key for a day. Both
     * guarded calls finish in well under a second, and their database and Redis timeouts are 3 s.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private static final String DELETE_STALE = """
            DELETE FROM idempotency_keys
             WHERE user_id = ? AND key = ?
               AND (created_at < now() - make_interval(secs => ?)
                    OR (status = 'in_progress' AND created_at < now() - make_interval(secs => ?)))""";

    /** The primary key decides the race: of concurrent inserts exactly one returns a row. */
    private static final String INSERT = """
            INSERT INTO idempotency_keys (user_id, key, fingerprint, status, created_at)
            VALUES (?, ?, ?, 'in_progress', now())
            ON CONFLICT (user_id, key) DO NOTHING
            RETURNING created_at""";

    private static final String READ = """
            SELECT fingerprint, status, response_status, response_body, location
              FROM idempotency_keys WHERE user_id = ? AND key = ?""";

    private static final String COMPLETE = """
            UPDATE idempotency_keys SET status = 'done', response_status = ?, response_body = ?, location = ?
             WHERE user_id = ? AND key = ? AND status = 'in_progress' AND created_at = ?""";

    private static final String RELEASE = """
            DELETE FROM idempotency_keys
             WHERE user_id = ? AND key = ? AND status = 'in_progress' AND created_at = ?""";

    private static final String DELETE_EXPIRED = """
            DELETE FROM idempotency_keys WHERE user_id = ? AND created_at < now() - make_interval(secs => ?)""";

    private final AgroalDataSource database;

    IdempotencyKeys(AgroalDataSource database) {
        this.database = database;
    }

    Claim claim(UUID owner, String key, String fingerprint) {
        return inNewTransaction(connection -> {
            update(connection, DELETE_STALE, owner, key, RETENTION.toSeconds(), ABANDONED_AFTER.toSeconds());
            Optional<OffsetDateTime> claimedAt = insert(connection, owner, key, fingerprint);
            if (claimedAt.isPresent()) {
                return new Claim.Won(claimedAt.get());
            }
            return read(connection, owner, key);
        });
    }

    /** Keeps the answer for replay; false if the claim was meanwhile taken over as abandoned. */
    boolean complete(UUID owner, String key, Claim.Won claim, StoredResponse response) {
        return inNewTransaction(connection -> update(connection, COMPLETE, response.status(), response.body(),
                response.location(), owner, key, claim.claimedAt())) == 1;
    }

    /** Lets the key go after a failed request, so the client may retry with it. */
    void release(UUID owner, String key, Claim.Won claim) {
        inNewTransaction(connection -> update(connection, RELEASE, owner, key, claim.claimedAt()));
    }

    /** Forgets the owner's keys older than {@link #RETENTION}. */
    int deleteExpired(UUID owner) {
        return inNewTransaction(connection -> update(connection, DELETE_EXPIRED, owner, RETENTION.toSeconds()));
    }

    private static Optional<OffsetDateTime> insert(Connection connection, UUID owner, String key, String fingerprint)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, INSERT, owner, key, fingerprint);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(row.getObject(1, OffsetDateTime.class)) : Optional.empty();
        }
    }

    private static Claim read(Connection connection, UUID owner, String key) throws SQLException {
        try (PreparedStatement statement = prepare(connection, READ, owner, key);
             ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return new Claim.Released();
            }
            Optional<StoredResponse> response = "done".equals(row.getString("status"))
                    ? Optional.of(new StoredResponse(row.getInt("response_status"), row.getString("response_body"),
                            row.getString("location")))
                    : Optional.empty();
            return new Claim.Held(row.getString("fingerprint"), response);
        }
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private <T> T inNewTransaction(SqlWork<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = database.getConnection()) {
                return work.run(connection);
            }
        });
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
