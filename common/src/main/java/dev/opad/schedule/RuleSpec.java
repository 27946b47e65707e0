package dev.opad.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A schedule's timing rule as it travels: {@code {"frequency": "daily", "time": "07:00",
 * "timezone": "Europe/Berlin"}}, with {@code day_of_week} for weekly, {@code day_of_month} (1–31 or
 * {@code last}) for monthly and {@code cron} for {@code "frequency": "cron"}. Every field is text as
 * received; {@link TimingRules#parse} judges it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSpec(String frequency, String time, String timezone, String dayOfWeek, String dayOfMonth,
        String cron) {
}
