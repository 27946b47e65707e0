package dev.opad.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * The one definition of "our own database failed for a moment": no free connection within the
 * pool's acquisition timeout, a lost connection, a deadlock or serialisation failure, a server
 * restarting or out of resources. None of these is the request's or the job's fault, and none is a
 * bug: the worker retries the job, the api answers 503 with Retry-After.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Whether this SQL error is one of the moments above (SQLSTATE classes 08, 40, 53, 57P; Agroal's timeout). */
    public static boolean isTransient(SQLException error) {
        String state = error.getSQLState() == null ? "" : error.getSQLState();
        String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
        return error instanceof SQLTransientException || error instanceof SQLRecoverableException
                || state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P")
                || message.contains("acquisition timeout");
    }

    /** Whether any cause of this failure (Hibernate and JTA wrap the driver's) is a transient SQL error. */
    public static boolean causedByTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof SQLException sql && isTransient(sql)) {
                    return true;
                }
            }
        }
        return false;
    }
}
