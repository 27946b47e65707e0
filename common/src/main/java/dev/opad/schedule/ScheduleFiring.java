package dev.opad.schedule;

import dev.opad.article.ArticleEntity;
import dev.opad.job.ArticleOrders;
import dev.opad.job.JobEntity;
import dev.opad.usage.DailyBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Fires schedules' slots, in the caller's transaction and with the schedules' rows locked: the
 * worker's scheduler (a batch of due schedules) and the api's "run now" (one) both come here, so the
 * policies are the same for both. A batch costs a handful of statements, not a handful per schedule:
 * one question for the overlap policy, one for the budget, the runs in one insert whose
 * {@code ON CONFLICT DO NOTHING} says which slots are this caller's, then the articles, jobs and
 * events of the runs it won (batched by Hibernate at the flush).
 */
@ApplicationScoped
public class ScheduleFiring {

    /** What one slot came to; {@code job} is what to push to Redis after the commit ({@link ArticleOrders#push}). */
    public record Fired(UUID scheduleId, Instant slot, RunTrigger trigger, RunOutcome outcome,
                        Optional<SkipReason> skipped, Optional<UUID> runId, Optional<JobEntity> job) {

        /** False when another claim had already written this slot's run: nothing was done. */
        public boolean recorded() {
            return runId.isPresent();
        }
    }

    /** A slot to record: skipped for {@code reason}, or fired when the reason is null and the policies allow. */
    private record Slot(ScheduleEntity schedule, Instant at, RunTrigger trigger, SkipReason reason) {
    }

    /** A run about to be written, and for a fired one the article and job it orders once it is written. */
    private record Planned(Slot slot, ScheduleRunEntity.NewRun run, ArticleEntity article, JobEntity job) {
    }

    private final DailyBudget budget;
    private final ArticleOrders orders;

    public ScheduleFiring(DailyBudget budget, ArticleOrders orders) {
        this.budget = budget;
        this.orders = orders;
    }

    /**
     * The due slots of claimed schedules ({@link DuePlan}): for each, older slots recorded as missed,
     * the newest fired if it is recent enough, and {@code next_run_at} moved past now.
     */
    public List<Fired> fireDue(List<ScheduleEntity> schedules, Instant now, String source) {
        List<Slot> slots = new ArrayList<>();
        for (ScheduleEntity schedule : schedules) {
            DuePlan plan = DuePlan.of(schedule.timingRule(now), schedule.nextRunAt(), now);
            plan.missed().forEach(missed -> slots.add(new Slot(schedule, missed, RunTrigger.CATCH_UP, SkipReason.MISSED)));
            plan.fire().ifPresent(slot -> slots.add(new Slot(schedule, slot, plan.trigger(), null)));
            schedule.advanceTo(plan.next().orElse(null), now);
        }
        return record(slots, now, source);
    }

    /**
     * One slot: skipped while the previous run is active (overlap) or the owner's tokens for today
     * are spent (budget), else an article ordered. A slot that already has its run is left alone.
     */
    public Fired fire(ScheduleEntity schedule, Instant slot, RunTrigger trigger, Instant now, String source) {
        return record(List.of(new Slot(schedule, slot, trigger, null)), now, source).get(0);
    }

    /** Why the schedule may not order an article now, if it may not. */
    public Optional<SkipReason> refusal(ScheduleEntity schedule) {
        if (!ScheduleRunEntity.activeAmong(List.of(schedule.id())).isEmpty()) {
            return Optional.of(SkipReason.OVERLAP);
        }
        if (budget.isUsedUp(schedule.userId())) {
            return Optional.of(SkipReason.BUDGET);
        }
        return Optional.empty();
    }

    private List<Fired> record(List<Slot> slots, Instant now, String source) {
        List<Slot> firing = slots.stream().filter(slot -> slot.reason() == null).toList();
        Set<UUID> overlapping = ScheduleRunEntity.activeAmong(firing.stream().map(s -> s.schedule().id()).toList());
        Set<UUID> spent = budget.usedUpAmong(firing.stream().map(s -> s.schedule().userId()).collect(Collectors.toSet()));
        List<Planned> planned = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            SkipReason reason = slot.reason() != null ? slot.reason()
                    : overlapping.contains(slot.schedule().id()) ? SkipReason.OVERLAP
                    : spent.contains(slot.schedule().userId()) ? SkipReason.BUDGET : null;
            planned.add(plan(reason == slot.reason() ? slot : new Slot(slot.schedule(), slot.at(), slot.trigger(), reason), now));
        }
        Set<UUID> written = ScheduleRunEntity.claimSlots(planned.stream().map(Planned::run).toList());
        List<Fired> results = new ArrayList<>(planned.size());
        for (Planned p : planned) {
            boolean ours = written.contains(p.run().id());
            Optional<JobEntity> job = Optional.empty();
            if (ours && p.article() != null) {
                p.article().persist();
                orders.queue(p.job(), source, Map.of("article_id", p.article().id.toString(),
                        "schedule_id", p.slot().schedule().id().toString(), "trigger", p.slot().trigger().wireName()));
                p.slot().schedule().fired(now);
                job = Optional.of(p.job());
            }
            results.add(new Fired(p.slot().schedule().id(), p.slot().at(), p.slot().trigger(), p.run().outcome(),
                    Optional.ofNullable(p.slot().reason()), ours ? Optional.of(p.run().id()) : Optional.empty(), job));
        }
        return results;
    }

    /** The run for a slot, and for one that fires the article and job it will order (ids known, nothing saved yet). */
    private static Planned plan(Slot slot, Instant now) {
        ScheduleEntity schedule = slot.schedule();
        if (slot.reason() != null) {
            return new Planned(slot, new ScheduleRunEntity.NewRun(UUID.randomUUID(), schedule.id(), schedule.userId(),
                    slot.at(), now, slot.trigger(), slot.reason(), null, null), null, null);
        }
        ArticleEntity article = schedule.newArticle();
        JobEntity job = JobEntity.queuedFor(article);
        return new Planned(slot, new ScheduleRunEntity.NewRun(UUID.randomUUID(), schedule.id(), schedule.userId(),
                slot.at(), now, slot.trigger(), null, article.id, job.id()), article, job);
    }
}
