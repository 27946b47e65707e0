package dev.opad.schedule;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code monthly}: a day of the month at a fixed local time. The 29th–31st run on the last day of a
 * shorter month (so "the 31st" runs every month, not seven times a year); an empty day is always the
 * last.
 */
public record MonthlyRule(OptionalInt dayOfMonth, LocalTime at, ZoneId zone) implements TimingRule {

    public MonthlyRule {
        if (dayOfMonth.isPresent() && (dayOfMonth.getAsInt() < 1 || dayOfMonth.getAsInt() > 31)) {
            throw new IllegalArgumentException("day of month must be 1–31: " + dayOfMonth.getAsInt());
        }
        at = at.truncatedTo(ChronoUnit.MINUTES);
    }

    @Override
    public Optional<LocalDateTime> nextLocalAfter(LocalDateTime local) {
        YearMonth month = YearMonth.from(local);
        LocalDateTime slot = slotIn(month);
        return Optional.of(slot.isAfter(local) ? slot : slotIn(month.plusMonths(1)));
    }

    private LocalDateTime slotIn(YearMonth month) {
        int day = Math.min(dayOfMonth.orElse(31), month.lengthOfMonth());
        return month.atDay(day).atTime(at);
    }

    @Override
    public boolean everyMatchingInstant() {
        return false;
    }

    @Override
    public String describe() {
        String clock = IntervalRule.CLOCK.format(at);
        if (dayOfMonth.isEmpty()) {
            return "on the last day of every month at %s (%s)".formatted(clock, zone.getId());
        }
        int day = dayOfMonth.getAsInt();
        String shorter = day > 28 ? ", or the month's last day when it is shorter" : "";
        return "on day %d of every month%s, at %s (%s)".formatted(day, shorter, clock, zone.getId());
    }
}
