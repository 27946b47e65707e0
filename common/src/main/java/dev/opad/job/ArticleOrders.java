package dev.opad.job;

import dev.opad.article.ArticleEntity;
import dev.opad.queue.JobQueue;
import dev.opad.trace.JobSend;
import dev.opad.trace.JobSpans;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Ordering an article, the one path for the api's generate and the scheduler: inside the caller's
 * transaction the queued job and its {@code job.queued} event are written; after the commit the
 * job id is pushed to Redis with its first status, in one script. What the caller does when the
 * push fails differs: the api withdraws the job and answers 503, the scheduler leaves it to the
 * reconciler, because its run is already on record. The order is the producer span {@code send opad:jobs}
 * ({@link JobSpans}), from the job's insert to its push: a child of the request's span in the api, a trace of
 * its own in the scheduler; the job keeps its traceparent for the worker.
 */
@ApplicationScoped
public class ArticleOrders {

    private final JobQueue queue;
    private final JobSpans spans;

    public ArticleOrders(JobQueue queue, JobSpans spans) {
        this.queue = queue;
        this.spans = spans;
    }

    /** The queued job for {@code article}; call inside a transaction, then {@link #push} after its commit. */
    public JobEntity queueJob(ArticleEntity article, String source, Map<String, Object> data) {
        return queue(JobEntity.queuedFor(article), source, data);
    }

    /** The same for a job made beforehand ({@link JobEntity#queuedFor}), when its id is needed first. */
    public JobEntity queue(JobEntity job, String source, Map<String, Object> data) {
        job.sentBy(spans.send(job.id()));
        job.persist();
        JobEventEntity.record(job, source, JobEventType.QUEUED, data);
        return job;
    }

    /** The committed job's id and first status to Redis, which ends its order's span. Throws when Redis is unreachable. */
    public void push(JobEntity queued) {
        Optional<JobSend> send = queued.send();
        try (Scope ignored = send.map(JobSend::makeCurrent).orElse(Scope.noop())) {
            queue.push(queued.toStatusView());
        } catch (RuntimeException redisDown) {
            send.ifPresent(s -> s.failed(redisDown));
            throw redisDown;
        }
        send.ifPresent(JobSend::sent);
    }
}
