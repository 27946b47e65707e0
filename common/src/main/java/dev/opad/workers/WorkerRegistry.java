package dev.opad.workers;

import dev.opad.job.JobEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The {@code workers} table: each worker writes its row with every beat (one upsert), the api reads
 * it for operators. Kept {@link #KEPT} after a worker's last beat, then removed by retention.
 */
@ApplicationScoped
public class WorkerRegistry {

    /** How long a dead or stopped worker stays listed. */
    public static final Duration KEPT = Duration.ofHours(24);

    private static final String UPSERT = """
            insert into workers (id, host, version, started_at, last_heartbeat_at, heartbeat_interval_ms, stopped_at,
                                 jobs_done, jobs_failed, running, concurrency)
            values (?1, ?2, ?3, ?4, ?5, ?6, null, ?7, ?8, ?9, ?10)
            on conflict (id) do update set host = excluded.host, version = excluded.version,
                started_at = excluded.started_at, last_heartbeat_at = excluded.last_heartbeat_at,
                heartbeat_interval_ms = excluded.heartbeat_interval_ms, stopped_at = null,
                jobs_done = excluded.jobs_done, jobs_failed = excluded.jobs_failed, running = excluded.running,
                concurrency = excluded.concurrency
            """;

    private final Clock clock;

    public WorkerRegistry(Clock clock) {
        this.clock = clock;
    }

    /** What a worker says of itself on a beat. */
    public record Beat(String id, String host, String version, Instant startedAt, Duration interval, long jobsDone,
                       long jobsFailed, int running, int concurrency) {
    }

    /** A worker's row, with its state at the time it was read. */
    public record Entry(String id, String host, String version, Instant startedAt, Instant lastHeartbeat, Instant stoppedAt,
                        long jobsDone, long jobsFailed, int running, int concurrency, WorkerState state) {
    }

    public void beat(Beat beat) {
        QuarkusTransaction.requiringNew().run(() -> JobEntity.getEntityManager().createNativeQuery(UPSERT)
                .setParameter(1, beat.id()).setParameter(2, beat.host()).setParameter(3, beat.version())
                .setParameter(4, beat.startedAt()).setParameter(5, clock.instant())
                .setParameter(6, (int) beat.interval().toMillis()).setParameter(7, beat.jobsDone())
                .setParameter(8, beat.jobsFailed()).setParameter(9, beat.running()).setParameter(10, beat.concurrency())
                .executeUpdate());
    }

    /** A graceful goodbye: the worker is stopped, not dead, and no alert should say otherwise. */
    public void stopped(String id) {
        QuarkusTransaction.requiringNew().run(() -> JobEntity.getEntityManager()
                .createNativeQuery("update workers set stopped_at = ?1, running = 0 where id = ?2")
                .setParameter(1, clock.instant()).setParameter(2, id).executeUpdate());
    }

    /** Every worker heard from within {@link #KEPT}: alive ones first, then by id. */
    public List<Entry> list() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> JobEntity.getEntityManager().createNativeQuery("""
                select id, host, version, started_at, last_heartbeat_at, stopped_at, jobs_done, jobs_failed, running,
                       concurrency, heartbeat_interval_ms
                from workers where last_heartbeat_at > ?1 order by id
                """).setParameter(1, now.minus(KEPT)).getResultList());
        return rows.stream().map(row -> entry(row, now))
                .sorted(java.util.Comparator.comparing((Entry e) -> e.state() != WorkerState.ALIVE).thenComparing(Entry::id))
                .toList();
    }

    private static Entry entry(Object[] row, Instant now) {
        Instant lastBeat = instant(row[4]);
        Instant stopped = instant(row[5]);
        Duration interval = Duration.ofMillis(((Number) row[10]).longValue());
        return new Entry((String) row[0], (String) row[1], (String) row[2], instant(row[3]), lastBeat, stopped,
                ((Number) row[6]).longValue(), ((Number) row[7]).longValue(), ((Number) row[8]).intValue(),
                ((Number) row[9]).intValue(), WorkerState.of(lastBeat, stopped, interval, now));
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }
}
