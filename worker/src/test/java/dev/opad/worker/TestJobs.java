package dev.opad.worker;

import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.job.JobEventEntity;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.List;
import java.util.UUID;

/** Jobs written straight into Postgres the way the api creates them, and read back for assertions. */
final class TestJobs {

    private TestJobs() {
    }

    /** A queued job for a new article on {@code topic}; not pushed to Redis. */
    static JobEntity queued(String topic) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ArticleEntity article = ArticleEntity.request(RealInfrastructure.insertUser(), Language.ENGLISH, "B1", 200, topic);
            article.persist();
            JobEntity job = JobEntity.queuedFor(article);
            job.persist();
            return job;
        });
    }

    static JobEntity load(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.findById(id));
    }

    static ArticleEntity article(UUID articleId) {
        return QuarkusTransaction.requiringNew().call(() -> ArticleEntity.findById(articleId));
    }

    /** The job's history, oldest first. */
    static List<JobEventEntity> events(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> JobEventEntity.<JobEventEntity>list(
                "jobId = ?1 order by occurredAt", id));
    }

    static List<String> eventTypes(UUID id) {
        return events(id).stream().map(event -> event.type).toList();
    }

    static long count(List<String> types, String type) {
        return types.stream().filter(type::equals).count();
    }

    /** Model calls the fake received for this job, told apart by the topic every stage's prompt names. */
    static List<FakeOpenAiServer.Received> callsAbout(FakeOpenAiServer fake, String topic) {
        return fake.received().stream().filter(call -> names(call, topic)).toList();
    }

    static boolean names(FakeOpenAiServer.Received call, String topic) {
        return call.lastUserMessage().lines().anyMatch(line -> line.equals("Topic: " + topic));
    }
}
