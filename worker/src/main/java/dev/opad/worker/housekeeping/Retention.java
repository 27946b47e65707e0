package dev.opad.worker.housekeeping;

import dev.opad.job.JobEntity;
import dev.opad.storage.ArticleStorage;
import dev.opad.workers.WorkerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Removes history nobody needs any more, in small batches: each delete takes at most
 * {@link RetentionConfig#batchSize()} rows in its own short transaction, so a pass never holds many
 * locks nor one long transaction, and a pass cut short (a crash, a deploy) simply continues next time.
 * Housekeeping runs it on one worker at a time (lock {@code opad:lock:retention}).
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** Idempotency keys count as absent after a day (IdempotencyKeys); older rows are only dead weight. */
    static final Duration IDEMPOTENCY_KEPT = Duration.ofHours(24);

    /** One kind of row to remove: a statement deleting at most ?2 rows older than ?1. */
    private record Kind(String name, String delete) {
    }

    private static final Kind EVENTS = new Kind("job_events", """
            delete from job_events where event_id in (select e.event_id from job_events e join jobs j on j.id = e.job_id
              where j.finished_at < ?1 limit ?2)""");
    private static final Kind CHECKPOINTS = new Kind("job_checkpoints", """
            delete from job_checkpoints where ctid in (select c.ctid from job_checkpoints c join jobs j on j.id = c.job_id
              where j.finished_at < ?1 limit ?2)""");
    private static final Kind IDEMPOTENCY = new Kind("idempotency_keys", """
            delete from idempotency_keys where ctid in (select ctid from idempotency_keys where created_at < ?1 limit ?2)""");
    private static final Kind WORKERS = new Kind("workers", """
            delete from workers where id in (select id from workers where last_heartbeat_at < ?1 limit ?2)""");
    private static final Kind SESSIONS = new Kind("revoked_sessions", """
            delete from revoked_sessions where token_id in (select token_id from revoked_sessions where expires_at < ?1 limit ?2)""");
    /** Succeeded or failed (a pending one, also one sent again, has no finished_at); on webhook_deliveries_finished. */
    private static final Kind DELIVERIES = new Kind("webhook_deliveries", """
            delete from webhook_deliveries where id in (select id from webhook_deliveries
              where status <> 'pending' and finished_at < ?1 limit ?2)""");
    private static final Kind USAGE = new Kind("model_usage", """
            delete from model_usage where id in (select id from model_usage where created_at < ?1 limit ?2)""");

    private final RetentionConfig config;
    private final ArticleStorage storage;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Counter> deleted = new LinkedHashMap<>();

    public Retention(RetentionConfig config, ArticleStorage storage, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.storage = storage;
        this.clock = clock;
        this.registry = registry;
    }

    /** One pass over everything; returns what it removed, by kind. */
    public Map<String, Long> pass() {
        Instant now = clock.instant();
        Instant history = now.minus(Duration.ofDays(config.days()));
        Map<String, Long> removed = new LinkedHashMap<>();
        removed.put(EVENTS.name(), drain(EVENTS, history));
        removed.put(CHECKPOINTS.name(), drain(CHECKPOINTS, history));
        removed.put(IDEMPOTENCY.name(), drain(IDEMPOTENCY, now.minus(IDEMPOTENCY_KEPT)));
        removed.put(WORKERS.name(), drain(WORKERS, now.minus(WorkerRegistry.KEPT)));
        removed.put(SESSIONS.name(), drain(SESSIONS, now));
        removed.put(DELIVERIES.name(), drain(DELIVERIES, history));
        removed.put("article_objects", removeObjectsOfDeletedArticles(history));
        config.usageDays().ifPresent(days -> removed.put(USAGE.name(), drain(USAGE, now.minus(Duration.ofDays(days)))));
        removed.forEach(this::count);
        if (removed.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("retention removed %s (history older than %d days)", removed, config.days());
        } else {
            LOG.debugf("retention found nothing to remove");
        }
        return removed;
    }

    /** Batch after batch until a batch comes back short. */
    private long drain(Kind kind, Instant before) {
        long total = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> JobEntity.getEntityManager().createNativeQuery(kind.delete())
                    .setParameter(1, before).setParameter(2, config.batchSize()).executeUpdate());
            total += batch;
        } while (batch == config.batchSize());
        return total;
    }

    /** The stored objects of articles deleted before {@code before}; the row stays, marked as emptied. */
    private long removeObjectsOfDeletedArticles(Instant before) {
        long objects = 0;
        List<UUID> articles;
        do {
            articles = deletedArticles(before);
            for (UUID article : articles) {
                List<String> keys = storage.list("articles/" + article + "/");
                keys.forEach(storage::delete);
                objects += keys.size();
                QuarkusTransaction.requiringNew().run(() -> JobEntity.getEntityManager()
                        .createNativeQuery("update articles set objects_removed_at = ?1, storage_key = null where id = ?2")
                        .setParameter(1, clock.instant()).setParameter(2, article).executeUpdate());
            }
        } while (articles.size() == config.batchSize());
        return objects;
    }

    @SuppressWarnings("unchecked")
    private List<UUID> deletedArticles(Instant before) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.getEntityManager().createNativeQuery("""
                select id from articles where status = 'deleted' and objects_removed_at is null and deleted_at < ?1
                order by deleted_at limit ?2""", UUID.class).setParameter(1, before).setParameter(2, config.batchSize())
                .getResultList());
    }

    private void count(String kind, long removed) {
        deleted.computeIfAbsent(kind, k -> Counter.builder("opad.retention.deleted")
                .description("Rows (and, for article_objects, stored objects) retention removed").tag("kind", k)
                .register(registry)).increment(removed);
    }
}
