package dev.opad.api.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A flood that holds every pooled connection (bogus API tokens are looked up in Postgres, say) makes
 * the next request wait out the pool's acquisition timeout. That is the service at capacity, not a
 * bug: a 503 problem with Retry-After, never a 500.
 */
class DatabaseBusyTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void noFreeConnectionInTimeIsA503WithRetryAfter() {
        Response answer = mappers.unexpected(new PersistenceException(new SQLException("Sorry, acquisition timeout!")));
        assertEquals(503, answer.getStatus());
        assertEquals("2", answer.getHeaderString("Retry-After"));
        assertEquals(503, ((Problem) answer.getEntity()).status());
    }

    @Test
    void anythingElseUnexpectedIsStillA500() {
        Response answer = mappers.unexpected(new IllegalStateException("a bug"));
        assertEquals(500, answer.getStatus());
    }
}
