package dev.opad.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database on a Postgres server, named {@code opad_test_<random>} so the suite
 * never reads or writes a developer's data. The server comes from {@code OPAD_TEST_PG_URL}
 * (an admin JDBC URL; {@code ./opad test} starts a private server when none is reachable).
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;
    /**
     * The connection count, query and execute share: tests poll with them many times a second, and a new
     * connection per call (a backend forked and authenticated each time) cost more than the queries.
     */
    private Connection shared;

    private PostgresTestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static PostgresTestDatabase create() {
        String adminUrl = env("OPAD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("OPAD_TEST_PG_USER", "postgres");
        String password = env("OPAD_TEST_PG_PASSWORD", "");
        String name = "opad_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        PostgresTestDatabase database = new PostgresTestDatabase(adminUrl, user, password, name);
        database.admin("CREATE DATABASE " + name);
        return database;
    }

    public String jdbcUrl() {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Runs one query expecting a single number back; handy for row counts in tests. */
    public long count(String sql) {
        return onShared(sql, s -> {
            try (var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Runs one query expecting a single text value back. */
    public String query(String sql) {
        return onShared(sql, s -> {
            try (var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** Runs one statement in its own transaction (autocommit), as a separate client would. */
    public void execute(String sql) {
        onShared(sql, s -> s.execute(sql));
    }

    @Override
    public void close() {
        synchronized (this) {
            closeShared();
        }
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private interface Work<T> {
        T on(Statement statement) throws SQLException;
    }

    /** One caller at a time; a connection that failed is dropped, so the next call (e.g. after a restart of Postgres) opens a new one. */
    private synchronized <T> T onShared(String sql, Work<T> work) {
        try {
            if (shared == null || shared.isClosed()) {
                shared = connect();
            }
            try (Statement s = shared.createStatement()) {
                return work.on(s);
            }
        } catch (SQLException e) {
            closeShared();
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private void closeShared() {
        if (shared != null) {
            try {
                shared.close();
            } catch (SQLException ignored) {
                // It is being thrown away either way.
            }
            shared = null;
        }
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + adminUrl
                    + " as " + user + ": " + e.getMessage()
                    + " (set OPAD_TEST_PG_URL/OPAD_TEST_PG_USER, or run ./opad test which starts a private Postgres)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
