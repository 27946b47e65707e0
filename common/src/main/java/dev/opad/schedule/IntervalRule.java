package dev.opad.schedule;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code hourly}, {@code every_3_hours}, {@code every_6_hours}: wall-clock slots every {@code hours}
 * hours, aligned to the time of day ({@code every_3_hours} at 01:30 → 01:30, 04:30, …, 22:30 local).
 * Only {@code hourly} runs at every matching instant; the others are fixed local times.
 */
public record IntervalRule(int hours, LocalTime at, ZoneId zone) implements TimingRule {

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    public IntervalRule {
        if (hours != 1 && hours != 3 && hours != 6) {
            throw new IllegalArgumentException("hours must be 1, 3 or 6: " + hours);
        }
        at = at.truncatedTo(ChronoUnit.MINUTES);
    }

    @Override
    public Optional<LocalDateTime> nextLocalAfter(LocalDateTime local) {
        LocalDateTime slot = local.toLocalDate().atTime(firstHour(), at.getMinute());
        while (!slot.isAfter(local)) {
            slot = slot.plusHours(hours);
        }
        return Optional.of(slot);
    }

    @Override
    public boolean everyMatchingInstant() {
        return hours == 1;
    }

    @Override
    public String describe() {
        if (hours == 1) {
            return "every hour at :%02d (%s)".formatted(at.getMinute(), zone.getId());
        }
        LocalTime first = LocalTime.of(firstHour(), at.getMinute());
        LocalTime last = first.plusHours(24 - hours);
        return "every %d hours at %s, %s, … %s (%s)".formatted(hours, CLOCK.format(first),
                CLOCK.format(first.plusHours(hours)), CLOCK.format(last), zone.getId());
    }

    private int firstHour() {
        return at.getHour() % hours;
    }
}
