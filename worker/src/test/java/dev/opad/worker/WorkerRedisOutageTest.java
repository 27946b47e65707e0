package dev.opad.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worker survives a Redis outage: not ready while it lasts, taking jobs again once Redis is back. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class WorkerRedisOutageTest {

    @Inject
    JobQueue queue;

    @Test
    void isLiveButNotReadyWithoutRedisAndResumesAfterwards() {
        RealInfrastructure.redis().stop();
        try {
            long stoppedAt = System.nanoTime();
            Waits.until("worker readiness to report 503", Duration.ofSeconds(5),
                    () -> given().when().get("/q/health/ready").statusCode() == 503);
            assertTrue((System.nanoTime() - stoppedAt) / 1_000_000 < 5_000);
            given().when().get("/q/health/live").then().statusCode(200);
            given().when().get("/health").then().statusCode(503)
                    .body("services.redis.status", equalTo("DOWN"))
                    .body("services.database.status", equalTo("UP"));
        } finally {
            RealInfrastructure.redis().startAgain();
        }
        Waits.until("worker readiness to recover", Duration.ofSeconds(10),
                () -> given().when().get("/q/health/ready").statusCode() == 200);

        JobEntity job = QuarkusTransaction.requiringNew().call(() -> {
            ArticleEntity article = ArticleEntity.request(RealInfrastructure.insertUser(), Language.FRENCH, "A1", 120, "le pain");
            article.persist();
            JobEntity queued = JobEntity.queuedFor(article);
            queued.persist();
            return queued;
        });
        queue.push(job.id());
        Waits.until("a job after the outage to complete", Duration.ofSeconds(20),
                () -> QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findById(job.id()).status())
                        == JobState.COMPLETED);
    }
}
