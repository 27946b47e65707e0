package dev.opad.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every run of every preset (and of cron expressions) over two years — 2027 and 2028, with their DST
 * changes, month ends and 29 February 2028 — in five zones, against an oracle that knows nothing of
 * {@link SlotClock}: it walks the clock minute by minute and applies the definitions literally.
 * A fixed local time L runs at the first minute whose local time is L or later (the end of a skipped
 * hour; the first pass of a repeated one); an every-instant rule runs at each minute whose local time
 * is a slot. {@link TimingRuleGoldenTest} pins the instants the issue names by hand.
 *
 * <p>The walk takes 15-minute steps: every slot here is on a quarter hour, and these zones change
 * their clocks on the hour or half hour by whole half hours, so a quarter-hour walk sees every minute
 * at which anything can run.
 */
class TimingRuleOracleTest {

    private static final List<String> ZONES = List.of("Asia/Seoul", "America/New_York", "Europe/Berlin",
            "Australia/Lord_Howe", "Antarctica/Troll");
    private static final LocalDate FIRST = LocalDate.of(2027, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2028, 12, 31);
    private static final Map<String, LocalDateTime[]> CLOCKS = new HashMap<>();
    private static final Instant SCAN_FROM = Instant.parse("2026-12-30T00:00:00Z");
    private static final int STEP_MINUTES = 15;

    /** A rule as the product builds it, and the oracle's own account of its wall-clock slots. */
    record Case(String name, RuleSpec spec, Predicate<LocalDateTime> isSlot, boolean everyInstant) {
        @Override
        public String toString() {
            return name + " in " + spec.timezone();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String zone : ZONES) {
            for (Case c : casesIn(zone)) {
                all.add(Arguments.of(c));
            }
        }
        return all.stream();
    }

    private static List<Case> casesIn(String zone) {
        return List.of(
                every("hourly :00", spec("hourly", "00:00", zone), t -> t.getMinute() == 0),
                every("hourly :30", spec("hourly", "09:30", zone), t -> t.getMinute() == 30),
                every("hourly :45", spec("hourly", "00:45", zone), t -> t.getMinute() == 45),
                fixed("every 3 hours 01:30", spec("every_3_hours", "01:30", zone),
                        t -> t.getMinute() == 30 && t.getHour() % 3 == 1),
                fixed("every 6 hours 02:15", spec("every_6_hours", "02:15", zone),
                        t -> t.getMinute() == 15 && t.getHour() % 6 == 2),
                fixed("daily 02:30", spec("daily", "02:30", zone), at(2, 30)),
                fixed("daily 01:30", spec("daily", "01:30", zone), at(1, 30)),
                fixed("daily 00:00", spec("daily", "00:00", zone), at(0, 0)),
                fixed("weekly sunday 02:00", new RuleSpec("weekly", "02:00", zone, "sunday", null, null),
                        t -> t.getDayOfWeek() == DayOfWeek.SUNDAY && at(2, 0).test(t)),
                fixed("monthly 31 02:30", new RuleSpec("monthly", "02:30", zone, null, "31", null),
                        t -> t.getDayOfMonth() == Math.min(31, t.toLocalDate().lengthOfMonth()) && at(2, 30).test(t)),
                fixed("monthly 29 07:00", new RuleSpec("monthly", "07:00", zone, null, "29", null),
                        t -> t.getDayOfMonth() == Math.min(29, t.toLocalDate().lengthOfMonth()) && at(7, 0).test(t)),
                fixed("monthly last 23:45", new RuleSpec("monthly", "23:45", zone, null, "last", null),
                        t -> t.getDayOfMonth() == t.toLocalDate().lengthOfMonth() && at(23, 45).test(t)),
                fixed("cron 30 2 * * *", cron("30 2 * * *", zone), at(2, 30)),
                fixed("cron 0 2,3 * * 0", cron("0 2,3 * * 0", zone),
                        t -> t.getDayOfWeek() == DayOfWeek.SUNDAY && t.getMinute() == 0
                                && (t.getHour() == 2 || t.getHour() == 3)),
                every("cron 15 * * * 1-5", cron("15 * * * 1-5", zone),
                        t -> t.getMinute() == 15 && t.getDayOfWeek().getValue() <= 5),
                fixed("cron 0 0 29 2 *", cron("0 0 29 2 *", zone),
                        t -> t.getMonthValue() == 2 && t.getDayOfMonth() == 29 && at(0, 0).test(t)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRunOverTwoYearsIsTheOraclesRun(Case c) {
        ZoneId zone = ZoneId.of(c.spec().timezone());
        List<Instant> expected = oracle(zone, c);
        assertFalse(expected.isEmpty(), "the oracle found no run at all");

        TimingRule rule = TimingRules.parse(c.spec(), SCAN_FROM);
        Instant last = expected.getLast();
        List<Instant> actual = new ArrayList<>();
        Instant from = expected.getFirst().minusNanos(1);
        for (Instant next = rule.nextAfter(from).orElseThrow(); !next.isAfter(last);
                next = rule.nextAfter(next).orElseThrow()) {
            actual.add(next);
        }
        assertEquals(expected, actual);
    }

    private static List<Instant> oracle(ZoneId zone, Case c) {
        LocalDateTime[] clock = CLOCKS.computeIfAbsent(zone.getId(), id -> stepClock(zone));
        List<LocalDateTime> slots = new ArrayList<>();
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            for (LocalDateTime t = day.atStartOfDay(); t.toLocalDate().equals(day); t = t.plusMinutes(STEP_MINUTES)) {
                if (c.isSlot().test(t)) {
                    slots.add(t);
                }
            }
        }
        Set<Instant> runs = new LinkedHashSet<>();
        if (c.everyInstant()) {
            for (int step = 0; step < clock.length; step++) {
                LocalDateTime local = clock[step];
                if (!local.toLocalDate().isBefore(FIRST) && !local.toLocalDate().isAfter(LAST) && c.isSlot().test(local)) {
                    runs.add(instantOf(step));
                }
            }
        } else {
            int next = 0;
            for (int step = 0; step < clock.length && next < slots.size(); step++) {
                while (next < slots.size() && !slots.get(next).isAfter(clock[step])) {
                    runs.add(instantOf(step));
                    next++;
                }
            }
        }
        return List.copyOf(runs);
    }

    /** The local time at every step from SCAN_FROM to two days past the last day. */
    private static LocalDateTime[] stepClock(ZoneId zone) {
        Instant end = LAST.plusDays(3).atStartOfDay(ZoneId.of("UTC")).toInstant();
        int steps = (int) (ChronoUnit.MINUTES.between(SCAN_FROM, end) / STEP_MINUTES);
        LocalDateTime[] clock = new LocalDateTime[steps];
        for (int step = 0; step < steps; step++) {
            clock[step] = LocalDateTime.ofInstant(instantOf(step), zone);
        }
        return clock;
    }

    private static Instant instantOf(int step) {
        return SCAN_FROM.plus((long) step * STEP_MINUTES, ChronoUnit.MINUTES);
    }

    private static Predicate<LocalDateTime> at(int hour, int minute) {
        LocalTime time = LocalTime.of(hour, minute);
        return t -> t.toLocalTime().equals(time);
    }

    private static RuleSpec spec(String frequency, String time, String zone) {
        return new RuleSpec(frequency, time, zone, null, null, null);
    }

    private static RuleSpec cron(String expression, String zone) {
        return new RuleSpec("cron", null, zone, null, null, expression);
    }

    private static Case fixed(String name, RuleSpec spec, Predicate<LocalDateTime> isSlot) {
        return new Case(name, spec, isSlot, false);
    }

    private static Case every(String name, RuleSpec spec, Predicate<LocalDateTime> isSlot) {
        return new Case(name, spec, isSlot, true);
    }
}
