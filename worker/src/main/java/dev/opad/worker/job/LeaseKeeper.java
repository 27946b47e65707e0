package dev.opad.worker.job;

import dev.opad.worker.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Renews the lease of every running attempt every third of its lifetime, on its own thread: a job
 * busy in a long model call still keeps its lease. An attempt whose lease is gone is stopped at
 * once; one whose cancel flag is set is cancelled (the path for workers that missed the message).
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final RunningJobs running;
    private final JobLeases leases;
    private final WorkerConfig config;
    private ScheduledExecutorService scheduler;

    public LeaseKeeper(RunningJobs running, JobLeases leases, WorkerConfig config) {
        this.running = running;
        this.leases = leases;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("opad-lease-keeper").daemon().factory());
        long period = Math.max(100, config.leaseTtl().toMillis() / 3);
        scheduler.scheduleAtFixedRate(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
    }

    void renewAll() {
        for (RunningJobs.RunningJob job : running.all()) {
            try {
                switch (leases.renew(job.lease())) {
                    case LOST -> job.stop(RunningJobs.StopReason.LEASE_LOST);
                    case CANCEL_REQUESTED -> job.stop(RunningJobs.StopReason.CANCELLED);
                    case HELD -> { }
                }
            } catch (RuntimeException e) {
                // Redis unreachable: keep running; if the outage outlasts the lease, the next
                // renewal finds it lost and the attempt stops.
                LOG.debugf("lease renewal of job %s failed: %s", job.lease().jobId(), e.getMessage());
            }
        }
    }
}
