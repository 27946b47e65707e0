package dev.opad.schedule;

import dev.opad.article.ArticleEntity;
import dev.opad.job.ArticleOrders;
import dev.opad.job.JobEntity;
import dev.opad.job.JobStatusView;
import dev.opad.usage.DailyBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Fires a schedule's slot: the run row, then (unless a policy says skip) the article and its queued
 * job through {@link ArticleOrders}, all in the caller's transaction, with the schedule's row lock
 * held. The worker's scheduler and the api's "run now" both come here, so the policies are the same
 * for both.
 */
@ApplicationScoped
public class ScheduleFiring {

    /** What one slot came to; {@code job} is what to push to Redis after the commit. */
    public record Fired(UUID scheduleId, Instant slot, RunTrigger trigger, RunOutcome outcome,
                        Optional<SkipReason> skipped, Optional<UUID> runId, Optional<JobStatusView> job) {

        /** False when another claim had already written this slot's run: nothing was done. */
        public boolean recorded() {
            return runId.isPresent();
        }
    }

    private final DailyBudget budget;
    private final ArticleOrders orders;

    public ScheduleFiring(DailyBudget budget, ArticleOrders orders) {
        this.budget = budget;
        this.orders = orders;
    }

    /**
     * The due slots of a claimed schedule ({@link DuePlan}): older ones recorded as missed, the
     * newest fired if it is recent enough, and {@code next_run_at} moved past now.
     */
    public List<Fired> fireDue(ScheduleEntity schedule, Instant now, String source) {
        DuePlan plan = DuePlan.of(schedule.timingRule(now), schedule.nextRunAt(), now);
        List<Fired> results = new ArrayList<>();
        for (Instant missed : plan.missed()) {
            results.add(skip(schedule, missed, RunTrigger.CATCH_UP, SkipReason.MISSED, now));
        }
        plan.fire().ifPresent(slot -> results.add(fire(schedule, slot, plan.trigger(), now, source)));
        schedule.advanceTo(plan.next().orElse(null), now);
        return results;
    }

    /**
     * One slot: skipped while the previous run is active (overlap) or the owner's tokens for today
     * are spent (budget), else an article ordered. A slot that already has its run is left alone.
     */
    public Fired fire(ScheduleEntity schedule, Instant slot, RunTrigger trigger, Instant now, String source) {
        Optional<SkipReason> policy = refusal(schedule);
        if (policy.isPresent()) {
            return skip(schedule, slot, trigger, policy.get(), now);
        }
        Optional<UUID> run = ScheduleRunEntity.claimSlot(schedule.id(), schedule.userId(), slot, now, trigger,
                RunOutcome.QUEUED, null);
        if (run.isEmpty()) {
            return new Fired(schedule.id(), slot, trigger, RunOutcome.QUEUED, Optional.empty(), run, Optional.empty());
        }
        ArticleEntity article = schedule.newArticle();
        article.persist();
        JobEntity job = orders.queueJob(article, source, Map.of("article_id", article.id.toString(),
                "schedule_id", schedule.id().toString(), "trigger", trigger.wireName()));
        JobEntity.flush();
        ScheduleRunEntity.ordered(run.get(), article.id, job.id());
        schedule.fired(now);
        return new Fired(schedule.id(), slot, trigger, RunOutcome.QUEUED, Optional.empty(), run, Optional.of(job.toStatusView()));
    }

    /** Why the schedule may not order an article now, if it may not. */
    public Optional<SkipReason> refusal(ScheduleEntity schedule) {
        if (ScheduleRunEntity.hasActive(schedule.id())) {
            return Optional.of(SkipReason.OVERLAP);
        }
        if (budget.isUsedUp(schedule.userId())) {
            return Optional.of(SkipReason.BUDGET);
        }
        return Optional.empty();
    }

    private static Fired skip(ScheduleEntity schedule, Instant slot, RunTrigger trigger, SkipReason reason, Instant now) {
        Optional<UUID> run = ScheduleRunEntity.claimSlot(schedule.id(), schedule.userId(), slot, now, trigger,
                RunOutcome.SKIPPED, reason);
        return new Fired(schedule.id(), slot, trigger, RunOutcome.SKIPPED, Optional.of(reason), run, Optional.empty());
    }
}
