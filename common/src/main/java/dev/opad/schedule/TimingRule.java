package dev.opad.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule runs: wall-clock slots in the schedule's time zone, mapped to instants with Vixie
 * cron's rules for clock changes ({@link SlotClock}). Built from the wire form by {@link TimingRules}.
 */
public sealed interface TimingRule permits IntervalRule, DailyRule, WeeklyRule, MonthlyRule, CronRule {

    ZoneId zone();

    /** The next wall-clock slot strictly after {@code local}, empty when there is none. */
    Optional<LocalDateTime> nextLocalAfter(LocalDateTime local);

    /**
     * Whether a slot runs at every instant whose local time matches it (both passes of a repeated hour,
     * none in a skipped one) rather than once at a fixed local time.
     */
    boolean everyMatchingInstant();

    /** The rule in words, e.g. "every 3 hours at 01:30, 04:30, … (Asia/Seoul)". */
    String describe();

    /** The first run strictly after {@code after}; empty when the rule never runs again. */
    default Optional<Instant> nextAfter(Instant after) {
        return SlotClock.nextAfter(this, after);
    }

    /** Up to {@code count} runs strictly after {@code after}, in order. */
    default List<Instant> nextRuns(Instant after, int count) {
        List<Instant> runs = new ArrayList<>(count);
        Instant from = after;
        while (runs.size() < count) {
            Optional<Instant> next = nextAfter(from);
            if (next.isEmpty()) {
                break;
            }
            runs.add(next.get());
            from = next.get();
        }
        return runs;
    }
}
