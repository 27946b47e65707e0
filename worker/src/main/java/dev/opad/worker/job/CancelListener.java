package dev.opad.worker.job;

import dev.opad.queue.QueueKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The fast path of cancel: the api publishes the job id, and the worker running it interrupts the
 * attempt within milliseconds. If the subscription drops (Redis restarted) it resubscribes; the
 * lease keeper's check of the cancel flag covers messages missed meanwhile.
 */
@ApplicationScoped
public class CancelListener {

    private static final Logger LOG = Logger.getLogger(CancelListener.class);

    private final ReactiveRedisDataSource redis;
    private final QueueKeys keys;
    private final RunningJobs running;
    private volatile Cancellable subscription;

    public CancelListener(ReactiveRedisDataSource redis, QueueKeys keys, RunningJobs running) {
        this.redis = redis;
        this.keys = keys;
        this.running = running;
    }

    void onStart(@Observes StartupEvent event) {
        subscription = redis.pubsub(String.class).subscribe(keys.cancelChannel())
                .onFailure().invoke(e -> LOG.debugf("cancel subscription lost: %s; resubscribing", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(this::cancel);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private void cancel(String jobId) {
        try {
            running.find(UUID.fromString(jobId)).ifPresent(job -> job.stop(RunningJobs.StopReason.CANCELLED));
        } catch (IllegalArgumentException e) {
            LOG.debugf("ignoring cancel message that is not a job id: %s", jobId);
        }
    }
}
