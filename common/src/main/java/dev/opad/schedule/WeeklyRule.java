package dev.opad.schedule;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** {@code weekly}: one day of the week at a fixed local time. */
public record WeeklyRule(DayOfWeek day, LocalTime at, ZoneId zone) implements TimingRule {

    public WeeklyRule {
        at = at.truncatedTo(ChronoUnit.MINUTES);
    }

    @Override
    public Optional<LocalDateTime> nextLocalAfter(LocalDateTime local) {
        LocalDateTime slot = local.toLocalDate().with(TemporalAdjusters.nextOrSame(day)).atTime(at);
        return Optional.of(slot.isAfter(local) ? slot : slot.plusWeeks(1));
    }

    @Override
    public boolean everyMatchingInstant() {
        return false;
    }

    @Override
    public String describe() {
        return "every %s at %s (%s)".formatted(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                IntervalRule.CLOCK.format(at), zone.getId());
    }
}
