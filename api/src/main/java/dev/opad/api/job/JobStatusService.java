package dev.opad.api.job;

import dev.opad.api.problem.NotFoundProblem;
import dev.opad.job.JobEntity;
import dev.opad.job.JobStatusView;
import dev.opad.queue.JobStatusCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Answers "how is my job doing?" from Redis when it can, from Postgres when Redis lost the key or is down. */
@ApplicationScoped
public class JobStatusService {

    private static final Logger LOG = Logger.getLogger(JobStatusService.class);

    private final JobStatusCache cache;

    public JobStatusService(JobStatusCache cache) {
        this.cache = cache;
    }

    /** The caller's own job only: anyone else's is "not found", so job ids cannot be probed. */
    public JobStatusView status(UUID caller, UUID jobId) {
        JobStatusView view = fromCache(jobId).orElseGet(() -> rebuild(jobId));
        if (!caller.equals(view.userId())) {
            throw notFound(jobId);
        }
        return view;
    }

    private static NotFoundProblem notFound(UUID jobId) {
        return new NotFoundProblem("No job with id " + jobId);
    }

    private Optional<JobStatusView> fromCache(UUID jobId) {
        try {
            return cache.get(jobId);
        } catch (RuntimeException redisDown) {
            LOG.debugf("status cache unavailable, reading job %s from Postgres: %s", jobId, redisDown.getMessage());
            return Optional.empty();
        }
    }

    private JobStatusView rebuild(UUID jobId) {
        JobStatusView view = QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findByIdOptional(jobId)
                        .map(JobEntity::toStatusView))
                .orElseThrow(() -> notFound(jobId));
        try {
            cache.put(view);
        } catch (RuntimeException redisDown) {
            LOG.debugf("could not restore status key of job %s: %s", jobId, redisDown.getMessage());
        }
        return view;
    }
}
