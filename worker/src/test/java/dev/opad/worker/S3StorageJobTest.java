package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.article.ArticleEntity;
import dev.opad.article.ArticleStatus;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.RealS3;
import dev.opad.testing.Waits;
import dev.opad.worker.job.ArticlePublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Whole jobs against a real S3-compatible server (s3proxy), as with Cloudflare R2 or MinIO. */
@QuarkusTest
@TestProfile(S3StorageJobTest.QuickRetries.class)
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealS3.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3StorageJobTest {

    public static class QuickRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.worker.retry.base", "100ms", "opad.worker.retry.cap", "300ms");
        }
    }

    @Inject
    JobQueue queue;

    @Test
    @Order(1)
    void aCompletedJobHasBothObjectsInTheBucketWithTheirContentTypes() {
        JobEntity job = TestJobs.queued("stored in a bucket");
        queue.push(job.id());
        Waits.until("the job to complete", Duration.ofSeconds(20), () -> TestJobs.load(job.id()).status() == JobState.COMPLETED);

        HeadObjectResponse markdown = head(ArticlePublisher.markdownKey(job.articleId(), job.id(), 1));
        HeadObjectResponse manifest = head(ArticlePublisher.manifestKey(job.articleId(), job.id(), 1));
        assertEquals("text/markdown; charset=utf-8", markdown.contentType());
        assertEquals("application/json", manifest.contentType());
        assertTrue(markdown.contentLength() > 500, "the article is there: " + markdown.contentLength() + " bytes");
        assertEquals(ArticlePublisher.markdownKey(job.articleId(), job.id(), 1),
                QuarkusTransaction.requiringNew().call(() -> ArticleEntity.<ArticleEntity>findById(job.articleId())).storageKey);
    }

    @Test
    @Order(2)
    void anUploadThatFailsNeverCompletesTheJob() throws Exception {
        RealS3.server().stop();
        JobEntity job = TestJobs.queued("storage is down");
        queue.push(job.id());

        Waits.until("the job to give up", Duration.ofSeconds(30), () -> TestJobs.load(job.id()).status() == JobState.FAILED);
        JobEntity failed = TestJobs.load(job.id());
        assertEquals(3, failed.attempt(), "storage failures are transient and were retried");
        assertTrue(failed.error().contains("storage"), failed.error());
        ArticleEntity article = QuarkusTransaction.requiringNew().call(() -> ArticleEntity.findById(job.articleId()));
        assertNotEquals(ArticleStatus.COMPLETED, article.status());
        assertEquals(null, article.storageKey);
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from job_events where job_id = '" + job.id() + "' and type = 'job.completed'"));
    }

    private static HeadObjectResponse head(String key) {
        return RealS3.server().client().headObject(b -> b.bucket(RealS3.bucket()).key(key));
    }
}
