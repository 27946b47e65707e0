package dev.opad.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a due schedule does now, decided from its rule, its {@code next_run_at} and the database's
 * clock alone (no I/O, so it is tested on its own).
 *
 * <p>All slots from {@code next_run_at} up to now are due. The newest fires if it is within the
 * catch-up window — the smaller of the rule's period and {@link #MAX_CATCH_UP} — as a scheduled run
 * when it is the only one and on time, otherwise as a catch-up; every older slot is recorded as
 * missed. A worker outage of a week therefore costs at most one run, never a storm of them; and the
 * run history is bounded too ({@link #MAX_MISSED_ROWS} missed rows per pass), never a row per slot of
 * the outage.
 *
 * @param missed   slots recorded as skipped {@code missed}, oldest first
 * @param fire     the slot that orders an article, if any
 * @param trigger  how that slot fires
 * @param next     the first slot after now; empty when the rule never runs again
 * @param unrecorded missed slots beyond the recorded ones (counted, not written)
 */
public record DuePlan(List<Instant> missed, Optional<Instant> fire, RunTrigger trigger, Optional<Instant> next,
                      long unrecorded) {

    public static final Duration MAX_CATCH_UP = Duration.ofHours(6);
    /** A slot fired later than this after its time counts as a catch-up, not as on time. */
    public static final Duration ON_TIME = Duration.ofMinutes(1);
    public static final int MAX_MISSED_ROWS = 24;
    /** Slots looked at per pass; a longer outage skips straight to now (hourly: more than 11 years). */
    static final int MAX_SCAN = 100_000;

    public static DuePlan of(TimingRule rule, Instant nextRunAt, Instant now) {
        List<Instant> due = new ArrayList<>();
        long passed = 0;
        Instant slot = nextRunAt;
        Optional<Instant> next = Optional.of(nextRunAt);
        while (next.isPresent() && !next.get().isAfter(now)) {
            slot = next.get();
            passed++;
            due.add(slot);
            if (due.size() > MAX_MISSED_ROWS + 1) {
                due.remove(0);
            }
            if (passed >= MAX_SCAN) {
                next = rule.nextAfter(now);
                break;
            }
            next = rule.nextAfter(slot);
        }
        if (due.isEmpty()) {
            return new DuePlan(List.of(), Optional.empty(), RunTrigger.SCHEDULED, next, 0);
        }
        Instant newest = due.remove(due.size() - 1);
        long older = passed - 1;
        boolean scanCut = passed >= MAX_SCAN;
        Duration lag = Duration.between(newest, now);
        if (!scanCut && !lag.minus(window(rule, newest, next)).isPositive()) {
            RunTrigger trigger = older == 0 && !lag.minus(ON_TIME).isPositive() ? RunTrigger.SCHEDULED : RunTrigger.CATCH_UP;
            return new DuePlan(trim(due), Optional.of(newest), trigger, next, older - trim(due).size());
        }
        due.add(newest);
        return new DuePlan(trim(due), Optional.empty(), RunTrigger.CATCH_UP, next, passed - trim(due).size());
    }

    /** The catch-up window of a slot: until the next slot, at most six hours. */
    static Duration window(TimingRule rule, Instant slot, Optional<Instant> following) {
        Instant after = following.orElseGet(() -> rule.nextAfter(slot).orElse(slot.plus(MAX_CATCH_UP)));
        Duration period = Duration.between(slot, after);
        return period.compareTo(MAX_CATCH_UP) < 0 ? period : MAX_CATCH_UP;
    }

    private static List<Instant> trim(List<Instant> slots) {
        return slots.size() <= MAX_MISSED_ROWS ? List.copyOf(slots) : List.copyOf(slots.subList(slots.size() - MAX_MISSED_ROWS, slots.size()));
    }
}
