package dev.opad.worker.job;

import dev.opad.metrics.JobMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The attempts this worker is running now, so leases can be renewed and attempts stopped. */
@ApplicationScoped
public class RunningJobs {

    /** Why an attempt was told to stop; the first reason wins. */
    public enum StopReason { CANCELLED, LEASE_LOST, SHUTDOWN }

    /** One attempt: its lease, the thread running it, and whether it was told to stop. */
    public static final class RunningJob {
        private final Lease lease;
        private final Thread thread;
        private volatile StopReason stopReason;

        RunningJob(Lease lease, Thread thread) {
            this.lease = lease;
            this.thread = thread;
        }

        public Lease lease() {
            return lease;
        }

        public Optional<StopReason> stopReason() {
            return Optional.ofNullable(stopReason);
        }

        /** Interrupting the thread aborts a model call in flight (the HTTP exchange is cancelled). */
        public synchronized void stop(StopReason reason) {
            if (stopReason == null) {
                stopReason = reason;
                thread.interrupt();
            }
        }
    }

    private final ConcurrentHashMap<UUID, RunningJob> running = new ConcurrentHashMap<>();

    RunningJob register(Lease lease) {
        RunningJob job = new RunningJob(lease, Thread.currentThread());
        running.put(lease.jobId(), job);
        return job;
    }

    /** Removes this attempt only: a stale attempt finishing late must not unregister the live one. */
    void remove(RunningJob job) {
        running.remove(job.lease().jobId(), job);
    }

    public Optional<RunningJob> find(UUID jobId) {
        return Optional.ofNullable(running.get(jobId));
    }

    public Collection<RunningJob> all() {
        return running.values();
    }

    public int count() {
        return running.size();
    }

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** An attempt of this worker ended so: completed and failed-for-good jobs are what the registry shows. */
    void ended(JobMetrics.AttemptOutcome outcome) {
        switch (outcome) {
            case COMPLETED -> done.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            default -> { }
        }
    }

    /** Jobs this worker completed since it started. */
    public long done() {
        return done.get();
    }

    /** Jobs that failed for good on this worker since it started. */
    public long failed() {
        return failed.get();
    }
}
