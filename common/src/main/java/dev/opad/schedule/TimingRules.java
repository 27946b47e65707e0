package dev.opad.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.On;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** Builds a {@link TimingRule} from its wire form, refusing what cannot run or runs too often. */
public final class TimingRules {

    public static final List<String> FREQUENCIES =
            List.of("hourly", "every_3_hours", "every_6_hours", "daily", "weekly", "monthly", "cron");

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** The tz database's region ids; {@code getAvailableZoneIds} copies them into a new set on every call. */
    private static final java.util.Set<String> ZONES = java.util.Set.copyOf(ZoneId.getAvailableZoneIds());
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private TimingRules() {
    }

    /**
     * The rule {@code spec} describes.
     *
     * @param now where the check that the rule runs at all starts
     * @throws InvalidRuleException naming the field at fault
     */
    public static TimingRule parse(RuleSpec spec, Instant now) {
        ZoneId zone = zone(spec.timezone());
        String frequency = required("rule.frequency", spec.frequency());
        TimingRule rule = switch (frequency) {
            case "hourly" -> new IntervalRule(1, time(spec.time()), zone);
            case "every_3_hours" -> new IntervalRule(3, time(spec.time()), zone);
            case "every_6_hours" -> new IntervalRule(6, time(spec.time()), zone);
            case "daily" -> new DailyRule(time(spec.time()), zone);
            case "weekly" -> new WeeklyRule(dayOfWeek(spec.dayOfWeek()), time(spec.time()), zone);
            case "monthly" -> new MonthlyRule(dayOfMonth(spec.dayOfMonth()), time(spec.time()), zone);
            case "cron" -> cron(spec.cron(), zone);
            default -> throw new InvalidRuleException("rule.frequency",
                    "must be one of " + String.join(", ", FREQUENCIES) + "; got \"" + frequency + "\"");
        };
        if (rule.nextAfter(now).isEmpty()) {
            throw new InvalidRuleException("rule.cron", "never runs (checked "
                    + SlotClock.HORIZON_YEARS + " years ahead)");
        }
        return rule;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRuleException(field, "is required");
        }
        return value.trim();
    }

    private static ZoneId zone(String id) {
        String value = required("rule.timezone", id);
        if (!ZONES.contains(value)) {
            throw new InvalidRuleException("rule.timezone",
                    "must be an IANA time zone such as Europe/Berlin; \"" + value + "\" is not one");
        }
        return ZoneId.of(value);
    }

    private static LocalTime time(String text) {
        String value = required("rule.time", text);
        try {
            return LocalTime.parse(value, CLOCK);
        } catch (DateTimeParseException e) {
            throw new InvalidRuleException("rule.time", "must be a time of day as HH:MM, e.g. 07:00; got \""
                    + value + "\"");
        }
    }

    private static DayOfWeek dayOfWeek(String text) {
        String value = required("rule.day_of_week", text);
        try {
            return DayOfWeek.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException("rule.day_of_week",
                    "must be a day of the week such as monday; got \"" + value + "\"");
        }
    }

    private static OptionalInt dayOfMonth(String text) {
        String value = required("rule.day_of_month", text);
        if (value.equals("last")) {
            return OptionalInt.empty();
        }
        try {
            int day = Integer.parseInt(value);
            if (day >= 1 && day <= 31) {
                return OptionalInt.of(day);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRuleException("rule.day_of_month",
                "must be 1–31 or \"last\"; got \"" + value + "\"");
    }

    private static CronRule cron(String text, ZoneId zone) {
        String value = required("rule.cron", text);
        if (value.split("\\s+").length != 5) {
            throw new InvalidRuleException("rule.cron",
                    "must have 5 fields (minute hour day-of-month month day-of-week), e.g. \"30 7 * * 1-5\"");
        }
        Cron cron;
        try {
            cron = CRON.parse(value).validate();
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidRuleException("rule.cron", "cannot be read (\"" + value + "\"): " + e.getMessage());
        }
        // One minute per hour at most: a schedule costs a model run each time, and opad runs one at most hourly.
        if (!(cron.retrieve(CronFieldName.MINUTE).getExpression() instanceof On)) {
            throw new InvalidRuleException("rule.cron",
                    "must name one minute (e.g. 30 7 * * *): a schedule runs at most once an hour");
        }
        return new CronRule(value, cron, zone);
    }
}
