package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schedules as their owners use them: create, read, change, pause, run now, delete, and the runs and
 * activity they leave. No worker runs here, so a job a run orders stays queued unless a test moves it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ScheduleResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String DAILY = """
            {"name": "Morning German", "language": "German", "level": "B1", "length": 400,
             "topics": ["energy prices", "trains"],
             "rule": {"frequency": "daily", "time": "07:00", "timezone": "Europe/Berlin"}}""";

    static String createSchedule(TestUsers.User owner, String body) {
        return owner.given().contentType(ContentType.JSON).body(body)
                .when().post("/schedules")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void createsReadsListsAndDeletesASchedule() {
        TestUsers.User user = TestUsers.register();
        ExtractableResponse<Response> created = user.given().contentType(ContentType.JSON).body(DAILY)
                .when().post("/schedules")
                .then().statusCode(201)
                .body("name", equalTo("Morning German"))
                .body("language", equalTo("German"))
                .body("level", equalTo("B1"))
                .body("length", equalTo(400))
                .body("topics", equalTo(List.of("energy prices", "trains")))
                .body("theme", nullValue())
                .body("source_url", nullValue())
                .body("rule.frequency", equalTo("daily"))
                .body("rule.time", equalTo("07:00"))
                .body("rule.timezone", equalTo("Europe/Berlin"))
                .body("description", equalTo("every day at 07:00 (Europe/Berlin)"))
                .body("status", equalTo("active"))
                .body("paused_reason", nullValue())
                .body("max_consecutive_failures", equalTo(3))
                .body("consecutive_failures", equalTo(0))
                .body("next_run_at", notNullValue())
                .body("last_run_at", nullValue())
                .body("total_runs", equalTo(0))
                .extract();
        String id = created.path("id");
        assertEquals("/schedules/" + id, created.header("Location"));

        user.given().when().get("/schedules/" + id).then().statusCode(200).body(equalTo(created.asString()));
        String second = createSchedule(user, DAILY.replace("Morning German", "Evening German"));
        user.given().when().get("/schedules").then().statusCode(200)
                .body("items.id", equalTo(List.of(second, id)));

        user.given().when().delete("/schedules/" + id).then().statusCode(204);
        user.given().when().get("/schedules/" + id).then().statusCode(404).contentType("application/problem+json");
        user.given().when().get("/schedules").then().body("items.id", equalTo(List.of(second)));
    }

    @Test
    void aThemeAndAMonthlyRuleKeepTheirWireForm() {
        TestUsers.User user = TestUsers.register();
        user.given().contentType(ContentType.JSON).body("""
                {"name": "Month end", "language": "es", "level": "a2", "length": 300, "theme": "  la ciudad  ",
                 "rule": {"frequency": "monthly", "day_of_month": 31, "time": "07:00", "timezone": "Asia/Seoul"},
                 "source_text": "Texto de base.", "max_consecutive_failures": 5}""")
                .when().post("/schedules")
                .then().statusCode(201)
                .body("language", equalTo("Spanish"))
                .body("level", equalTo("A2"))
                .body("topics", nullValue())
                .body("theme", equalTo("la ciudad"))
                .body("source_text", equalTo("Texto de base."))
                .body("rule.day_of_month", equalTo(31))
                .body("rule", not(org.hamcrest.Matchers.hasKey("cron")))
                .body("max_consecutive_failures", equalTo(5));
        user.given().contentType(ContentType.JSON).body(DAILY.replace(
                        "\"frequency\": \"daily\"", "\"frequency\": \"monthly\", \"day_of_month\": \"last\""))
                .when().post("/schedules")
                .then().statusCode(201)
                .body("rule.day_of_month", equalTo("last"));
    }

    @Test
    void aChangeIsMergedOntoTheScheduleAndMovesItsNextRun() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        String nextRun = user.given().when().get("/schedules/" + id).then().extract().path("next_run_at");

        user.given().contentType(ContentType.JSON).body("""
                {"rule": {"frequency": "weekly", "day_of_week": "sunday", "time": "09:30", "timezone": "UTC"},
                 "theme": "the sea", "length": 600}""")
                .when().patch("/schedules/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Morning German"))
                .body("length", equalTo(600))
                .body("theme", equalTo("the sea"))
                .body("topics", nullValue())
                .body("description", equalTo("every Sunday at 09:30 (UTC)"))
                .body("next_run_at", not(equalTo(nextRun)))
                .body("next_run_at", org.hamcrest.Matchers.endsWith("09:30:00Z"));

        user.given().contentType(ContentType.JSON).body("{\"name\": \"Sunday sea\"}")
                .when().patch("/schedules/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Sunday sea"))
                .body("theme", equalTo("the sea"))
                .body("rule.frequency", equalTo("weekly"));

        user.given().contentType(ContentType.JSON).body("{\"rule\": {\"frequency\": \"daily\", \"time\": \"25:00\", \"timezone\": \"UTC\"}}")
                .when().patch("/schedules/" + id)
                .then().statusCode(400).body("errors.field", hasItem("rule.time"));
        user.given().contentType(ContentType.JSON).body("{\"topics\": [\"a\"], \"theme\": \"b\"}")
                .when().patch("/schedules/" + id)
                .then().statusCode(400).body("errors.field", hasItem("theme"));
        user.given().contentType(ContentType.JSON).body("{\"name\": \"   \"}")
                .when().patch("/schedules/" + id)
                .then().statusCode(400).body("errors.field", hasItem("name"));
        user.given().when().get("/schedules/" + id).then().body("name", equalTo("Sunday sea"));
    }

    @Test
    void aChangedSourceIsCheckedAndAnEmptyOneRemovesIt() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY.replace("\"length\": 400,", "\"length\": 400, \"source_text\": \"Notes.\","));
        user.given().when().get("/schedules/" + id).then().body("source_text", equalTo("Notes."));

        user.given().contentType(ContentType.JSON).body("{\"source_url\": \"http://10.0.0.1/intranet\"}")
                .when().patch("/schedules/" + id)
                .then().statusCode(400).body("errors.field", hasItem("source_url"));
        user.given().contentType(ContentType.JSON).body("{\"source_text\": \"\"}")
                .when().patch("/schedules/" + id)
                .then().statusCode(200).body("source_text", nullValue()).body("source_url", nullValue());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        {"topics": ["a"], "theme": "b"}                                                    | theme
        {}                                                                                 | topics
        {"topics": []}                                                                     | topics
        {"topics": [TOPICS51]}                                                             | topics
        {"topics": ["TOPIC201"]}                                                           | topics[0]
        {"topics": ["fine", ""]}                                                           | topics[1]
        {"topics": ["a\\u202Eb"]}                                                          | topics[0]
        {"theme": " "}                                                                     | theme
        {"theme": "x", "rule": {"frequency": "daily", "time": "7am", "timezone": "UTC"}}   | rule.time
        {"theme": "x", "rule": {"frequency": "cron", "cron": "* * * * *", "timezone": "UTC"}} | rule.cron
        {"theme": "x", "rule": null}                                                       | rule
        {"theme": "x", "name": null}                                                       | name
        {"theme": "x", "language": "Klingon"}                                              | language
        {"theme": "x", "max_consecutive_failures": 0}                                      | max_consecutive_failures
        {"theme": "x", "source_url": "https://example.org/a", "source_text": "text"}       | source_url
        {"theme": "x", "source_url": "http://127.0.0.1/admin"}                             | source_url
        """)
    void aBadScheduleIsA400NamingTheFieldAndSavesNothing(String fields, String field) {
        TestUsers.User user = TestUsers.register();
        String topics51 = IntStream.range(0, 51).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
        String body = base(fields.replace("TOPICS51", topics51).replace("TOPIC201", "x".repeat(201)));
        user.given().contentType(ContentType.JSON).body(body)
                .when().post("/schedules")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
        assertEquals(0, schedulesOf(user));
    }

    /** A valid schedule without topics or theme (so {@code {}} has neither), with the given fields put over it. */
    private static String base(String fields) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree("""
                    {"name": "n", "language": "German", "level": "B1", "length": 400,
                     "rule": {"frequency": "daily", "time": "07:00", "timezone": "UTC"}}""");
            body.setAll((ObjectNode) JSON.readTree(fields));
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(fields, e);
        }
    }

    /** Twenty-five creates at once for an account allowed twenty: the lock on the user row lets exactly twenty in. */
    @Test
    void theCapHoldsUnderConcurrentCreates() throws Exception {
        TestUsers.User user = TestUsers.register();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> creates = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                creates.add(() -> user.given().contentType(ContentType.JSON).body(DAILY).when().post("/schedules")
                        .then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(creates)) {
                statuses.add(answer.get());
            }
            assertEquals(20, Collections.frequency(statuses, 201), statuses.toString());
            assertEquals(5, Collections.frequency(statuses, 409), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, schedulesOf(user));
        user.given().contentType(ContentType.JSON).body(DAILY).when().post("/schedules")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("20 schedules"));
    }

    @Test
    void aRetriedCreateWithTheSameKeyGetsTheFirstAnswer() {
        TestUsers.User user = TestUsers.register();
        String key = UUID.randomUUID().toString();
        var first = user.given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(DAILY)
                .when().post("/schedules").then().statusCode(201).extract();
        var retry = user.given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(DAILY)
                .when().post("/schedules").then().statusCode(201).header("Idempotent-Replayed", "true").extract();
        assertEquals(first.asString(), retry.asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(1, schedulesOf(user));
        user.given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(DAILY.replace("B1", "B2"))
                .when().post("/schedules").then().statusCode(422);
    }

    @Test
    void anotherUsersScheduleIsNotFound() {
        TestUsers.User owner = TestUsers.register();
        TestUsers.User stranger = TestUsers.register();
        String id = createSchedule(owner, DAILY);
        stranger.given().when().get("/schedules/" + id).then().statusCode(404);
        stranger.given().contentType(ContentType.JSON).body("{\"name\": \"mine\"}").when().patch("/schedules/" + id)
                .then().statusCode(404);
        stranger.given().when().post("/schedules/" + id + "/run").then().statusCode(404);
        stranger.given().when().post("/schedules/" + id + "/pause").then().statusCode(404);
        stranger.given().when().get("/schedules/" + id + "/runs").then().statusCode(404);
        stranger.given().when().delete("/schedules/" + id).then().statusCode(404);
        stranger.given().when().get("/schedules").then().body("items.id", not(hasItem(id)));
        owner.given().when().get("/schedules/" + id).then().statusCode(200).body("name", equalTo("Morning German"))
                .body("total_runs", equalTo(0));
    }

    @Test
    void pauseAndResumeStartOverWithAFreshFailureCount() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        RealInfrastructure.database().execute("insert into webhook_endpoints (id, user_id, url, events, secret, created_at,"
                + " updated_at) values (gen_random_uuid(), '" + user.id() + "', 'https://hooks.example.com/opad',"
                + " '{schedule.paused}', 'whsec_AAAA', now(), now())");
        user.given().when().post("/schedules/" + id + "/pause").then().statusCode(200)
                .header("Stopped-Job", nullValue())
                .body("status", equalTo("paused"))
                .body("paused_reason", equalTo("Paused by you"));
        user.given().when().post("/schedules/" + id + "/pause").then().statusCode(200); // already paused: no second event
        assertEquals(1, RealInfrastructure.database().count("select count(*) from webhook_deliveries where schedule_id = '" + id
                + "' and event_type = 'schedule.paused' and payload like '%\"paused_by\":\"owner\"%'"));
        RealInfrastructure.database().execute("update schedules set consecutive_failures = 2 where id = '" + id + "'");

        user.given().when().post("/schedules/" + id + "/resume").then().statusCode(200)
                .body("status", equalTo("active"))
                .body("paused_reason", nullValue())
                .body("consecutive_failures", equalTo(0))
                .body("next_run_at", notNullValue());
        user.given().queryParam("cancel_active", "perhaps").when().post("/schedules/" + id + "/pause")
                .then().statusCode(400).body("errors.field", hasItem("cancel_active"));
    }

    @Test
    void runNowQueuesTheNextArticleOnceAtATime() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);

        ExtractableResponse<Response> run = user.given().when().post("/schedules/" + id + "/run")
                .then().statusCode(202)
                .body("trigger", equalTo("manual"))
                .body("outcome", equalTo("queued"))
                .body("skip_reason", nullValue())
                .body("scheduled_for", notNullValue())
                .extract();
        String job = run.path("job_id");
        assertEquals("/jobs/" + job, run.header("Location"));
        user.given().when().get("/jobs/" + job).then().statusCode(200).body("status", equalTo("queued"))
                .body("article_id", equalTo(run.path("article_id")));
        assertEquals("energy prices|" + id, RealInfrastructure.database().query(
                "select topic || '|' || schedule_id from articles where id = '" + run.path("article_id") + "'"));

        user.given().when().post("/schedules/" + id + "/run").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("job " + job));

        user.given().when().get("/schedules/" + id + "/runs").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(run.path("id")))
                .body("items[0].job_id", equalTo(job))
                .body("items[0].outcome", equalTo("queued"));
        user.given().when().get("/schedules/" + id).then()
                .body("total_runs", equalTo(1))
                .body("last_run_at", notNullValue());
    }

    /** The schedule's row lock orders concurrent presses: one run, the others see it active. */
    @Test
    void concurrentRunNowsOrderOneArticle() throws Exception {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> presses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                presses.add(() -> user.given().when().post("/schedules/" + id + "/run").then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(presses)) {
                statuses.add(answer.get());
            }
            assertEquals(1, Collections.frequency(statuses, 202), statuses.toString());
            assertEquals(5, Collections.frequency(statuses, 409), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from schedule_runs where schedule_id = '" + id + "'"));
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from articles where schedule_id = '" + id + "'"));
    }

    @Test
    void runNowPastTheDailyBudgetIs429AndSavesNothing() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        spendTheDailyBudget(user);

        user.given().when().post("/schedules/" + id + "/run").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("resets at midnight UTC"));
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from schedule_runs where schedule_id = '" + id + "'"));
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from articles where schedule_id = '" + id + "'"));
        user.given().when().get("/schedules/" + id).then().body("total_runs", equalTo(0)).body("last_run_at", nullValue());
    }

    @Test
    void pausingWithCancelActiveStopsTheRunsJob() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        String job = user.given().when().post("/schedules/" + id + "/run").then().statusCode(202).extract().path("job_id");

        user.given().queryParam("cancel_active", "true").when().post("/schedules/" + id + "/pause")
                .then().statusCode(200)
                .header("Stopped-Job", equalTo(job))
                .body("status", equalTo("paused"));
        user.given().when().get("/jobs/" + job).then().body("status", equalTo("cancelled"));
        user.given().queryParam("type", "job.cancelled").when().get("/jobs/" + job + "/events")
                .then().statusCode(200).body("size()", equalTo(1))
                .body("[0].data.reason", equalTo("schedule paused")).body("[0].data.schedule_id", equalTo(id));
        user.given().when().get("/schedules/" + id + "/runs").then().body("items[0].outcome", equalTo("cancelled"))
                .body("items[0].finished_at", notNullValue());

        // Nothing active any more: a second pause stops nothing and keeps the reason.
        user.given().queryParam("cancel_active", "true").when().post("/schedules/" + id + "/pause")
                .then().statusCode(200).header("Stopped-Job", nullValue()).body("paused_reason", equalTo("Paused by you"));
    }

    @Test
    void deletingWithCancelActiveStopsTheRunsJobAndKeepsItsArticle() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        var run = user.given().when().post("/schedules/" + id + "/run").then().statusCode(202).extract();
        String job = run.path("job_id");

        user.given().queryParam("cancel_active", "true").when().delete("/schedules/" + id)
                .then().statusCode(204).header("Stopped-Job", equalTo(job));
        user.given().when().get("/jobs/" + job).then().body("status", equalTo("cancelled"));
        user.given().when().get("/articles/" + run.path("article_id")).then().statusCode(200);
        user.given().queryParam("type", "job.cancelled").when().get("/jobs/" + job + "/events")
                .then().statusCode(200).body("[0].data.reason", equalTo("schedule deleted"));
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from schedule_runs where schedule_id = '" + id + "'"));
    }

    @Test
    void runsAreListedNewestFirstUpToTheLimit() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        skippedRun(user, id, "2027-01-01T07:00:00Z");
        skippedRun(user, id, "2027-01-02T07:00:00Z");

        user.given().when().get("/schedules/" + id + "/runs").then().statusCode(200)
                .body("items.scheduled_for", equalTo(List.of("2027-01-02T07:00:00Z", "2027-01-01T07:00:00Z")))
                .body("items[0].outcome", equalTo("skipped"))
                .body("items[0].skip_reason", equalTo("missed"))
                .body("items[0].trigger", equalTo("catch-up"))
                .body("items[0].job_id", nullValue());
        user.given().queryParam("limit", 1).when().get("/schedules/" + id + "/runs").then().body("items", hasSize(1));
        user.given().queryParam("limit", 101).when().get("/schedules/" + id + "/runs").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
    }

    @Test
    void activityMergesRunsAndOwnJobsNewestFirst() {
        TestUsers.User user = TestUsers.register();
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        String ownJob = user.given().when().post("/articles/" + article + "/generate").then().statusCode(202)
                .extract().path("job_id");
        String id = createSchedule(user, DAILY);
        String runJob = user.given().when().post("/schedules/" + id + "/run").then().statusCode(202).extract().path("job_id");
        RealInfrastructure.database().execute("insert into schedule_runs (id, schedule_id, user_id, scheduled_for,"
                + " fired_at, trigger, outcome, skip_reason) values (gen_random_uuid(), '" + id + "', '" + user.id()
                + "', now() - interval '1 hour', now() + interval '1 second', 'scheduled', 'skipped', 'budget')");

        user.given().when().get("/activity").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.kind", equalTo(List.of("schedule_run", "schedule_run", "job")))
                .body("items[0].status", equalTo("skipped"))
                .body("items[0].skip_reason", equalTo("budget"))
                .body("items[0].job_id", nullValue())
                .body("items[1].job_id", equalTo(runJob))
                .body("items[1].schedule_id", equalTo(id))
                .body("items[1].schedule_name", equalTo("Morning German"))
                .body("items[1].title", equalTo("energy prices"))
                .body("items[1].status", equalTo("queued"))
                .body("items[2].job_id", equalTo(ownJob))
                .body("items[2].article_id", equalTo(article))
                .body("items[2].schedule_id", nullValue())
                .body("items[2].status", equalTo("queued"));
        user.given().queryParam("limit", 1).when().get("/activity").then().body("items", hasSize(1));
        user.given().queryParam("limit", "many").when().get("/activity").then().statusCode(400);
        TestUsers.register().given().when().get("/activity").then().statusCode(200).body("items", hasSize(0));
    }

    /** Redis down after the commit: the run, its article and job are taken back, and the answer is 503. */
    @Test
    void runNowWithoutAQueueLeavesNoRunBehind() {
        TestUsers.User user = TestUsers.register();
        String id = createSchedule(user, DAILY);
        RealInfrastructure.redis().stop();
        try {
            user.given().when().post("/schedules/" + id + "/run").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
        } finally {
            RealInfrastructure.redis().startAgain();
        }
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from schedule_runs where schedule_id = '" + id + "'"));
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from articles where schedule_id = '" + id + "'"));
        user.given().when().get("/schedules/" + id).then().body("total_runs", equalTo(0)).body("last_run_at", nullValue());
    }

    private static void skippedRun(TestUsers.User user, String schedule, String slot) {
        RealInfrastructure.database().execute("insert into schedule_runs (id, schedule_id, user_id, scheduled_for,"
                + " fired_at, trigger, outcome, skip_reason) values (gen_random_uuid(), '" + schedule + "', '" + user.id()
                + "', '" + slot + "', now(), 'catch-up', 'skipped', 'missed')");
    }

    /** A job's model calls worth more than the default daily budget (2,000,000 tokens), as UsageTest records them. */
    private static void spendTheDailyBudget(TestUsers.User user) {
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        String job = user.given().when().post("/articles/" + article + "/generate").then().statusCode(202)
                .extract().path("job_id");
        RealInfrastructure.database().execute("insert into model_usage (id, user_id, article_id, job_id, attempt, stage,"
                + " provider, model, prompt_tokens, completion_tokens, total_tokens, cost_usd, created_at) values ("
                + "gen_random_uuid(), '" + user.id() + "', '" + article + "', '" + job + "', 1, 'writing', 'openai',"
                + " 'gpt-test', 1000000, 1000001, 2000001, null, now())");
    }

    private static long schedulesOf(TestUsers.User user) {
        return RealInfrastructure.database().count("select count(*) from schedules where user_id = '" + user.id() + "'");
    }
}
