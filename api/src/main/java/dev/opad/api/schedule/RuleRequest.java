package dev.opad.api.schedule;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.schedule.RuleSpec;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A schedule's timing rule on the wire, one object for every client: {@code {"frequency": "daily",
 * "time": "07:00", "timezone": "Europe/Berlin"}}, {@code day_of_week} for weekly, {@code day_of_month}
 * (1–31 or "last") for monthly, {@code cron} for {@code "frequency": "cron"}.
 */
public record RuleRequest(
        @Schema(enumeration = {"hourly", "every_3_hours", "every_6_hours", "daily", "weekly", "monthly", "cron"})
        String frequency,
        @Schema(description = "time of day, HH:MM, in the schedule's time zone (hourly: only its minute counts)",
                examples = "07:00") String time,
        @Schema(description = "IANA time zone", examples = "Europe/Berlin") String timezone,
        @Schema(description = "weekly: the day, e.g. monday", examples = "monday") String dayOfWeek,
        @Schema(description = "monthly: 1–31 (the last day in shorter months) or \"last\"",
                oneOf = {Integer.class, String.class}) Object dayOfMonth,
        @Schema(description = "frequency cron: a 5-field expression, at most once an hour", examples = "30 7 * * 1-5")
        String cron) {

    RuleSpec spec() {
        return new RuleSpec(frequency, time, timezone, dayOfWeek, dayOfMonthText(), cron);
    }

    private String dayOfMonthText() {
        if (dayOfMonth == null) {
            return null;
        }
        // Jackson reads a JSON number as Integer (or Long, Double…) and a string as String.
        if (dayOfMonth instanceof Integer || dayOfMonth instanceof String) {
            return dayOfMonth.toString();
        }
        throw new BadRequestProblem("rule.day_of_month", "must be 1–31 or \"last\"");
    }
}
