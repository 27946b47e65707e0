package dev.opad.api.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.opad.api.feed.FeedUrls;
import dev.opad.schedule.RuleSpec;
import dev.opad.schedule.ScheduleEntity;
import dev.opad.schedule.ScheduleStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A schedule as the api shows it: its order, its rule (and the rule in words), its state and counters. */
public record ScheduleView(
        UUID id,
        String name,
        String language,
        String level,
        int length,
        List<String> topics,
        String theme,
        String sourceUrl,
        String sourceText,
        Rule rule,
        @Schema(description = "the rule in words, e.g. \"every day at 07:00 (Europe/Berlin)\"") String description,
        ScheduleStatus status,
        String pausedReason,
        int maxConsecutiveFailures,
        int consecutiveFailures,
        Instant nextRunAt,
        Instant lastRunAt,
        int totalRuns,
        int totalCompleted,
        @Schema(description = "the schedule's Atom feed (its completed articles); the URL is the credential")
        String feedUrl,
        Instant createdAt,
        Instant updatedAt) {

    /** The timing rule in the form it was given; fields a rule does not use are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScheduleRule")
    public record Rule(
            String frequency,
            String time,
            String timezone,
            String dayOfWeek,
            @Schema(description = "1–31 or \"last\"", oneOf = {Integer.class, String.class}) Object dayOfMonth,
            String cron) {

        static Rule of(RuleSpec spec) {
            return new Rule(spec.frequency(), spec.time(), spec.timezone(), spec.dayOfWeek(),
                    dayOfMonth(spec.dayOfMonth()), spec.cron());
        }

        /** A number as a number, as it was accepted; {@code last} as text. */
        private static Object dayOfMonth(String text) {
            if (text == null) {
                return null;
            }
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return text;
            }
        }
    }

    static ScheduleView of(ScheduleEntity schedule, Instant now, FeedUrls feeds) {
        return new ScheduleView(schedule.id(), schedule.name(), schedule.language(), schedule.level(),
                schedule.lengthWords(), schedule.topics(), schedule.theme(), schedule.sourceUrl(), schedule.sourceText(),
                Rule.of(schedule.rule()), schedule.timingRule(now).describe(), schedule.status(),
                schedule.pausedReason(), schedule.maxConsecutiveFailures(), schedule.consecutiveFailures(),
                schedule.nextRunAt(), schedule.lastRunAt(), schedule.totalRuns(), schedule.totalCompleted(),
                feeds.feed(schedule.feedSecret()), schedule.createdAt(), schedule.updatedAt());
    }
}
