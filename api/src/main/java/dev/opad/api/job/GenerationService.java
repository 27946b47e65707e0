package dev.opad.api.job;

import dev.opad.api.problem.ConflictProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.api.problem.QueueUnavailableProblem;
import dev.opad.api.webhook.WebhookUrlChecks;
import dev.opad.article.ArticleEntity;
import dev.opad.job.ArticleOrders;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.api.limits.LimitsConfig;
import dev.opad.api.limits.RateLimiter;
import dev.opad.api.limits.TooManyRequestsProblem;
import dev.opad.usage.DailyBudget;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts a generation request. Order matters: the job row is committed in Postgres first, then
 * its id is pushed to Redis. If the push fails the row is removed again, so no queued job exists
 * that no worker will ever see; if even that removal fails, the row stays queued in Postgres,
 * the durable record from which the queue can be rebuilt.
 */
@ApplicationScoped
public class GenerationService {

    private static final Logger LOG = Logger.getLogger(GenerationService.class);
    /** The source of the events the api records. */
    public static final String SOURCE = "opad-api";

    private final ArticleOrders orders;
    private final RateLimiter limiter;
    private final LimitsConfig limits;
    private final DailyBudget budget;
    private final WebhookUrlChecks urls;

    public GenerationService(ArticleOrders orders, RateLimiter limiter, LimitsConfig limits,
                             DailyBudget budget, WebhookUrlChecks urls) {
        this.budget = budget;
        this.urls = urls;
        this.orders = orders;
        this.limiter = limiter;
        this.limits = limits;
    }

    /**
     * Every generation spends model tokens, so each user gets a bucket of them per hour. A token is
     * taken only once every other check has passed (budget, article, no active job), so a refused
     * request does not use up the limit. An optional one-off webhook for the job's end ({@code callbackUrl}, null
     * for none) is checked first, outside the transaction (the check may wait for DNS), and the callback secret
     * that will sign it must exist.
     */
    public GenerateResponse generate(UUID owner, UUID articleId, String callbackUrl) {
        String callback = callbackUrl == null || callbackUrl.isBlank() ? null : urls.checked("callback_url", callbackUrl);
        JobEntity job = commitQueuedJob(owner, articleId, callback);
        try {
            orders.push(job); // the id and its first status, in one script
        } catch (RuntimeException redisDown) {
            withdraw(job.id());
            throw new QueueUnavailableProblem(redisDown);
        }
        return new GenerateResponse(job.id(), articleId, job.status(), "/jobs/" + job.id());
    }

    private JobEntity commitQueuedJob(UUID owner, UUID articleId, String callbackUrl) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (callbackUrl != null) {
                    WebhookUrlChecks.requireCallbackSecret(owner);
                }
                // The budget read shares the transaction that queues the job: one commit per request.
                if (budget.isUsedUp(owner)) {
                    throw new TooManyRequestsProblem("Daily token budget of " + budget.budget()
                            + " tokens used up; it resets at midnight UTC", DailyBudget.untilReset());
                }
                ArticleEntity article = ArticleEntity.findOwned(articleId, owner)
                        .orElseThrow(() -> NotFoundProblem.article(articleId));
                rejectIfActive(articleId);
                takeGenerationToken(limiter, limits, owner);
                JobEntity job = JobEntity.queuedFor(article);
                if (callbackUrl != null) {
                    job.callBackAt(callbackUrl);
                }
                orders.queue(job, SOURCE, Map.of("article_id", articleId.toString()));
                JobEntity.flush(); // the active-job index answers here, inside the catch below
                return job;
            });
        } catch (PersistenceException raceLost) {
            if (!ActiveJobConflict.isRefusal(raceLost)) {
                throw raceLost;
            }
            // Two requests passed the check at once; the partial unique index let only one in.
            rejectIfActive(articleId);
            throw new ConflictProblem("Article " + articleId + " already has an active job; follow it, or cancel it first");
        }
    }

    /** One token of the user's hourly generation limit; taken last, just before a job is queued. */
    public static void takeGenerationToken(RateLimiter limiter, LimitsConfig limits, UUID owner) {
        limiter.take("generate", owner.toString(), limits.generatePerHour(), Duration.ofHours(1),
                "Generation limit of " + limits.generatePerHour() + " per hour reached");
    }

    private static void rejectIfActive(UUID articleId) {
        List<JobEntity> active = QuarkusTransaction.joiningExisting().call(() -> JobEntity.<JobEntity>find(
                "articleId = :article and status in :active",
                Parameters.with("article", articleId).and("active", JobState.active())).list());
        if (!active.isEmpty()) {
            JobEntity job = active.get(0);
            throw new ConflictProblem("Article " + articleId + " already has an active job " + job.id()
                    + " (" + job.status().wireName() + "); follow it at /jobs/" + job.id());
        }
    }

    private static void withdraw(UUID jobId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> JobEntity.deleteById(jobId));
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s stays queued in Postgres without a Redis entry", jobId);
        }
    }
}
