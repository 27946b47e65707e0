package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.client.ApiClient;
import dev.opad.client.ApiException;
import dev.opad.client.api.ArticleResourceApi;
import dev.opad.client.api.AuthResourceApi;
import dev.opad.client.api.JobResourceApi;
import dev.opad.client.model.ArticleStatus;
import dev.opad.client.model.ArticleView;
import dev.opad.client.model.CreateArticleRequest;
import dev.opad.client.model.CreateTokenRequest;
import dev.opad.client.model.GenerateResponse;
import dev.opad.client.model.JobState;
import dev.opad.client.model.JobStatusView;
import dev.opad.client.model.LoginRequest;
import dev.opad.client.model.RegisterRequest;
import dev.opad.testing.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's script flow ("Using the api with curl": register, log in, make an API token,
 * create, generate, follow, read, cancel) with a Java client generated from the OpenAPI document
 * the api's build wrote, against the packaged api and worker. A client generated from a document
 * that says 200 where the api answers 201 or 202, or that does not know the problem bodies, fails
 * here — that is what scripts would meet.
 */
class ScriptClientIT {

    private static final String PASSWORD = "a long passphrase";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static OpadSystem system;
    private static ArticleResourceApi articles;
    private static JobResourceApi jobs;

    @BeforeAll
    static void startTheSystemAndLogIn() throws ApiException {
        // Slow enough that a job can still be cancelled while it runs, fast enough for the suite.
        system = new OpadSystem(Map.of("OPAD_DEMO_DELAY", "300ms"));
        system.startWorker();
        String baseUrl = system.api().baseUrl();

        // 1. an account, a login, and an API token for scripts
        AuthResourceApi auth = new AuthResourceApi(client(baseUrl, null));
        String email = "script-" + UUID.randomUUID() + "@example.org";
        auth.authRegisterPost(new RegisterRequest().email(email).password(PASSWORD).name("Ana"));
        String jwt = auth.authLoginPost(new LoginRequest().email(email).password(PASSWORD)).getAccessToken();
        String token = new AuthResourceApi(client(baseUrl, jwt))
                .authTokensPost(new CreateTokenRequest().name("my script").expiresInDays(90)).getToken();
        assertTrue(token.startsWith("opad_"), token);

        ApiClient scripted = client(baseUrl, token);
        articles = new ArticleResourceApi(scripted);
        jobs = new JobResourceApi(scripted);
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void createsGeneratesFollowsAndReadsAnArticle() throws ApiException, IOException {
        // 2. ask for an article
        ArticleView article = articles.articlesPost(germanB1("energy prices"), null);
        assertEquals(ArticleStatus.PENDING, article.getStatus());

        // 3. have it written: 202 with where to follow the job
        GenerateResponse queued = articles.articlesIdGeneratePost(article.getId(), null, null);
        assertEquals(JobState.QUEUED, queued.getStatus());
        assertEquals("/jobs/" + queued.getJobId(), queued.getStatusUrl());

        // 4. follow the job
        Waits.until("job " + queued.getJobId() + " to complete", DEADLINE,
                () -> status(queued.getJobId()).getStatus() == JobState.COMPLETED);

        // 5. read it
        ArticleView done = articles.articlesIdGet(article.getId());
        assertEquals(ArticleStatus.COMPLETED, done.getStatus());
        String markdown = Files.readString(articles.articlesIdContentGet(article.getId()).toPath());
        assertTrue(markdown.startsWith("# "), markdown);
    }

    @Test
    void cancelsAJobItStarted() throws ApiException {
        ArticleView article = articles.articlesPost(germanB1("a job to cancel"), null);
        GenerateResponse queued = articles.articlesIdGeneratePost(article.getId(), null, null);

        // 200 when it was still waiting, 202 when its worker was told to stop: both are the job's status
        JobStatusView cancelling = jobs.jobsIdCancelPost(queued.getJobId());
        assertEquals(queued.getJobId(), cancelling.getId());

        Waits.until("job " + queued.getJobId() + " to be cancelled", DEADLINE,
                () -> status(queued.getJobId()).getStatus() == JobState.CANCELLED);
    }

    @Test
    void refusalsArriveAsProblemsTheClientCanRead() throws ApiException {
        ArticleView article = articles.articlesPost(germanB1("twice"), null);
        articles.articlesIdGeneratePost(article.getId(), null, null);

        ApiException busy = assertThrows(ApiException.class, () -> articles.articlesIdGeneratePost(article.getId(), null, null));
        assertEquals(409, busy.getCode());
        assertProblem(busy);

        ApiException unknown = assertThrows(ApiException.class,
                () -> articles.articlesIdGeneratePost(UUID.randomUUID(), null, null));
        assertEquals(404, unknown.getCode());
        assertProblem(unknown);
    }

    private static void assertProblem(ApiException refusal) {
        assertEquals("application/problem+json",
                refusal.getResponseHeaders().firstValue("Content-Type").orElse(""));
        assertTrue(refusal.getResponseBody().contains("\"status\":" + refusal.getCode()), refusal.getResponseBody());
    }

    private static JobStatusView status(UUID jobId) {
        try {
            return jobs.jobsIdGet(jobId);
        } catch (ApiException e) {
            throw new AssertionError("GET /jobs/" + jobId + " answered " + e.getCode() + ": " + e.getResponseBody(), e);
        }
    }

    private static CreateArticleRequest germanB1(String topic) {
        return new CreateArticleRequest().language("German").level("B1").length(400).topic(topic);
    }

    private static ApiClient client(String baseUrl, String bearer) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        if (bearer != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
        }
        return client;
    }
}
