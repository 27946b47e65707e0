package dev.opad.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a due schedule does, from its rule, its next_run_at and the clock: the catch-up and missed policy. */
class DuePlanTest {

    private static final Instant T0 = Instant.parse("2027-06-01T00:00:00Z");

    private static TimingRule rule(String frequency, String time) {
        return TimingRules.parse(new RuleSpec(frequency, time, "UTC", null, null, null), T0);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void aSlotFiredOnTimeIsScheduledAndTheNextSlotFollows() {
        DuePlan plan = DuePlan.of(rule("daily", "07:00"), at("2027-06-01T07:00:00Z"), at("2027-06-01T07:00:02Z"));
        assertEquals(Optional.of(at("2027-06-01T07:00:00Z")), plan.fire());
        assertEquals(RunTrigger.SCHEDULED, plan.trigger());
        assertEquals(List.of(), plan.missed());
        assertEquals(Optional.of(at("2027-06-02T07:00:00Z")), plan.next());
    }

    @Test
    void aSlotNotYetDueDoesNothing() {
        DuePlan plan = DuePlan.of(rule("daily", "07:00"), at("2027-06-01T07:00:00Z"), at("2027-06-01T06:59:59Z"));
        assertEquals(Optional.empty(), plan.fire());
        assertEquals(List.of(), plan.missed());
        assertEquals(Optional.of(at("2027-06-01T07:00:00Z")), plan.next());
    }

    @Test
    void threeMissedHourlySlotsGiveOneCatchUpForTheNewestAndTwoMissed() {
        DuePlan plan = DuePlan.of(rule("hourly", "00:15"), at("2027-06-01T07:15:00Z"), at("2027-06-01T09:40:00Z"));
        assertEquals(Optional.of(at("2027-06-01T09:15:00Z")), plan.fire());
        assertEquals(RunTrigger.CATCH_UP, plan.trigger());
        assertEquals(List.of(at("2027-06-01T07:15:00Z"), at("2027-06-01T08:15:00Z")), plan.missed());
        assertEquals(Optional.of(at("2027-06-01T10:15:00Z")), plan.next());
        assertEquals(0, plan.unrecorded());
    }

    @Test
    void aLateSingleSlotWithinTheWindowIsACatchUp() {
        // daily: the window is 6 h (smaller than the 24 h period); 2 h late still fires, as a catch-up
        DuePlan plan = DuePlan.of(rule("daily", "07:00"), at("2027-06-01T07:00:00Z"), at("2027-06-01T09:00:00Z"));
        assertEquals(Optional.of(at("2027-06-01T07:00:00Z")), plan.fire());
        assertEquals(RunTrigger.CATCH_UP, plan.trigger());
    }

    @Test
    void aSlotOlderThanSixHoursIsMissedNotFired() {
        DuePlan plan = DuePlan.of(rule("daily", "07:00"), at("2027-06-01T07:00:00Z"), at("2027-06-01T13:00:01Z"));
        assertEquals(Optional.empty(), plan.fire());
        assertEquals(List.of(at("2027-06-01T07:00:00Z")), plan.missed());
        assertEquals(Optional.of(at("2027-06-02T07:00:00Z")), plan.next());
    }

    @Test
    void theWindowOfAnIntervalIsItsPeriod() {
        // every 3 hours: 2 h 59 min late still fires, the 3 h window is smaller than 6 h
        assertEquals(Duration.ofHours(3), DuePlan.window(rule("every_3_hours", "01:30"), at("2027-06-01T01:30:00Z"),
                Optional.of(at("2027-06-01T04:30:00Z"))));
        assertEquals(DuePlan.MAX_CATCH_UP, DuePlan.window(rule("daily", "01:30"), at("2027-06-01T01:30:00Z"),
                Optional.of(at("2027-06-02T01:30:00Z"))));
    }

    @Test
    void aWeekOfDowntimeRecordsAtMostTwentyFourMissedRowsAndCountsTheRest() {
        DuePlan plan = DuePlan.of(rule("hourly", "00:00"), at("2027-06-01T00:00:00Z"), at("2027-06-08T00:30:00Z"));
        // 7 × 24 + 1 slots passed: the newest (00:00 on the 8th) fires, 168 older ones are missed
        assertEquals(Optional.of(at("2027-06-08T00:00:00Z")), plan.fire());
        assertEquals(DuePlan.MAX_MISSED_ROWS, plan.missed().size());
        assertEquals(at("2027-06-07T23:00:00Z"), plan.missed().get(DuePlan.MAX_MISSED_ROWS - 1));
        assertEquals(168 - DuePlan.MAX_MISSED_ROWS, plan.unrecorded());
        assertEquals(Optional.of(at("2027-06-08T01:00:00Z")), plan.next());
    }

    @Test
    void aYearlyCronFiresAndIsDueAgainAYearLater() {
        TimingRule once = TimingRules.parse(new RuleSpec("cron", null, "UTC", null, null, "0 7 1 6 *"), T0);
        DuePlan plan = DuePlan.of(once, at("2027-06-01T07:00:00Z"), at("2027-06-01T07:00:01Z"));
        assertEquals(Optional.of(at("2027-06-01T07:00:00Z")), plan.fire());
        assertEquals(Optional.of(at("2028-06-01T07:00:00Z")), plan.next());
    }
}
