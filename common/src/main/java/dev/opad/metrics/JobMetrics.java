package dev.opad.metrics;

import dev.opad.job.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happens to jobs, as Prometheus series (docs/ARCHITECTURE.md, "Metrics"). Each process counts
 * what it committed itself — the worker its attempts, the api its cancels — so the system's figure is
 * the sum over processes. Callers record only after the change committed: a rolled-back change must
 * not count. Meters are registered once per tag set and then looked up, never built per call.
 */
@ApplicationScoped
@Startup // its series exist from the start, at zero, so rate() and increase() see the first job
public class JobMetrics {

    /** How one attempt ended, as {@code opad_job_run_seconds{outcome}} says. */
    public enum AttemptOutcome {
        COMPLETED, FAILED, RETRYING, CANCELLED, REQUEUED,
        /** Its lease went to another attempt: this one stopped without writing. */
        LOST;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Timer wait;
    private final Map<AttemptOutcome, Timer> runs = new EnumMap<>(AttemptOutcome.class);
    private final Map<JobState, Counter> finished = new EnumMap<>(JobState.class);
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Counter recoveries;
    private final Map<String, Timer> stages = new ConcurrentHashMap<>();
    private final Map<ModelKey, ModelMeters> models = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.wait = OpadBuckets.timer(registry, "opad.job.wait",
                "Time a job waited to start: from queued (or due, for a retry) to an attempt starting", Tags.empty());
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            runs.put(outcome, OpadBuckets.timer(registry, "opad.job.run", "Time one attempt of a job ran, by how it ended",
                    Tags.of("outcome", outcome.tag())));
        }
        for (JobState state : new JobState[] {JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED}) {
            finished.put(state, Counter.builder("opad.jobs.finished").description("Jobs that reached a final state")
                    .tag("outcome", state.wireName()).register(registry));
        }
        this.recoveries = Counter.builder("opad.job.recoveries")
                .description("Jobs taken back from a worker that died or lost its lease, and queued again").register(registry);
    }

    public void waited(Duration waited) {
        wait.record(waited.isNegative() ? Duration.ZERO : waited);
    }

    public void ran(AttemptOutcome outcome, Duration ran) {
        runs.get(outcome).record(ran);
    }

    /** A job reached {@code state}, one of completed, failed or cancelled. */
    public void finished(JobState state) {
        Counter counter = finished.get(state);
        if (counter == null) {
            throw new IllegalArgumentException(state + " is not a final state");
        }
        counter.increment();
    }

    /** A failed attempt will be tried again; {@code reason} is one of a small fixed set (the worker's failure causes). */
    public void retried(String reason) {
        retries.computeIfAbsent(reason, r -> Counter.builder("opad.job.retries")
                .description("Failed attempts scheduled to be tried again, by cause").tag("reason", r).register(registry))
                .increment();
    }

    public void recovered(int jobs) {
        recoveries.increment(jobs);
    }

    public void stage(String stage, Duration took) {
        stages.computeIfAbsent(stage, s -> OpadBuckets.timer(registry, "opad.stage", "Time a stage of the content crew took",
                Tags.of("stage", s))).record(took);
    }

    /**
     * A model call that returned: its time, tokens and, when the model is in the price table, its cost.
     * Tokens and cost count whatever happens to the attempt next: they were spent.
     */
    public void modelCall(String provider, String model, String stage, Duration took, long inputTokens, long outputTokens,
                          BigDecimal costUsd) {
        ModelMeters meters = models.computeIfAbsent(new ModelKey(provider, model, stage), this::modelMeters);
        meters.calls().record(took);
        meters.input().increment(inputTokens);
        meters.output().increment(outputTokens);
        if (costUsd != null) {
            meters.cost().increment(costUsd.doubleValue());
        }
    }

    private record ModelKey(String provider, String model, String stage) {
    }

    private record ModelMeters(Timer calls, Counter input, Counter output, Counter cost) {
    }

    private ModelMeters modelMeters(ModelKey key) {
        Tags model = Tags.of("provider", key.provider(), "model", key.model());
        return new ModelMeters(
                OpadBuckets.timer(registry, "opad.model.call", "Time a model call took", model.and("stage", key.stage())),
                tokens(model, "input"), tokens(model, "output"),
                Counter.builder("opad.model.cost.usd").description("What model calls cost, from the price table")
                        .tags(model).register(registry));
    }

    private Counter tokens(Tags model, String kind) {
        return Counter.builder("opad.model.tokens").description("Tokens of model calls").tags(model).tag("kind", kind)
                .register(registry);
    }
}
