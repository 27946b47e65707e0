package dev.opad.api.admin;

import dev.opad.job.JobEntity;
import dev.opad.queue.JobQueue;
import dev.opad.workers.WorkerRegistry;
import dev.opad.workers.WorkerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The queue as a whole, as gauges: one set for the system, not per process. Every api instance
 * exports the same values, so dashboards and alerts aggregate them with {@code max without
 * (instance, pod)}. A sampler reads Redis and Postgres every {@link #INTERVAL} into memory; a scrape
 * only reads that snapshot, so a flood of scrapes costs neither Redis nor Postgres anything. A failed
 * sample keeps the last values (a gauge that drops to zero would clear alerts) and logs once until
 * a sample succeeds again.
 */
@ApplicationScoped
public class SystemGauges {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(SystemGauges.class);
    private static final String POSTGRES = """
            select (select count(*) from jobs where status = 'running'),
                   (select coalesce(extract(epoch from now() - min(updated_at)), 0) from jobs where status = 'queued'),
                   (select count(*) from jobs where status = 'failed'),
                   (select count(*) from schedules where status = 'active'),
                   (select count(*) from schedules where status = 'paused')
            """;

    /** What one sample read. */
    public record Snapshot(long waiting, long delayed, long running, double oldestWaitingAgeSeconds, long deadLetters,
                           long activeSchedules, long pausedSchedules) {
        static final Snapshot NONE = new Snapshot(0, 0, 0, 0, 0, 0, 0);
    }

    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final MultiGauge lastHeartbeats;
    private final Map<WorkerState, AtomicLong> workersByState =
            new EnumMap<>(WorkerState.class);
    private volatile Snapshot last = Snapshot.NONE;
    private volatile boolean failing;
    private ScheduledExecutorService sampler;

    public SystemGauges(JobQueue queue, WorkerRegistry workers, MeterRegistry registry) {
        this.queue = queue;
        this.registry = workers;
        for (WorkerState state : WorkerState.values()) {
            AtomicLong count = new AtomicLong();
            workersByState.put(state, count);
            Gauge.builder("opad.workers", count, AtomicLong::get)
                    .description("Workers heard from in the last 24 h, by state").tag("state", state.wireName()).register(registry);
        }
        // one series per worker that is not stopped; a stopped worker's series goes, so it raises no alert
        this.lastHeartbeats = MultiGauge.builder("opad.worker.last.heartbeat.timestamp.seconds")
                .description("When each worker last beat, in Unix seconds (alive, late and dead workers)").register(registry);
        gauge(registry, "opad.queue.waiting.jobs", "Jobs waiting in the queue for a worker", Snapshot::waiting);
        gauge(registry, "opad.queue.delayed.jobs", "Jobs waiting for their retry to fall due", Snapshot::delayed);
        gauge(registry, "opad.queue.running.jobs", "Jobs running now", Snapshot::running);
        gauge(registry, "opad.queue.oldest.waiting.age.seconds",
                "How long the oldest waiting job has waited, in seconds (0 when none waits)", Snapshot::oldestWaitingAgeSeconds);
        gauge(registry, "opad.dead.letter.jobs", "Jobs failed for good, waiting for a person to retry or discard them",
                Snapshot::deadLetters);
        Gauge.builder("opad.schedules", this, g -> g.last.activeSchedules()).description("Schedules by status")
                .tag("status", "active").register(registry);
        Gauge.builder("opad.schedules", this, g -> g.last.pausedSchedules()).description("Schedules by status")
                .tag("status", "paused").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, g -> value.applyAsDouble(g.last)).description(description).register(registry);
    }

    void start(@Observes StartupEvent event) {
        sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("opad-system-gauges").daemon().factory());
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    private void sampleQuietly() {
        try {
            sample();
            if (failing) {
                LOG.info("system gauges are sampled again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("system gauges keep their last values: sampling failed (%s)", e.getMessage());
                failing = true;
            }
        }
    }

    /** Reads the queue now; what the gauges say until the next sample. */
    public Snapshot sample() {
        long waiting = queue.depth();
        long delayed = queue.delayedDepth();
        Object[] row = QuarkusTransaction.requiringNew().call(() ->
                (Object[]) JobEntity.getEntityManager().createNativeQuery(POSTGRES).getSingleResult());
        last = new Snapshot(waiting, delayed, number(row[0]).longValue(), number(row[1]).doubleValue(),
                number(row[2]).longValue(), number(row[3]).longValue(), number(row[4]).longValue());
        sampleWorkers();
        return last;
    }

    private void sampleWorkers() {
        List<WorkerRegistry.Entry> workers = registry.list();
        for (WorkerState state : WorkerState.values()) {
            workersByState.get(state).set(workers.stream().filter(w -> w.state() == state).count());
        }
        lastHeartbeats.register(workers.stream().filter(w -> w.state() != WorkerState.STOPPED)
                .map(w -> MultiGauge.Row.of(Tags.of("worker", w.id()), w.lastHeartbeat().toEpochMilli() / 1000.0))
                .toList(), true);
    }

    private static Number number(Object value) {
        return (Number) value;
    }
}
