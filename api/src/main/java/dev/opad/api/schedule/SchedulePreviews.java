package dev.opad.api.schedule;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.schedule.InvalidRuleException;
import dev.opad.schedule.RuleSpec;
import dev.opad.schedule.TimingRule;
import dev.opad.schedule.TimingRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Reads a rule from the wire and lists its next runs; nothing is saved. */
@ApplicationScoped
public class SchedulePreviews {

    public Preview preview(PreviewRequest request) {
        Instant from = request.from() == null ? Instant.now() : instant(request.from());
        TimingRule rule = rule(request.rule(), from);
        int count = Objects.requireNonNullElse(request.count(), PreviewRequest.DEFAULT_COUNT);
        return new Preview(rule.describe(), rule.nextRuns(from, count).stream()
                .map(run -> new Preview.NextRun(
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(run.atZone(rule.zone()).toOffsetDateTime()),
                        DateTimeFormatter.ISO_INSTANT.format(run)))
                .toList());
    }

    /** The rule, or a 400 naming the field at fault. */
    static TimingRule rule(RuleRequest request, Instant now) {
        return rule(request.spec(), now);
    }

    /** The rule, or a 400 naming the field at fault. */
    static TimingRule rule(RuleSpec spec, Instant now) {
        try {
            return TimingRules.parse(spec, now);
        } catch (InvalidRuleException e) {
            throw new BadRequestProblem(e.field(), e.problem());
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem("from", "must be an instant such as 2027-03-27T12:00:00Z");
        }
    }
}
