package dev.opad.metrics;

import dev.opad.schedule.ScheduleFiring;
import dev.opad.schedule.SkipReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** What schedules did: slots fired or skipped and how late, and auto-pauses. Recorded after the commit. */
@ApplicationScoped
@Startup // its series exist from the start, at zero, so rate() and increase() see the first job
public class ScheduleMetrics {

    private final Timer lag;
    private final Counter fired;
    private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
    private final Counter autoPaused;

    public ScheduleMetrics(MeterRegistry registry) {
        this.lag = OpadBuckets.timer(registry, "opad.schedule.lag",
                "How late a schedule's slot fired: from the slot's time to the commit of its job", Tags.empty());
        this.fired = runs(registry, "fired");
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, runs(registry, reason.name().toLowerCase(Locale.ROOT)));
        }
        this.autoPaused = Counter.builder("opad.schedule.auto.paused")
                .description("Schedules paused because their runs failed too often in a row").register(registry);
    }

    private static Counter runs(MeterRegistry registry, String outcome) {
        return Counter.builder("opad.schedule.runs").description("Schedule slots recorded: fired, or skipped and why")
                .tag("outcome", outcome).register(registry);
    }

    /** The slots one commit recorded; another claim's slots ({@code recorded() == false}) are not ours. */
    public void recorded(Iterable<ScheduleFiring.Fired> slots, Instant committedAt) {
        for (ScheduleFiring.Fired slot : slots) {
            if (!slot.recorded()) {
                continue;
            }
            if (slot.skipped().isPresent()) {
                skipped.get(slot.skipped().get()).increment();
            } else {
                fired.increment();
                Duration late = Duration.between(slot.slot(), committedAt);
                lag.record(late.isNegative() ? Duration.ZERO : late);
            }
        }
    }

    public void autoPaused() {
        autoPaused.increment();
    }
}
