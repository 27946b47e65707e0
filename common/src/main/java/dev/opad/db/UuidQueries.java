package dev.opad.db;

import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/**
 * A query that asks about many ids at once ({@code = any(?::uuid[])}) and answers a set of ids,
 * through JDBC on the session's connection. Hibernate translates a query with a list parameter again
 * for every distinct list, which cost the scheduler more than the query (P10's profile); an array is
 * one parameter, and the statement is prepared once.
 */
public final class UuidQueries {

    /** Sets the parameters after the first, which is always the array of ids. */
    @FunctionalInterface
    public interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private UuidQueries() {
    }

    /** Runs {@code sql}, whose first parameter is {@code ?::uuid[]}, and collects its first column. */
    public static Set<UUID> idsAmong(EntityManager em, String sql, Collection<UUID> ids, Parameters more) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                more.set(query);
                Set<UUID> found = new HashSet<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getObject(1, UUID.class));
                    }
                }
                return found;
            }
        });
    }
}
