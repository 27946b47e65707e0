package dev.opad.worker;

import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.schedule.RuleSpec;
import dev.opad.schedule.ScheduleEntity;
import dev.opad.schedule.ScheduleRunEntity;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Schedules written straight into Postgres the way the api creates them, made due by moving next_run_at. */
final class TestSchedules {

    static final RuleSpec DAILY = new RuleSpec("daily", "07:00", "Europe/Berlin", null, null, null);

    private TestSchedules() {
    }

    static ScheduleEntity create(UUID owner, List<String> topics, String theme, RuleSpec rule, int maxFailures) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ScheduleEntity schedule = ScheduleEntity.create(owner, new ScheduleEntity.Order("test series",
                    Language.ENGLISH, "B1", 200, topics, theme, null, null), rule, maxFailures, Instant.now());
            schedule.persist();
            return schedule;
        });
    }

    static ScheduleEntity withTopics(String... topics) {
        return create(RealInfrastructure.insertUser(), List.of(topics), null, DAILY, 3);
    }

    static ScheduleEntity withTheme(String theme) {
        return create(RealInfrastructure.insertUser(), null, theme, DAILY, 3);
    }

    /** Due at {@code at} (by the database's clock when null): what a slot's coming looks like to the scheduler. */
    static void dueAt(UUID schedule, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> ScheduleEntity.getEntityManager().createNativeQuery(
                        "update schedules set next_run_at = coalesce(cast(:at as timestamptz), now()) where id = :id")
                .setParameter("at", at == null ? null : java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
                .setParameter("id", schedule).executeUpdate());
    }

    static void dueNow(UUID schedule) {
        dueAt(schedule, null);
    }

    static ScheduleEntity load(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ScheduleEntity.findById(id));
    }

    /** The schedule's runs, oldest slot first. */
    static List<ScheduleRunEntity> runs(UUID schedule) {
        return QuarkusTransaction.requiringNew().call(() -> ScheduleRunEntity.<ScheduleRunEntity>list(
                "scheduleId = ?1 order by scheduledFor", schedule));
    }

    static JobEntity job(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.findById(id));
    }

    static ArticleEntity article(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ArticleEntity.findById(id));
    }

    /** Spends the user's whole daily budget, as if earlier model calls today had. */
    static void spendBudget(UUID owner, long tokens) {
        QuarkusTransaction.requiringNew().run(() -> {
            ArticleEntity article = ArticleEntity.request(owner, Language.ENGLISH, "B1", 200, "earlier spending");
            article.persist();
            JobEntity job = JobEntity.queuedFor(article);
            job.persist();
            JobEntity.flush();
            ScheduleEntity.getEntityManager().createNativeQuery("""
                    insert into model_usage (id, user_id, article_id, job_id, attempt, stage, provider, model,
                                             prompt_tokens, completion_tokens, total_tokens, created_at)
                    values (gen_random_uuid(), :user, :article, :job, 1, 'write', 'openai', 'gpt-test', 0, :tokens, :tokens, now())""")
                    .setParameter("user", owner).setParameter("article", article.id).setParameter("job", job.id())
                    .setParameter("tokens", (int) tokens).executeUpdate();
            // the job only carries the spending; it must not run
            ScheduleEntity.getEntityManager().createNativeQuery("update jobs set status = 'cancelled' where id = :job")
                    .setParameter("job", job.id()).executeUpdate();
        });
    }
}
