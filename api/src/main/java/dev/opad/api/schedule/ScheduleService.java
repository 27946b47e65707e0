package dev.opad.api.schedule;

import dev.opad.api.article.SourceChecks;
import dev.opad.api.feed.FeedUrls;
import dev.opad.api.job.GenerationService;
import dev.opad.api.job.JobControl;
import dev.opad.api.limits.LimitsConfig;
import dev.opad.api.limits.RateLimiter;
import dev.opad.api.limits.TooManyRequestsProblem;
import dev.opad.api.problem.ConflictProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.api.problem.QueueUnavailableProblem;
import dev.opad.article.ArticleEntity;
import dev.opad.job.ArticleOrders;
import dev.opad.job.JobEntity;
import dev.opad.schedule.RunOutcome;
import dev.opad.schedule.RuleSpec;
import dev.opad.schedule.RunTrigger;
import dev.opad.schedule.ScheduleEntity;
import dev.opad.schedule.ScheduleFiring;
import dev.opad.schedule.ScheduleRunEntity;
import dev.opad.schedule.ScheduleStatus;
import dev.opad.schedule.SkipReason;
import dev.opad.usage.DailyBudget;
import dev.opad.webhook.WebhookOutbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What owners do with their schedules. Every change holds the schedule's row lock
 * ({@link ScheduleEntity#findOwnedForUpdate}); a stranger's id is a 404. Stopping the active run's job
 * happens after the schedule's transaction has committed, through {@link JobControl}, which locks the
 * job and then the schedule: holding the schedule while asking for the job would invert that order.
 */
@ApplicationScoped
public class ScheduleService {

    private static final Logger LOG = Logger.getLogger(ScheduleService.class);
    static final String PAUSED_BY_OWNER = "Paused by you";

    private final ScheduleConfig config;
    private final SourceChecks sources;
    private final ScheduleFiring firing;
    private final ArticleOrders orders;
    private final JobControl jobs;
    private final DailyBudget budget;
    private final RateLimiter limiter;
    private final LimitsConfig limits;
    private final FeedUrls feeds;

    public ScheduleService(ScheduleConfig config, SourceChecks sources, ScheduleFiring firing, ArticleOrders orders,
                           JobControl jobs, DailyBudget budget, RateLimiter limiter, LimitsConfig limits, FeedUrls feeds) {
        this.config = config;
        this.sources = sources;
        this.firing = firing;
        this.orders = orders;
        this.jobs = jobs;
        this.budget = budget;
        this.limiter = limiter;
        this.limits = limits;
        this.feeds = feeds;
    }

    /** A paused schedule, and the active run's job that was stopped with it, if asked to and it had one. */
    public record Paused(ScheduleView schedule, Optional<UUID> stoppedJob) {
    }

    /**
     * The source is checked first, outside the transaction (its DNS lookup may take seconds). The cap is
     * counted with the owner's user row locked, so concurrent creates cannot pass it together.
     */
    public ScheduleView create(UUID owner, CreateScheduleRequest request) {
        sources.check(request.sourceUrl(), request.sourceText());
        ScheduleFields fields = ScheduleFields.of(request);
        ScheduleEntity.Order order = fields.order();
        RuleSpec rule = fields.checkedRule(Instant.now());
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            lockUser(owner);
            int cap = config.maxPerUser();
            if (ScheduleEntity.countOwned(owner) >= cap) {
                throw new ConflictProblem("You already have " + cap + " schedules, the most one account may have;"
                        + " delete one first");
            }
            ScheduleEntity schedule = ScheduleEntity.create(owner, order, rule, fields.maxConsecutiveFailures(), now);
            schedule.persist();
            return ScheduleView.of(schedule, now, feeds);
        });
    }

    public ScheduleList list(UUID owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            return new ScheduleList(ScheduleEntity.<ScheduleEntity>find("userId = ?1 order by createdAt desc, id", owner)
                    .stream().map(schedule -> ScheduleView.of(schedule, now, feeds)).toList());
        });
    }

    public ScheduleView get(UUID owner, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ScheduleView.of(
                ScheduleEntity.findOwned(id, owner).orElseThrow(() -> notFound(id)), Instant.now(), feeds));
    }

    /** The change merged onto the current values and checked as a new schedule; the next run follows the new rule. */
    public ScheduleView change(UUID owner, UUID id, ChangeScheduleRequest change) {
        sources.check(change.sourceUrl(), change.sourceText());
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            ScheduleEntity schedule = lock(owner, id);
            ScheduleFields fields = ScheduleFields.merged(schedule, change);
            schedule.change(fields.order(), fields.checkedRule(now), fields.maxConsecutiveFailures(), now);
            return ScheduleView.of(schedule, now, feeds);
        });
    }

    /** A new URL for the schedule's Atom feed; the old one is not found from now on. */
    public ScheduleView rotateFeed(UUID owner, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            ScheduleEntity schedule = lock(owner, id);
            schedule.rotateFeedSecret(now);
            return ScheduleView.of(schedule, now, feeds);
        });
    }

    /**
     * Its runs go with it; the articles it ordered stay, no longer part of a series. Answers the active
     * run's job if it was asked to stop it and did.
     */
    public Optional<UUID> delete(UUID owner, UUID id, boolean cancelActive) {
        Optional<UUID> active = QuarkusTransaction.requiringNew().call(() -> {
            ScheduleEntity schedule = lock(owner, id);
            Optional<UUID> job = activeJob(schedule);
            schedule.delete();
            return job;
        });
        return cancelActive ? active.flatMap(job -> stop(owner, job, id, "deleted")) : Optional.empty();
    }

    /** An active schedule pauses; a paused one stays as it is (with its reason). */
    public Paused pause(UUID owner, UUID id, boolean cancelActive) {
        record Locked(ScheduleView view, Optional<UUID> activeJob) {
        }
        Locked locked = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            ScheduleEntity schedule = lock(owner, id);
            if (schedule.status() == ScheduleStatus.ACTIVE) {
                schedule.pause(PAUSED_BY_OWNER, now);
                WebhookOutbox.schedulePaused(schedule, WebhookOutbox.PausedBy.OWNER);
            }
            return new Locked(ScheduleView.of(schedule, now, feeds), activeJob(schedule));
        });
        return new Paused(locked.view(),
                cancelActive ? locked.activeJob().flatMap(job -> stop(owner, job, id, "paused")) : Optional.empty());
    }

    /** Active again with a fresh failure count; the slots passed while paused are not caught up. */
    public ScheduleView resume(UUID owner, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            ScheduleEntity schedule = lock(owner, id);
            schedule.resume(now);
            return ScheduleView.of(schedule, now, feeds);
        });
    }

    /**
     * Orders the schedule's next article now, through the scheduler's own firing path (same overlap and
     * budget policies), at the database's clock. A refusal persists nothing. After the commit the job
     * is pushed; if Redis cannot take it, the run, its article and job are removed again and the answer
     * is 503, so no run claims a job that no worker will see.
     */
    public RunView runNow(UUID owner, UUID id) {
        record Ordered(ScheduleFiring.Fired fired, JobEntity job, Instant previousLastRun) {
        }
        Ordered ordered = QuarkusTransaction.requiringNew().call(() -> {
            ScheduleEntity schedule = lock(owner, id);
            firing.refusal(schedule).ifPresent(reason -> refuse(schedule, reason));
            GenerationService.takeGenerationToken(limiter, limits, owner);
            Instant previousLastRun = schedule.lastRunAt();
            Instant now = databaseNow();
            ScheduleFiring.Fired fired = firing.fire(schedule, now, RunTrigger.MANUAL, now, GenerationService.SOURCE);
            // Both below roll the transaction back: nothing of a refused run stays.
            fired.skipped().ifPresent(reason -> refuse(schedule, reason));
            JobEntity job = fired.job().orElseThrow(() -> new ConflictProblem(
                    "Schedule " + id + " already has a run for this instant; try again"));
            return new Ordered(fired, job, previousLastRun);
        });
        JobEntity job = ordered.job();
        try {
            orders.push(job);
        } catch (RuntimeException redisDown) {
            withdraw(ordered.fired(), job, ordered.previousLastRun());
            throw new QueueUnavailableProblem(redisDown);
        }
        ScheduleFiring.Fired fired = ordered.fired();
        return new RunView(fired.runId().orElseThrow(), fired.slot(), fired.slot(), fired.trigger(), RunOutcome.QUEUED,
                null, job.id(), job.articleId(), null, null, null);
    }

    public RunList runs(UUID owner, UUID id, String limit) {
        int max = RecentLimit.parse(limit);
        return QuarkusTransaction.requiringNew().call(() -> {
            ScheduleEntity schedule = ScheduleEntity.findOwned(id, owner).orElseThrow(() -> notFound(id));
            return new RunList(ScheduleRunEntity.latest(schedule.id(), max).stream().map(RunView::of).toList());
        });
    }

    private void refuse(ScheduleEntity schedule, SkipReason reason) {
        switch (reason) {
            case OVERLAP -> throw new ConflictProblem("The previous run"
                    + activeJob(schedule).map(job -> " (job " + job + ")").orElse("")
                    + " is still active; wait for it or cancel it first");
            case BUDGET -> throw new TooManyRequestsProblem("Daily token budget of " + budget.budget()
                    + " tokens used up; it resets at midnight UTC", DailyBudget.untilReset());
            case MISSED -> throw new IllegalStateException("a run ordered now cannot be missed");
        }
    }

    /**
     * Cancels the job as its owner would, its event saying the schedule was paused or deleted; empty
     * when it ended on its own between the two transactions.
     */
    private Optional<UUID> stop(UUID owner, UUID jobId, UUID scheduleId, String what) {
        try {
            jobs.cancel(owner, false, jobId, Map.of("by", "user", "reason", "schedule " + what,
                    "schedule_id", scheduleId.toString()));
            return Optional.of(jobId);
        } catch (ConflictProblem finishedMeanwhile) {
            return Optional.empty();
        }
    }

    /** Locks in the order every job change takes them (job, then schedule), then removes run, job and article. */
    private static void withdraw(ScheduleFiring.Fired fired, JobEntity job, Instant previousLastRun) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                JobEntity.findByIdOptional(job.id(), LockModeType.PESSIMISTIC_WRITE);
                Optional<ScheduleEntity> schedule =
                        ScheduleEntity.findByIdOptional(fired.scheduleId(), LockModeType.PESSIMISTIC_WRITE);
                ScheduleRunEntity.delete("id", fired.runId().orElseThrow());
                JobEntity.delete("id", job.id());
                ArticleEntity.delete("id", job.articleId());
                schedule.ifPresent(s -> s.unfired(previousLastRun, Instant.now()));
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "run of schedule %s stays with job %s queued in Postgres only; the reconciler will push it",
                    fired.scheduleId(), job.id());
        }
    }

    private static Optional<UUID> activeJob(ScheduleEntity schedule) {
        return ScheduleRunEntity.activeFor(schedule.id()).map(ScheduleRunEntity::jobId);
    }

    private static void lockUser(UUID owner) {
        ScheduleEntity.getEntityManager().createNativeQuery("select id from users where id = :id for update")
                .setParameter("id", owner).getResultList();
    }

    /** The database's clock, which the scheduler's slots and the runs' times are read against. */
    private static Instant databaseNow() {
        Object now = ScheduleEntity.getEntityManager().createNativeQuery("select statement_timestamp()").getSingleResult();
        return switch (now) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("statement_timestamp() gave a " + now.getClass());
        };
    }

    private static ScheduleEntity lock(UUID owner, UUID id) {
        return ScheduleEntity.findOwnedForUpdate(id, owner).orElseThrow(() -> notFound(id));
    }

    private static NotFoundProblem notFound(UUID id) {
        return new NotFoundProblem("No schedule with id " + id);
    }
}
