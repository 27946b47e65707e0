package dev.opad.api.meta;

import dev.opad.article.ArticleStatus;
import dev.opad.article.CefrLevel;
import dev.opad.article.Language;
import dev.opad.job.JobEventType;
import dev.opad.job.JobStage;
import dev.opad.job.JobState;
import dev.opad.webhook.WebhookEventType;
import java.util.Arrays;
import java.util.List;

/**
 * What a client must know to show opad's codes: the languages and levels an article can have, the
 * stages a job passes, its states and what each allows, the statuses of an article and the types of
 * a job's events, and the event types a webhook endpoint may subscribe to. Built from the enums that define them,
 * so the web UI holds no copy of its own.
 */
public record Meta(List<LanguageInfo> languages, List<String> levels, List<String> stages,
                   List<JobStateInfo> jobStates, List<String> articleStatuses, List<EventTypeInfo> eventTypes,
                   List<String> webhookEvents) {

    /** A language by its ISO 639-1 code and its English name; the api accepts either. */
    public record LanguageInfo(String code, String name) {
    }

    /**
     * A job state: terminal when no worker touches the job again by itself, active while it counts as
     * the article's one job in progress (it can be cancelled), retryable when a person may queue it again.
     */
    public record JobStateInfo(String name, boolean terminal, boolean active, boolean retryable) {
    }

    /** An event type of a job's history and the level it is logged at (info, warn, error). */
    public record EventTypeInfo(String name, String level) {
    }

    static Meta current() {
        return new Meta(
                Arrays.stream(Language.values()).map(l -> new LanguageInfo(l.code(), l.displayName())).toList(),
                Arrays.stream(CefrLevel.values()).map(CefrLevel::name).toList(),
                Arrays.stream(JobStage.values()).map(JobStage::wireName).toList(),
                Arrays.stream(JobState.values())
                        .map(s -> new JobStateInfo(s.wireName(), s.isFinished(), s.isActive(),
                                s.isFinished() && s.canTransitionTo(JobState.QUEUED)))
                        .toList(),
                Arrays.stream(ArticleStatus.values()).filter(s -> s != ArticleStatus.DELETED)
                        .map(ArticleStatus::wireName).toList(),
                Arrays.stream(JobEventType.values()).map(t -> new EventTypeInfo(t.wireName(), t.level())).toList(),
                Arrays.stream(WebhookEventType.values()).filter(WebhookEventType::subscribable)
                        .map(WebhookEventType::wireName).toList());
    }
}
