package dev.opad.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * Turns a rule's wall-clock slots into instants, with Vixie cron's answer to clock changes.
 *
 * <p>A slot at a fixed local time that a spring-forward skips runs at the first instant after the
 * jump; one that a fall-back repeats runs once, at its first occurrence. A rule that runs at every
 * matching instant ({@code hourly}, a cron with {@code *} hours) runs at both passes of a repeated
 * hour and at nothing in a skipped one.
 *
 * <p>Local slots come in wall-clock order, but their instants need not: in a repeated hour (two
 * hours on Antarctica/Troll) a later local time can come first. So the search takes the earliest
 * instant over every local slot that could still map before the best found so far. It rests on one
 * fact of the tz database: a clock goes back by at most {@link #MAX_FALL_BACK} (two hours, Troll).
 */
final class SlotClock {

    /** The most any zone's clock is set back at once, with room to spare (the largest today is 2 h). */
    static final Duration MAX_FALL_BACK = Duration.ofHours(3);

    /** How far the search looks before giving up: covers a 29 February falling on a given weekday. */
    static final int HORIZON_YEARS = 30;

    private SlotClock() {
    }

    /** The rule's first run strictly after {@code after}; empty when it has none within the horizon. */
    static Optional<Instant> nextAfter(TimingRule rule, Instant after) {
        ZoneRules rules = rule.zone().getRules();
        // A slot that runs after `after` is later than the local time then, less a fall-back.
        LocalDateTime local = LocalDateTime.ofInstant(after, rule.zone()).minus(MAX_FALL_BACK);
        LocalDateTime horizon = local.plusYears(HORIZON_YEARS);
        Instant best = null;
        LocalDateTime stop = horizon;
        while (true) {
            Optional<LocalDateTime> slot = rule.nextLocalAfter(local);
            if (slot.isEmpty() || slot.get().isAfter(stop)) {
                return Optional.ofNullable(best);
            }
            local = slot.get();
            for (Instant run : instants(local, rules, rule.everyMatchingInstant())) {
                if (run.isAfter(after) && (best == null || run.isBefore(best))) {
                    best = run;
                    // No slot later than this, on the local clock, can run before `best`.
                    stop = LocalDateTime.ofInstant(best, rule.zone()).plus(MAX_FALL_BACK);
                }
            }
        }
    }

    /** The instants a local slot runs at: none, one or (every matching instant, a repeated hour) two. */
    static List<Instant> instants(LocalDateTime local, ZoneRules rules, boolean everyMatchingInstant) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            // A skipped local time: nothing for an every-instant rule, the end of the jump for a fixed time.
            return everyMatchingInstant ? List.of() : List.of(rules.getTransition(local).getInstant());
        }
        List<Instant> runs = offsets.stream().map(local::toInstant).sorted().toList();
        return everyMatchingInstant ? runs : List.of(runs.getFirst());
    }
}
