package dev.opad.worker.job;

import dev.opad.queue.JobQueue;
import dev.opad.worker.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    /** How long a handed-back id waits before it can be taken again. */
    private static final Duration HAND_BACK_PAUSE = Duration.ofSeconds(2);

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

    /**
     * Takes as many jobs as there are free slots. While the queue has a backlog, one script moves and
     * leases a whole batch; once a take finds fewer jobs than slots, the queue is drained and the
     * next take waits in BLMOVE instead of asking again and again.
     */
    private void takeJobs() {
        boolean drained = true;
        while (taking) {
            int free = freeSlots();
            if (free == 0) {
                continue;
            }
            List<JobLeases.Taken> taken = drained ? waitAndTake(free) : takeWaiting(free);
            drained = taken.size() < free;
            int started = 0;
            for (JobLeases.Taken job : taken) {
                if (job.lease().isPresent()) {
                    Lease lease = job.lease().get();
                    jobs.submit(() -> runUnderLease(lease));
                    started++;
                } else {
                    LOG.debugf("job %s is leased by another attempt; dropped this copy of its id", job.jobId());
                }
            }
            slots.release(free - started);
        }
    }

    /** Waits a poll period at most for one free slot, so the loop notices shutdown; then takes every free one. */
    private int freeSlots() {
        try {
            if (!slots.tryAcquire(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return 0;
            }
            return 1 + slots.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taking = false;
            return 0;
        }
    }

    /** BLMOVE waits for the next id; the take script then leases it and whatever else has arrived. */
    private List<JobLeases.Taken> waitAndTake(int free) {
        try {
            Optional<UUID> moved = queue.take(workerId, config.pollTimeout());
            return moved.isEmpty() ? List.of() : leases.take(workerId, free, moved);
        } catch (RuntimeException e) {
            return redisFailed(e);
        }
    }

    private List<JobLeases.Taken> takeWaiting(int free) {
        try {
            return leases.take(workerId, free, Optional.empty());
        } catch (RuntimeException e) {
            return redisFailed(e);
        }
    }

    /** An id moved before the failure stays in the processing list, where the reconciler and the reaper find it. */
    private List<JobLeases.Taken> redisFailed(RuntimeException e) {
        if (taking) {
            LOG.warnf("cannot take jobs from Redis (%s); retrying in 1 s", e.getMessage());
            pause();
        }
        return List.of();
    }

    private void runUnderLease(Lease lease) {
        UUID jobId = lease.jobId();
        try {
            if (runner.run(lease) == JobRunner.Outcome.LEFT) {
                // A settled attempt's final script has released the lease and acknowledged the id already.
                leases.release(lease);
                queue.acknowledge(workerId, jobId);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: the attempt could not start or settle; handing its id back", jobId);
            handBack(lease);
        } finally {
            slots.release();
        }
    }

    /**
     * After a failure that left the attempt unsettled (Postgres refused the start, say): the id leaves
     * this worker's processing list and comes back to the queue after a short pause (through the
     * delayed set, so a Postgres outage is not a hot loop of takes), for another attempt. While
     * the id sat in a live worker's list, the reconciler counted it as known and the reaper, which
     * only looks at dead workers, never saw it. Taking an id twice is harmless: a second start finds
     * the job no longer waiting, and a job left running without its lease is requeued by the
     * reconciler. If Redis is what failed, the id stays until the worker dies.
     */
    private void handBack(Lease lease) {
        try {
            leases.release(lease);
            queue.acknowledge(workerId, lease.jobId());
            queue.schedule(lease.jobId(), Instant.now().plus(HAND_BACK_PAUSE));
        } catch (RuntimeException e) {
            LOG.warnf("job %s stays in this worker's processing list (%s)", lease.jobId(), e.getMessage());
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
