package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.api.job.stream.JobStatusStreams;
import dev.opad.api.job.stream.StreamConfig;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.queue.JobStatusCache;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /jobs/{id}/events/stream}: the current status at once, then each change a writer stores
 * (published by the status Lua itself), never an older one, closing after a finished state; Last-Event-ID
 * resumes; a stranger's job is a 404 problem like the status read; a burst of opens gets exactly the
 * user's limit, and every place comes back when its stream ends or its open fails.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class JobStreamTest {

    @Inject
    JobStatusCache cache;

    @Inject
    RedisDataSource redis;

    @Inject
    JobStatusStreams streams;

    @Inject
    StreamConfig config;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sendsTheCurrentStatusThenEveryChangeAndEndsAfterTheFinishedOne() throws Exception {
        TestUsers.User owner = TestUsers.register();
        UUID jobId = UUID.fromString(queueJob(owner));
        Stream stream = open(owner, jobId, null);
        assertEquals(200, stream.status);

        Event first = stream.next();
        assertEquals("0", first.id);
        assertEquals("status", first.name);
        assertTrue(first.data.contains("\"status\":\"queued\""), first.data);

        JobStatusView queued = cache.get(jobId).orElseThrow();
        cache.put(with(queued, JobState.RUNNING, 1, 30));
        // an older version published straight on the channel is not passed on
        redis.pubsub(String.class).publish("opad:job-status", cache.toJson(with(queued, JobState.RETRYING, 1, 31)));
        cache.put(with(queued, JobState.COMPLETED, 2, 100));

        Event running = stream.next();
        assertEquals("1", running.id);
        assertTrue(running.data.contains("\"progress\":30"), running.data);
        Event completed = stream.next();
        assertEquals("2", completed.id);
        assertTrue(completed.data.contains("\"status\":\"completed\""), completed.data);
        assertTrue(stream.ended(), "the stream ends after a finished state");
    }

    @Test
    void lastEventIdResumesWithOnlyNewerStatuses() throws Exception {
        TestUsers.User owner = TestUsers.register();
        UUID jobId = UUID.fromString(queueJob(owner));
        JobStatusView queued = cache.get(jobId).orElseThrow();
        cache.put(with(queued, JobState.RUNNING, 3, 40));

        Stream stream = open(owner, jobId, "3");
        cache.put(with(queued, JobState.RUNNING, 4, 60));
        Event next = stream.next();
        assertEquals("4", next.id, "version 3 was seen already; the first event is the next change");

        Stream finished = open(owner, jobId, null);
        assertEquals("4", finished.next().id);
        cache.put(with(queued, JobState.FAILED, 5, 60));
        assertEquals("5", finished.next().id);
        assertTrue(finished.ended());
        Stream afterTheEnd = open(owner, jobId, "5");
        assertTrue(afterTheEnd.ended(), "resuming a finished job's stream ends it at once");
    }

    @Test
    void aStrangersJobIsNotFoundAndABadLastEventIdIsRefused() {
        TestUsers.User owner = TestUsers.register();
        String jobId = queueJob(owner);
        TestUsers.register().given().accept("text/event-stream").when().get("/jobs/" + jobId + "/events/stream")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("No job with id " + jobId));
        owner.given().accept("text/event-stream").header("Last-Event-ID", "yesterday")
                .when().get("/jobs/" + jobId + "/events/stream")
                .then().statusCode(400).contentType("application/problem+json");
        io.restassured.RestAssured.given().accept("text/event-stream").when().get("/jobs/" + jobId + "/events/stream")
                .then().statusCode(401);
    }

    @Test
    void aBurstOfOpensGetsExactlyTheUsersLimitAndEveryPlaceComesBack() throws Exception {
        int limit = config.maxPerUser();
        int baseline = streams.openStreams();
        TestUsers.User user = TestUsers.register();
        String strangers = queueJob(TestUsers.register());
        // Opens that fail after admission (another user's job: 404), more of them than the user may hold.
        for (int i = 0; i < limit + 5; i++) {
            user.given().accept("text/event-stream").when().get("/jobs/" + strangers + "/events/stream")
                    .then().statusCode(404);
        }

        UUID jobId = UUID.fromString(queueJob(user));
        List<HttpResponse<InputStream>> first = burst(user, jobId, 2 * limit);
        List<Stream> open = acceptedOf(first, limit);
        assertTrue(streams.openStreams() <= baseline + limit, streams.openStreams() + " open, " + baseline + " before");

        JobStatusView queued = cache.get(jobId).orElseThrow();
        cache.put(with(queued, JobState.COMPLETED, 1, 100));
        for (Stream stream : open) {
            assertEquals("1", stream.next().id);
            assertTrue(stream.ended(), "the stream ends after a finished state");
        }
        Waits.until("the ended streams to give their places back", Duration.ofSeconds(10),
                () -> streams.openStreams() <= baseline);

        UUID next = UUID.fromString(queueJob(user));
        List<Stream> again = acceptedOf(burst(user, next, 2 * limit), limit);
        cache.put(with(cache.get(next).orElseThrow(), JobState.CANCELLED, 1, 0));
        for (Stream stream : again) {
            assertEquals("1", stream.next().id);
            assertTrue(stream.ended());
        }
    }

    /** {@code opens} streams of the job asked for at the same instant; their answers once each one's headers are in. */
    private List<HttpResponse<InputStream>> burst(TestUsers.User user, UUID jobId, int opens) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/events/stream"))
                .header("Authorization", "Bearer " + user.token()).header("Accept", "text/event-stream").build();
        List<CompletableFuture<HttpResponse<InputStream>>> answers = new ArrayList<>();
        for (int i = 0; i < opens; i++) {
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** Exactly {@code limit} answers are streams, the rest the 429 problem; answers the streams, reading. */
    private static List<Stream> acceptedOf(List<HttpResponse<InputStream>> answers, int limit) throws Exception {
        List<Stream> accepted = new ArrayList<>();
        int refused = 0;
        for (HttpResponse<InputStream> answer : answers) {
            if (answer.statusCode() == 200) {
                accepted.add(new Stream(200, answer.body()));
                continue;
            }
            assertEquals(429, answer.statusCode());
            String type = answer.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("application/problem+json"), type);
            assertEquals("5", answer.headers().firstValue("Retry-After").orElse(""));
            try (InputStream body = answer.body()) {
                String problem = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(problem.contains("You have " + limit + " live job streams open"), problem);
            }
            refused++;
        }
        assertEquals(limit, accepted.size(), "streams opened of " + answers.size() + " asked for at once");
        assertEquals(answers.size() - limit, refused);
        for (Stream stream : accepted) {
            assertEquals("0", stream.next().id, "each opened stream sends the current status");
        }
        return accepted;
    }

    private static JobStatusView with(JobStatusView v, JobState state, long version, int progress) {
        return new JobStatusView(v.id(), v.articleId(), v.userId(), state, progress, v.stage(), v.message(), v.error(),
                v.attempt(), v.maxAttempts(), v.nextAttemptAt(), version, v.createdAt(), Instant.now());
    }

    private Stream open(TestUsers.User user, UUID jobId, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/events/stream"))
                .header("Authorization", "Bearer " + user.token()).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Stream(response.statusCode(), response.body());
    }

    private static String queueJob(TestUsers.User owner) {
        String articleId = ArticleResourceTest.createArticle(owner, ArticleResourceTest.GERMAN_B1);
        return owner.given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");
    }

    record Event(String id, String name, String data) {
    }

    /** Reads the event stream on a thread of its own, event by event; {@code null} marks its end. */
    static final class Stream {
        private static final Event END = new Event(null, null, null);
        final int status;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        Stream(int status, InputStream body) {
            this.status = status;
            Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    List<String> block = new ArrayList<>();
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.isEmpty()) {
                            block.add(line);
                        } else {
                            parse(block);
                            block.clear();
                        }
                    }
                } catch (Exception ignored) {
                    // the stream was cut: the end below says so
                } finally {
                    events.add(END);
                }
            });
        }

        private void parse(List<String> block) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line : block) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).strip());
                }
            }
            if (data != null) {
                events.add(new Event(id, name, data.toString()));
            }
        }

        Event next() throws InterruptedException {
            Event event = events.poll(10, TimeUnit.SECONDS);
            assertTrue(event != null && event != END, "an event within 10 s, got " + event);
            return event;
        }

        boolean ended() throws InterruptedException {
            return events.poll(10, TimeUnit.SECONDS) == END;
        }
    }
}
