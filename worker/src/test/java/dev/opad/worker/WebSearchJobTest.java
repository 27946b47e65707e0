package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.article.ArticleEntity;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.storage.ArticleStorage;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.search.FakeTavilyResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A whole job with web search configured: the worker searches once and the stored article cites what it found. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(FakeTavilyResource.class)
class WebSearchJobTest {

    @Inject
    JobQueue queue;

    @Inject
    ArticleStorage storage;

    @Test
    void theStoredArticleCitesTheSearchResults() {
        JobEntity job = TestJobs.queued("web searched topic");
        queue.push(job.id());

        Waits.until("the job to complete", Duration.ofSeconds(20),
                () -> TestJobs.load(job.id()).status() == JobState.COMPLETED);
        String markdown = new String(storage.get(storageKey(job.articleId())).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(markdown.contains("Sources (web search): news.example.org (https://news.example.org/strom); "
                + "energy.example.net (https://energy.example.net/gas-storage)"), markdown);
        assertEquals(1, FakeTavilyResource.server().searches().stream()
                .filter(s -> s.path("query").asText().equals("web searched topic")).count());
    }

    private static String storageKey(UUID articleId) {
        return QuarkusTransaction.requiringNew().call(() -> ArticleEntity.<ArticleEntity>findById(articleId)).storageKey;
    }
}
