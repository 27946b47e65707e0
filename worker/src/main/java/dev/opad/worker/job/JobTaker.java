package dev.opad.worker.job;

import dev.opad.queue.JobQueue;
import dev.opad.worker.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Takes job ids from the queue and runs each on a virtual thread. A job is taken only when a slot
 * is free, so a busy worker leaves waiting jobs to other workers instead of hoarding them.
 */
@ApplicationScoped
public class JobTaker {

    private static final Logger LOG = Logger.getLogger(JobTaker.class);

    private final JobQueue queue;
    private final JobRunner runner;
    private final JobLeases leases;
    private final RunningJobs running;
    private final WorkerConfig config;
    private final String workerId;
    private final Semaphore slots;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean taking;
    private Thread loop;

    public JobTaker(JobQueue queue, JobRunner runner, JobLeases leases, RunningJobs running, WorkerConfig config,
                    WorkerIdentity identity) {
        this.queue = queue;
        this.runner = runner;
        this.leases = leases;
        this.running = running;
        this.config = config;
        this.workerId = identity.id();
        this.slots = new Semaphore(config.concurrency());
    }

    void onStart(@Observes StartupEvent event) {
        taking = true;
        loop = Thread.ofPlatform().name("opad-job-taker").daemon().start(this::takeJobs);
        LOG.infof("worker %s taking jobs, up to %d at once", workerId, config.concurrency());
    }

    /**
     * SIGTERM: stop taking, let running jobs finish within the grace period, then stop the rest and
     * hand them back to the queue (not a failed attempt). The taking thread is not interrupted:
     * abandoning a BLMOVE mid-flight could move an id that nobody then runs.
     */
    void onStop(@Observes ShutdownEvent event) {
        taking = false;
        try {
            loop.join(config.pollTimeout().plusSeconds(5).toMillis());
            jobs.shutdown();
            if (!jobs.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.infof("%d jobs still running after %s; handing them back to the queue", running.count(), config.shutdownGrace());
                running.all().forEach(job -> job.stop(RunningJobs.StopReason.SHUTDOWN));
                jobs.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String workerId() {
        return workerId;
    }

    private void takeJobs() {
        while (taking) {
            if (!freeSlot()) {
                continue;
            }
            Optional<UUID> jobId = takeOne();
            if (jobId.isPresent()) {
                jobs.submit(() -> runUnderLease(jobId.get()));
            } else {
                slots.release();
            }
        }
    }

    /** Waits a poll period at most, so the loop notices shutdown even when every slot is busy. */
    private boolean freeSlot() {
        try {
            return slots.tryAcquire(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taking = false;
            return false;
        }
    }

    private Optional<UUID> takeOne() {
        try {
            return queue.take(workerId, config.pollTimeout());
        } catch (RuntimeException e) {
            if (taking) {
                LOG.warnf("cannot take jobs from Redis (%s); retrying in 1 s", e.getMessage());
                pause();
            }
            return Optional.empty();
        }
    }

    private void runUnderLease(UUID jobId) {
        Lease lease = Lease.fresh(jobId);
        try {
            JobRunner.Outcome outcome = JobRunner.Outcome.LEFT;
            if (leases.acquire(lease)) {
                outcome = runner.run(lease);
                if (outcome == JobRunner.Outcome.LEFT) {
                    // A settled attempt's final script has released the lease already: one round trip less.
                    leases.release(lease);
                }
            } else {
                LOG.debugf("job %s is leased by another attempt; dropping this copy of its id", jobId);
            }
            if (outcome == JobRunner.Outcome.LEFT) {
                queue.acknowledge(workerId, jobId);
            }
        } catch (RuntimeException e) {
            // The id stays in this worker's processing list; the reconciler and the reaper find it.
            LOG.errorf(e, "job %s not acknowledged", jobId);
        } finally {
            slots.release();
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taking = false;
        }
    }
}
