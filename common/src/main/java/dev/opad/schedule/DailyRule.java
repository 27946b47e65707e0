package dev.opad.schedule;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** {@code daily}: every day at a fixed local time. */
public record DailyRule(LocalTime at, ZoneId zone) implements TimingRule {

    public DailyRule {
        at = at.truncatedTo(ChronoUnit.MINUTES);
    }

    @Override
    public Optional<LocalDateTime> nextLocalAfter(LocalDateTime local) {
        LocalDateTime slot = local.toLocalDate().atTime(at);
        return Optional.of(slot.isAfter(local) ? slot : slot.plusDays(1));
    }

    @Override
    public boolean everyMatchingInstant() {
        return false;
    }

    @Override
    public String describe() {
        return "every day at %s (%s)".formatted(IntervalRule.CLOCK.format(at), zone.getId());
    }
}
