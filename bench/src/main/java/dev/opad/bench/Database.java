package dev.opad.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away database {@code opad_bench_*} on the local Postgres (BENCH_PG_URL_BASE, default
 * jdbc:postgresql://127.0.0.1:5432, user BENCH_PG_USER, default postgres), dropped on close.
 */
final class Database implements AutoCloseable {

    static final String BASE = System.getenv().getOrDefault("BENCH_PG_URL_BASE", "jdbc:postgresql://127.0.0.1:5432");
    static final String USER = System.getenv().getOrDefault("BENCH_PG_USER", "postgres");

    final String name;
    private final Connection connection;

    private Database(String name) throws SQLException {
        this.name = name;
        this.connection = DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    static Database create(String phase) {
        String name = "opad_bench_" + phase + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = DriverManager.getConnection(BASE + "/postgres", USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            return new Database(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    String jdbcUrl() {
        return BASE + "/" + name;
    }

    /** The first column of the first row as a number (0 when null). */
    synchronized double number(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getDouble(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every column of the first row as numbers (NaN for null); an empty array without rows. */
    synchronized double[] numbers(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                return new double[0];
            }
            double[] values = new double[rows.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                double value = rows.getDouble(i + 1);
                values[i] = rows.wasNull() ? Double.NaN : value;
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A statement without a result; returns the rows it changed. */
    synchronized int execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    synchronized String text(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row. */
    synchronized List<String> texts(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> all = new ArrayList<>();
            while (rows.next()) {
                all.add(rows.getString(1));
            }
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Commits counted by Postgres for this database so far. */
    double commits() {
        return number("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // dropping anyway
        }
        try (Connection admin = DriverManager.getConnection(BASE + "/postgres", USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            Results.note("could not drop database " + name + ": " + e.getMessage());
        }
    }
}
