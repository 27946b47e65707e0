package dev.opad.api.admin;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.job.JobEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The operations page's figures for a recent window, from Postgres: the same questions the
 * Prometheus histograms answer, for a system without a Prometheus. Waits and runs come from the job
 * events, which record every start and settle of every attempt with its time, so a job retried
 * three times gives three waits and three runs, as the histograms count them.
 */
@ApplicationScoped
public class OperationsStats {

    /**
     * Per start of an attempt, how long the job had been waiting: since its last queueing (created,
     * requeued, retried by a person) or, for a retry, since it fell due — the retry event's
     * {@code next_attempt_at}, not its time, since the back-off is a wait nobody should count.
     */
    private static final String WAITS = """
            select percentile_cont(array[0.5, 0.95, 0.99]) within group (order by w), count(*) from (
              select greatest(0, extract(epoch from s.occurred_at - p.since)) as w
              from job_events s
              cross join lateral (
                select case when e.type = 'job.retry_scheduled' then (e.data->>'next_attempt_at')::timestamptz
                            else e.occurred_at end as since
                from job_events e
                where e.job_id = s.job_id and e.occurred_at <= s.occurred_at
                  and e.type in ('job.queued', 'job.requeued', 'job.retry_scheduled')
                order by e.occurred_at desc limit 1) p
              where s.type = 'job.started' and s.occurred_at > ?1) waits
            """;

    /**
     * Per settled attempt (completed, failed, retry scheduled, requeued, or cancelled by its worker
     * mid-run, whose event names the stage it stopped in), from its start to its settle.
     */
    private static final String RUNS = """
            select percentile_cont(array[0.5, 0.95, 0.99]) within group (order by r), count(*) from (
              select extract(epoch from f.occurred_at - s.occurred_at) as r
              from job_events f
              join job_events s on s.job_id = f.job_id and s.attempt = f.attempt and s.type = 'job.started'
              where f.occurred_at > ?1
                and (f.type in ('job.completed', 'job.failed', 'job.retry_scheduled', 'job.requeued')
                     or (f.type = 'job.cancelled' and f.data->>'stopped_in' is not null))) runs
            """;

    private static final String FINISHED = """
            select count(*) filter (where type = 'job.completed'), count(*) filter (where type = 'job.failed'),
                   count(*) filter (where type = 'job.cancelled'), count(*) filter (where type = 'job.retry_scheduled'),
                   (select count(*) from jobs where status = 'failed')
            from job_events where occurred_at > ?1 and type in ('job.completed', 'job.failed', 'job.cancelled',
                                                                 'job.retry_scheduled')
            """;

    private static final String MODELS = """
            select provider, model, count(*), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
            from model_usage where created_at > ?1 group by provider, model order by sum(total_tokens) desc, provider, model
            """;

    static final int DEFAULT_WINDOW = 60;
    static final int MIN_WINDOW = 5;
    static final int MAX_WINDOW = 1440;

    private final Clock clock;

    /** {@code window_minutes} as given: absent is an hour; anything but a whole number from 5 to 1,440 is a 400. */
    static int window(String minutes) {
        if (minutes == null || minutes.isBlank()) {
            return DEFAULT_WINDOW;
        }
        try {
            int value = Integer.parseInt(minutes.strip());
            if (value >= MIN_WINDOW && value <= MAX_WINDOW) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new BadRequestProblem("window_minutes", "must be a whole number of minutes from " + MIN_WINDOW + " to " + MAX_WINDOW);
    }

    public OperationsStats(Clock clock) {
        this.clock = clock;
    }

    public Stats stats(int windowMinutes) {
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofMinutes(windowMinutes));
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] finished = row(FINISHED, since);
            long completed = count(finished[0]);
            long failed = count(finished[1]);
            return new Stats(windowMinutes, since, now, latency(row(WAITS, since)), latency(row(RUNS, since)),
                    new Stats.Finished(completed, failed, count(finished[2])), count(finished[3]),
                    completed + failed == 0 ? null : (double) failed / (completed + failed), count(finished[4]),
                    models(since));
        });
    }

    private static Object[] row(String sql, Instant since) {
        return (Object[]) JobEntity.getEntityManager().createNativeQuery(sql).setParameter(1, since).getSingleResult();
    }

    private static Stats.Latency latency(Object[] row) {
        long count = count(row[1]);
        if (count == 0 || row[0] == null) {
            return new Stats.Latency(count, null, null, null);
        }
        Double[] q = quantiles(row[0]);
        return new Stats.Latency(count, q[0], q[1], q[2]);
    }

    private static Double[] quantiles(Object array) {
        Object[] values = array instanceof java.sql.Array sql ? unwrap(sql) : (Object[]) array;
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? null : Math.round(((Number) values[i]).doubleValue() * 1000) / 1000.0;
        }
        return out;
    }

    private static Object[] unwrap(java.sql.Array array) {
        try {
            return (Object[]) array.getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Stats.Model> models(Instant since) {
        List<Object[]> rows = JobEntity.getEntityManager().createNativeQuery(MODELS).setParameter(1, since).getResultList();
        return rows.stream().map(r -> new Stats.Model((String) r[0], (String) r[1], count(r[2]), count(r[3]), count(r[4]),
                (BigDecimal) r[5])).toList();
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
