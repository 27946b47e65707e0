package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IdempotencyTest {

    private static final String HEADER = "Idempotency-Key";
    private static final String GERMAN_B1 = ArticleResourceTest.GERMAN_B1;
    /** The same request as {@link #GERMAN_B1}, written differently: other key order and spacing. */
    private static final String GERMAN_B1_REFORMATTED = """
            { "topic" : "energy prices",  "length" : 400,
              "level" : "B1", "language" : "German" }""";

    @Test
    void aRetriedCreateGetsTheFirstAnswerAndCreatesNothing() {
        TestUsers.User user = TestUsers.register();
        String key = newKey();

        var first = create(user, key, GERMAN_B1).then().statusCode(201).extract();
        var retry = create(user, key, GERMAN_B1_REFORMATTED).then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract();

        assertEquals(first.asString(), retry.asString(), "same body");
        assertEquals(first.header("Location"), retry.header("Location"), "same Location");
        assertTrue(first.header("Location").endsWith("/articles/" + first.path("id")), first.header("Location"));
        assertNull(first.header("Idempotent-Replayed"), "the first answer is not a replay");
        assertEquals(1, articlesOf(user));
    }

    @Test
    void aRetriedGenerateGetsTheSameJobAndQueuesNoOther() {
        TestUsers.User user = TestUsers.register();
        String article = ArticleResourceTest.createArticle(user, GERMAN_B1);
        String key = newKey();

        var first = generate(user, key, article).then().statusCode(202).extract();
        var retry = generate(user, key, article).then().statusCode(202).extract();

        assertEquals(first.asString(), retry.asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertTrue(first.header("Location").endsWith("/jobs/" + first.path("job_id")), first.header("Location"));
        assertEquals(1, jobsOf(article));
    }

    @Test
    void theSameKeyForAnotherRequestIsUnprocessable() {
        TestUsers.User user = TestUsers.register();
        String key = newKey();
        create(user, key, GERMAN_B1).then().statusCode(201);

        create(user, key, GERMAN_B1.replace("energy prices", "rain"))
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/idempotency-key-reused"))
                .body("detail", containsString("different request"));
        String article = ArticleResourceTest.createArticle(user, GERMAN_B1);
        generate(user, key, article).then().statusCode(422).contentType("application/problem+json");
        assertEquals(2, articlesOf(user), "the refused create made nothing");
        assertEquals(0, jobsOf(article), "the refused generate queued nothing");

        String other = ArticleResourceTest.createArticle(user, GERMAN_B1);
        String generateKey = newKey();
        generate(user, generateKey, article).then().statusCode(202);
        generate(user, generateKey, other).then().statusCode(422);
        assertEquals(0, jobsOf(other), "the key of one article's generation does not start another's");
    }

    @Test
    void eachUserHasTheirOwnKeys() {
        TestUsers.User ana = TestUsers.register();
        TestUsers.User ben = TestUsers.register();
        String key = newKey();

        String anas = create(ana, key, GERMAN_B1).then().statusCode(201).extract().path("id");
        String bens = create(ben, key, GERMAN_B1).then().statusCode(201).extract().path("id");

        assertNotEquals(anas, bens);
        assertEquals(1, articlesOf(ana));
        assertEquals(1, articlesOf(ben));
    }

    /**
     * Fifty is more than the hourly generation limit (30), so every 202 here also shows that a
     * replay does not spend the rate limit.
     */
    @Test
    void fiftyConcurrentGeneratesWithOneKeyQueueExactlyOneJob() throws Exception {
        TestUsers.User user = TestUsers.register();
        String article = ArticleResourceTest.createArticle(user, GERMAN_B1);
        String key = newKey();
        int requests = 50;
        var start = new CountDownLatch(1);
        List<ExtractableResponse<Response>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(requests)) {
            List<Future<ExtractableResponse<Response>>> pending = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return generate(user, key, article).then().extract();
                }));
            }
            start.countDown();
            for (var answer : pending) {
                answers.add(answer.get());
            }
        }

        List<Integer> codes = answers.stream().map(ExtractableResponse::statusCode).toList();
        assertTrue(codes.stream().allMatch(code -> code == 202), "codes " + codes);
        Set<String> bodies = answers.stream().map(ExtractableResponse::asString).collect(Collectors.toSet());
        assertEquals(1, bodies.size(), "one answer for all: " + bodies);
        Set<String> jobIds = answers.stream().map(a -> a.<String>path("job_id")).collect(Collectors.toSet());
        assertEquals(1, jobIds.size(), "job ids " + jobIds);
        assertEquals(1, jobsOf(article));
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where user_id = '" + user.id() + "'"));
    }

    @Test
    void aRefusedFirstAttemptLeavesTheKeyFree() {
        TestUsers.User user = TestUsers.register();
        String key = newKey();

        create(user, key, GERMAN_B1.replace("B1", "Z9")).then().statusCode(400);
        String id = create(user, key, GERMAN_B1).then().statusCode(201).extract().path("id");
        create(user, key, GERMAN_B1).then().statusCode(201).body("id", equalTo(id));
        assertEquals(1, articlesOf(user));
    }

    /** The service itself refuses (409, an active job): the answer is not kept, and a retry does the work. */
    @Test
    void aFailedFirstGenerateIsNotReplayed() {
        TestUsers.User user = TestUsers.register();
        String article = ArticleResourceTest.createArticle(user, GERMAN_B1);
        String active = user.given().when().post("/articles/" + article + "/generate")
                .then().statusCode(202).extract().path("job_id");
        String key = newKey();

        generate(user, key, article).then().statusCode(409).contentType("application/problem+json");
        assertEquals(0, keysOf(user), "a failed request keeps no key");

        RealInfrastructure.database().execute("update jobs set status = 'failed', finished_at = now()"
                + " where id = '" + active + "'");
        String retried = generate(user, key, article).then().statusCode(202).extract().path("job_id");
        assertNotEquals(active, retried);
        generate(user, key, article).then().statusCode(202).body("job_id", equalTo(retried));
        assertEquals(2, jobsOf(article));
    }

    @Test
    void invalidKeysAreRefused() {
        TestUsers.User user = TestUsers.register();
        for (String key : List.of("k".repeat(256), "clé-" + UUID.randomUUID(), "tab\tinside")) {
            create(user, key, GERMAN_B1)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(HEADER))
                    .body("errors[0].message", containsString("printable ASCII"));
        }
        String article = ArticleResourceTest.createArticle(user, GERMAN_B1);
        generate(user, "k".repeat(256), article).then().statusCode(400).body("errors[0].field", equalTo(HEADER));
        assertEquals(0, jobsOf(article));
        assertEquals(1, articlesOf(user), "only the keyless create made an article");

        String longest = "k".repeat(255);
        create(user, longest, GERMAN_B1).then().statusCode(201);
        create(user, "a key with spaces and !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", GERMAN_B1).then().statusCode(201);
    }

    @Test
    void withoutTheHeaderEveryRequestIsNew() {
        TestUsers.User user = TestUsers.register();
        String first = ArticleResourceTest.createArticle(user, GERMAN_B1);
        String second = ArticleResourceTest.createArticle(user, GERMAN_B1);
        assertNotEquals(first, second);
        // An empty value is dropped by the HTTP layer before the api sees it: as good as no header.
        create(user, "", GERMAN_B1).then().statusCode(201);
        create(user, "", GERMAN_B1).then().statusCode(201);
        assertEquals(4, articlesOf(user));
        assertEquals(0, keysOf(user));
    }

    /**
     * A request still in progress is simulated by turning a finished row back to in progress: a
     * second request waits about 10 s for its answer, then gives up with 409. A minute later the
     * claim counts as abandoned (its request died) and the next request does the work itself.
     */
    @Test
    void aKeyStillInProgressIsWaitedForThenConflictsAndIsTakenOverOnceAbandoned() {
        TestUsers.User user = TestUsers.register();
        String key = newKey();
        String first = create(user, key, GERMAN_B1).then().statusCode(201).extract().path("id");
        RealInfrastructure.database().execute("update idempotency_keys set status = 'in_progress'"
                + " where user_id = '" + user.id() + "'");

        long started = System.nanoTime();
        create(user, key, GERMAN_B1).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("still in progress"));
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMs >= 9_000, "waited only " + waitedMs + " ms");
        assertEquals(1, articlesOf(user));

        RealInfrastructure.database().execute("update idempotency_keys set created_at = now() - interval '2 minutes'"
                + " where user_id = '" + user.id() + "'");
        String second = create(user, key, GERMAN_B1).then().statusCode(201).extract().path("id");
        assertNotEquals(first, second);
        create(user, key, GERMAN_B1).then().statusCode(201).body("id", equalTo(second));
        assertEquals(2, articlesOf(user));
    }

    @Test
    void aKeyOlderThanADayIsForgotten() {
        TestUsers.User user = TestUsers.register();
        String key = newKey();
        create(user, key, GERMAN_B1).then().statusCode(201);
        RealInfrastructure.database().execute("update idempotency_keys set created_at = now() - interval '25 hours'"
                + " where user_id = '" + user.id() + "'");
        String stale = newKey();
        create(user, stale, GERMAN_B1).then().statusCode(201);
        RealInfrastructure.database().execute("update idempotency_keys set created_at = now() - interval '25 hours'"
                + " where user_id = '" + user.id() + "' and key = '" + stale + "'");

        create(user, key, GERMAN_B1.replace("energy prices", "rain")).then().statusCode(201)
                .body("topic", equalTo("rain"));
        assertEquals(3, articlesOf(user));
        assertEquals(1, keysOf(user), "the expired key was deleted, the reused one stored afresh");
    }

    private static Response create(TestUsers.User user, String key, String body) {
        return user.given().header(HEADER, key).contentType(ContentType.JSON).body(body).when().post("/articles");
    }

    private static Response generate(TestUsers.User user, String key, String article) {
        return user.given().header(HEADER, key).when().post("/articles/" + article + "/generate");
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private static long articlesOf(TestUsers.User user) {
        return RealInfrastructure.database().count("select count(*) from articles where user_id = '" + user.id() + "'");
    }

    private static long jobsOf(String article) {
        return RealInfrastructure.database().count("select count(*) from jobs where article_id = '" + article + "'");
    }

    private static long keysOf(TestUsers.User user) {
        return RealInfrastructure.database().count(
                "select count(*) from idempotency_keys where user_id = '" + user.id() + "'");
    }
}
