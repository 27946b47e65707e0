package dev.opad.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cron}: a 5-field expression, parsed and matched by cron-utils. cron-utils is asked for wall-clock
 * slots only (it reads the expression in a zone without clock changes); {@link SlotClock} maps them to
 * instants, so clock changes follow Vixie cron: a {@code *} hour field (as in Vixie, one that starts with
 * {@code *}) runs at every matching instant, any other hour field is a fixed local time.
 */
public record CronRule(String expression, Cron cron, ExecutionTime execution, ZoneId zone) implements TimingRule {

    CronRule(String expression, Cron cron, ZoneId zone) {
        // Built once: cron-utils derives its matchers from the expression on forCron.
        this(expression, cron, ExecutionTime.forCron(cron), zone);
    }

    @Override
    public Optional<LocalDateTime> nextLocalAfter(LocalDateTime local) {
        return execution.nextExecution(local.atZone(ZoneOffset.UTC))
                .map(next -> next.toLocalDateTime());
    }

    @Override
    public boolean everyMatchingInstant() {
        return expression.trim().split("\\s+")[1].startsWith("*");
    }

    @Override
    public String describe() {
        return "%s (cron \"%s\", %s)".formatted(CronDescriptor.instance(Locale.UK).describe(cron),
                expression.trim(), zone.getId());
    }
}
