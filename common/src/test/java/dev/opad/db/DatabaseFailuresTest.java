package dev.opad.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void aMomentOfTheDatabaseIsTransientHoweverDeeplyWrapped() {
        assertTrue(DatabaseFailures.causedByTransient(new PersistenceException(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(DatabaseFailures.causedByTransient(new RuntimeException(new PersistenceException(
                new SQLException("connection refused", "08001")))));
        assertTrue(DatabaseFailures.causedByTransient(new SQLTransientConnectionException("gone")));
        assertTrue(DatabaseFailures.causedByTransient(new SQLException("deadlock detected", "40P01")));
        assertTrue(DatabaseFailures.causedByTransient(new SQLException("too many connections", "53300")));
        assertTrue(DatabaseFailures.causedByTransient(new SQLException("the server is shutting down", "57P01")));
    }

    @Test
    void aBugOrABrokenRuleIsNot() {
        assertFalse(DatabaseFailures.causedByTransient(new PersistenceException(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseFailures.causedByTransient(new SQLException("syntax error", "42601")));
        assertFalse(DatabaseFailures.causedByTransient(new IllegalStateException("no cause at all")));
    }
}
