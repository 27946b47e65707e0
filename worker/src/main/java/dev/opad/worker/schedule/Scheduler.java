package dev.opad.worker.schedule;

import dev.opad.job.ArticleOrders;
import dev.opad.job.JobEntity;
import dev.opad.metrics.ScheduleMetrics;
import dev.opad.schedule.ScheduleEntity;
import dev.opad.schedule.ScheduleFiring;
import dev.opad.worker.WorkerConfig;
import dev.opad.worker.job.WorkerIdentity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Fires due schedules; runs in every worker, safely with any number of them. Each round claims up to
 * a batch of due active schedules with {@code FOR UPDATE SKIP LOCKED} — workers never wait for one
 * another, and never claim the same schedule at once — and in that one transaction records each due
 * slot's run, orders the article and its queued job, and moves {@code next_run_at} on. Only after the
 * commit are the job ids pushed, exactly as the api pushes them; a crash in between leaves queued jobs
 * in Postgres, which the reconciler pushes. "Now" is the database's clock, so workers whose clocks
 * disagree still agree on what is due.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);
    private static final String CLAIM = """
            select * from schedules
            where status = 'active' and next_run_at <= now()
            order by next_run_at
            limit :batch
            for update skip locked""";
    private static final Duration MIN_WAIT = Duration.ofMillis(25);
    private static final String UNTIL_NEXT = """
            select ceil(extract(epoch from (min(next_run_at) - clock_timestamp())) * 1000)::bigint
            from schedules where status = 'active'""";

    private final ScheduleFiring firing;
    private final ArticleOrders orders;
    private final WorkerConfig.Scheduler config;
    private final String source;
    private final ScheduleMetrics metrics;
    private volatile boolean stopped;
    private Thread loop;
    private final ExecutorService pusher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("opad-scheduler-push").daemon().factory());

    public Scheduler(ScheduleFiring firing, ArticleOrders orders, WorkerConfig config, WorkerIdentity identity,
                     ScheduleMetrics metrics) {
        this.metrics = metrics;
        this.firing = firing;
        this.orders = orders;
        this.config = config.scheduler();
        this.source = "opad-scheduler/" + identity.id();
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            loop = Thread.ofPlatform().name("opad-scheduler").daemon().start(this::run);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (loop != null) {
            loop.interrupt();
        }
        pusher.shutdown();
    }

    private void run() {
        while (!stopped) {
            int claimed;
            try {
                claimed = fireDue();
            } catch (RuntimeException e) {
                LOG.debugf("scheduler skipped this round: %s", e.getMessage());
                claimed = 0;
            }
            if (claimed < config.batchSize() && !pause(idleWait())) {
                return;
            }
        }
    }

    /**
     * How long an idle scheduler sleeps: the poll interval, or less when the next slot comes sooner,
     * so a slot fires on time rather than up to a poll interval late. New and changed schedules are
     * seen within the interval.
     */
    private Duration idleWait() {
        try {
            Object untilNext = QuarkusTransaction.requiringNew().call(() -> ScheduleEntity.getEntityManager()
                    .createNativeQuery(UNTIL_NEXT).getSingleResult());
            if (untilNext instanceof Number millis) {
                // A due schedule that another worker holds is not a reason to spin: wait a little at least.
                Duration wait = Duration.ofMillis(Math.max(MIN_WAIT.toMillis(), millis.longValue()));
                return wait.compareTo(config.pollInterval()) < 0 ? wait : config.pollInterval();
            }
        } catch (RuntimeException e) {
            LOG.debugf("next slot unknown: %s", e.getMessage());
        }
        return config.pollInterval();
    }

    /** One round: claims, fires and commits a batch, then pushes its jobs. Returns how many schedules it claimed. */
    int fireDue() {
        List<JobEntity> queued = new ArrayList<>();
        List<ScheduleFiring.Fired> slots = new ArrayList<>();
        Instant[] now = new Instant[1];
        long from = System.nanoTime();
        int claimed = QuarkusTransaction.requiringNew().call(() -> {
            now[0] = databaseNow();
            @SuppressWarnings("unchecked")
            List<ScheduleEntity> due = ScheduleEntity.getEntityManager().createNativeQuery(CLAIM, ScheduleEntity.class)
                    .setParameter("batch", config.batchSize()).getResultList();
            slots.addAll(firing.fireDue(due, now[0], source));
            slots.forEach(fired -> fired.job().ifPresent(queued::add));
            return due.size();
        });
        if (now[0] != null) {
            // committed at the database's clock, like the slots: its "now" plus the round's time
            metrics.recorded(slots, now[0].plusNanos(System.nanoTime() - from));
        }
        // Pushed on their own thread, so the next claim need not wait for Redis; a crash before the
        // push leaves the jobs queued in Postgres, which the reconciler pushes.
        pusher.execute(() -> push(queued));
        return claimed;
    }

    private void push(List<JobEntity> queued) {
        for (JobEntity job : queued) {
            try {
                orders.push(job);
            } catch (RuntimeException redisDown) {
                LOG.warnf("scheduled job %s is queued in Postgres but not pushed (%s); the reconciler pushes it",
                        job.id(), redisDown.getMessage());
            }
        }
    }

    private static Instant databaseNow() {
        return ((OffsetDateTime) ScheduleEntity.getEntityManager().createNativeQuery("select now()", OffsetDateTime.class)
                .getSingleResult()).toInstant();
    }

    private boolean pause(Duration interval) {
        try {
            Thread.sleep(interval);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
