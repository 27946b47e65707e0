package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint × {anonymous, owner, other user, admin}, from one table. The table is checked
 * against the live OpenAPI document, so an endpoint added without a row here fails this test.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AuthorizationMatrixTest {

    enum Caller { ANONYMOUS, OWNER, OTHER, ADMIN }

    /** One endpoint: which of the owner's things fills the path, the body, and the expected status per caller. */
    record Rule(String method, String path, Function<Fixture, String> id, Function<Fixture, String> body,
                int anonymous, int owner, int other, int admin) {

        int expected(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> anonymous;
                case OWNER -> owner;
                case OTHER -> other;
                case ADMIN -> admin;
            };
        }

        String key() {
            return method + " " + path;
        }
    }

    /**
     * What the owner has when a rule is tried: a pending article, a job, a finished article, a token, a schedule, the
     * feed's secret. Each is made when a rule first asks for it, fresh for each caller: a row needs one or two of them,
     * and making all seven for each of the table's 240 tries was most of this test's time.
     */
    static final class Fixture {
        private final TestUsers.User owner;
        private final Map<String, String> made = new HashMap<>();

        Fixture(TestUsers.User owner) {
            this.owner = owner;
        }

        TestUsers.User owner() {
            return owner;
        }

        String article() {
            return made.computeIfAbsent("article", k -> ArticleResourceTest.createArticle(owner, ARTICLE));
        }

        String job() {
            return made.computeIfAbsent("job", k -> owner.given().when()
                    .post("/articles/" + ArticleResourceTest.createArticle(owner, ARTICLE) + "/generate")
                    .then().statusCode(202).extract().path("job_id"));
        }

        String finished() {
            return made.computeIfAbsent("finished", k -> finishedArticle(owner));
        }

        String token() {
            return made.computeIfAbsent("token", k -> owner.given().contentType(ContentType.JSON).body("{\"name\":\"fixture\"}")
                    .when().post("/auth/tokens").then().statusCode(201).extract().path("id"));
        }

        String schedule() {
            return made.computeIfAbsent("schedule", k -> ScheduleResourceTest.createSchedule(owner, ScheduleResourceTest.DAILY));
        }

        String feed() {
            return made.computeIfAbsent("feed", k -> {
                String feedUrl = owner.given().when().get("/auth/me").then().statusCode(200).extract().path("feed_url");
                return feedUrl.substring(feedUrl.lastIndexOf('/') + 1, feedUrl.length() - ".atom".length());
            });
        }
    }

    private static final Function<Fixture, String> NONE = f -> null;

    private static String cancelledJob(Fixture fixture) {
        fixture.owner().given().when().post("/jobs/" + fixture.job() + "/cancel").then().statusCode(200);
        return fixture.job();
    }
    private static final String ARTICLE = ArticleResourceTest.GERMAN_B1;
    /** A fresh endpoint of the owner's with one failed delivery, for each caller. */
    private static final Function<Fixture, String> WEBHOOK = f -> {
        String webhook = WebhookResourceTest.createWebhook(f.owner(), WebhookResourceTest.COMPLETED);
        WebhookResourceTest.settle(WebhookResourceTest.testDelivery(f.owner(), webhook), "failed", 1);
        return webhook;
    };

    /** A fresh job of the owner's whose one-off callback_url delivery failed, for each caller. */
    private static final Function<Fixture, String> CALLBACK_JOB = f -> {
        String job = WebhookResourceTest.jobWithCallback(f.owner());
        WebhookResourceTest.settle(WebhookResourceTest.callbackDelivery(job), "failed", 1);
        return job;
    };

    static final List<Rule> TABLE = List.of(
            new Rule("POST", "/auth/register", NONE, f -> registration(), 202, 202, 202, 202),
            new Rule("POST", "/auth/login", NONE, f -> credentials(f.owner()), 200, 200, 200, 200),
            // Ends the caller's own session, whoever it is (each caller logs in afresh for this row).
            new Rule("POST", "/auth/logout", NONE, NONE, 401, 204, 204, 204),
            new Rule("GET", "/auth/me", NONE, NONE, 401, 200, 200, 200),
            // A new URL for the caller's own feed: anyone signed in, for themselves.
            new Rule("POST", "/auth/feed/rotate", NONE, NONE, 401, 200, 200, 200),
            // The URL's secret is the credential: whoever has it reads the feed, signed in or not.
            new Rule("GET", "/feeds/{secret}.atom", Fixture::feed, NONE, 200, 200, 200, 200),
            new Rule("POST", "/auth/tokens", NONE, f -> "{\"name\":\"matrix\"}", 401, 201, 201, 201),
            new Rule("GET", "/auth/tokens", NONE, NONE, 401, 200, 200, 200),
            new Rule("DELETE", "/auth/tokens/{id}", Fixture::token, NONE, 401, 204, 404, 404),
            new Rule("POST", "/articles", NONE, f -> ARTICLE, 401, 201, 201, 201),
            new Rule("GET", "/articles", NONE, NONE, 401, 200, 200, 200),
            new Rule("GET", "/articles/{id}", Fixture::article, NONE, 401, 200, 404, 404),
            new Rule("DELETE", "/articles/{id}", Fixture::article, NONE, 401, 204, 404, 404),
            new Rule("POST", "/articles/{id}/generate", Fixture::article, NONE, 401, 202, 404, 404),
            new Rule("GET", "/articles/{id}/content", Fixture::finished, NONE, 401, 200, 404, 404),
            new Rule("GET", "/articles/{id}/usage", Fixture::article, NONE, 401, 200, 404, 404),
            new Rule("GET", "/usage/me", NONE, NONE, 401, 200, 200, 200),
            new Rule("POST", "/schedules/preview", NONE,
                    f -> "{\"rule\":{\"frequency\":\"daily\",\"time\":\"07:00\",\"timezone\":\"UTC\"}}",
                    401, 200, 200, 200),
            new Rule("POST", "/schedules", NONE, f -> ScheduleResourceTest.DAILY, 401, 201, 201, 201),
            new Rule("GET", "/schedules", NONE, NONE, 401, 200, 200, 200),
            // Schedules are their owner's alone: an admin has no operational need to read or run them.
            new Rule("GET", "/schedules/{id}", Fixture::schedule, NONE, 401, 200, 404, 404),
            new Rule("PATCH", "/schedules/{id}", Fixture::schedule, f -> "{\"name\":\"renamed\"}", 401, 200, 404, 404),
            new Rule("DELETE", "/schedules/{id}", Fixture::schedule, NONE, 401, 204, 404, 404),
            new Rule("POST", "/schedules/{id}/pause", Fixture::schedule, NONE, 401, 200, 404, 404),
            new Rule("POST", "/schedules/{id}/resume", Fixture::schedule, NONE, 401, 200, 404, 404),
            new Rule("POST", "/schedules/{id}/run", Fixture::schedule, NONE, 401, 202, 404, 404),
            new Rule("POST", "/schedules/{id}/feed/rotate", Fixture::schedule, NONE, 401, 200, 404, 404),
            new Rule("GET", "/schedules/{id}/runs", Fixture::schedule, NONE, 401, 200, 404, 404),
            new Rule("GET", "/activity", NONE, NONE, 401, 200, 200, 200),
            new Rule("GET", "/jobs", NONE, NONE, 401, 200, 200, 200),
            new Rule("GET", "/jobs/{id}", Fixture::job, NONE, 401, 200, 404, 404),
            new Rule("GET", "/jobs/{id}/events", Fixture::job, NONE, 401, 200, 404, 404),
            // The job's delivery log (its callback_url's and its endpoints' webhooks), like its history: the owner's.
            new Rule("GET", "/jobs/{id}/deliveries", Fixture::job, NONE, 401, 200, 404, 404),
            // {deliveryId}: the job's failed callback_url delivery (see deliveryPath). The owner's, as the log is.
            new Rule("POST", "/jobs/{id}/deliveries/{deliveryId}/resend", CALLBACK_JOB, NONE, 401, 202, 404, 404),
            // The live stream, like the status read; its job is cancelled first, so the owner's stream ends at once.
            new Rule("GET", "/jobs/{id}/events/stream", AuthorizationMatrixTest::cancelledJob, NONE, 401, 200, 404, 404),
            // Operational actions: the owner, and an admin for anyone's job; a queued job cancels at once.
            new Rule("POST", "/jobs/{id}/cancel", Fixture::job, NONE, 401, 200, 404, 200),
            // Allowed but not in this state (the fixture's job is queued, not failed): 409, not 404.
            new Rule("POST", "/jobs/{id}/retry", Fixture::job, NONE, 401, 409, 404, 409),
            new Rule("DELETE", "/jobs/{id}", Fixture::job, NONE, 401, 409, 404, 409),
            // Webhooks: an endpoint, its secret, its test event and delivery log are the owner's alone.
            new Rule("POST", "/webhooks", NONE, f -> WebhookResourceTest.COMPLETED, 401, 201, 201, 201),
            new Rule("GET", "/webhooks", NONE, NONE, 401, 200, 200, 200),
            new Rule("GET", "/webhooks/{id}", WEBHOOK, NONE, 401, 200, 404, 404),
            new Rule("PATCH", "/webhooks/{id}", WEBHOOK, f -> "{\"description\":\"renamed\"}", 401, 200, 404, 404),
            new Rule("DELETE", "/webhooks/{id}", WEBHOOK, NONE, 401, 204, 404, 404),
            new Rule("POST", "/webhooks/{id}/rotate-secret", WEBHOOK, NONE, 401, 200, 404, 404),
            new Rule("POST", "/webhooks/{id}/test", WEBHOOK, NONE, 401, 202, 404, 404),
            new Rule("GET", "/webhooks/{id}/deliveries", WEBHOOK, NONE, 401, 200, 404, 404),
            // {deliveryId}: a failed delivery of the owner's endpoint (see deliveryPath).
            new Rule("POST", "/webhooks/{id}/deliveries/{deliveryId}/resend", WEBHOOK, NONE, 401, 202, 404, 404),
            // Each caller's own callback secret: 201 the first time (the admin, shared by the tests, asks once here).
            new Rule("GET", "/webhooks/callback-secret", NONE, NONE, 401, 200, 200, 200),
            new Rule("POST", "/webhooks/callback-secret", NONE, NONE, 401, 201, 201, 201),
            // Operators only: the endpoint itself is for admins, so anyone else is refused (403), not "not found".
            new Rule("GET", "/admin/overview", NONE, NONE, 401, 403, 403, 200),
            new Rule("GET", "/admin/stats", NONE, NONE, 401, 403, 403, 200),
            new Rule("GET", "/admin/workers", NONE, NONE, 401, 403, 403, 200),
            new Rule("GET", "/health", NONE, NONE, 200, 200, 200, 200),
            // The codes clients show (languages, levels, stages, states): the same for everyone.
            new Rule("GET", "/meta", NONE, NONE, 200, 200, 200, 200));

    @Test
    void everyEndpointIsInTheTable() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(op -> Set.of("get", "post", "put", "patch", "delete").contains(op))
                .forEach(op -> documented.add(op.toUpperCase(Locale.ROOT) + " " + path)));
        Set<String> tabled = TABLE.stream().map(Rule::key).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(documented, tabled, "the authorization table must list exactly the api's endpoints");
    }

    @Test
    void everyCallerGetsTheExpectedStatusFromEveryEndpoint() {
        TestUsers.User other = TestUsers.register();
        TestUsers.User admin = TestUsers.admin();
        List<String> mismatches = new ArrayList<>();
        for (Rule rule : TABLE) {
            TestUsers.User owner = TestUsers.register(); // a fresh owner per row keeps its rate limits apart
            for (Caller caller : Caller.values()) {
                Fixture fixture = fixtureFor(owner);
                boolean endsSession = rule.path().equals("/auth/logout");
                RequestSpecification request = switch (caller) {
                    case ANONYMOUS -> given();
                    case OWNER -> endsSession ? TestUsers.login(owner.email()).given() : owner.given();
                    case OTHER -> endsSession ? TestUsers.login(other.email()).given() : other.given();
                    case ADMIN -> endsSession ? TestUsers.login(admin.email()).given() : admin.given();
                };
                String body = rule.body().apply(fixture);
                if (body != null) {
                    request = request.contentType(ContentType.JSON).body(body);
                }
                String id = rule.id().apply(fixture);
                String path = id == null ? rule.path() : rule.path().replace("{id}", id).replace("{secret}", id);
                path = deliveryPath(rule, id, path);
                int status = request.header("X-Forwarded-For", TestUsers.randomAddress())
                        .when().request(rule.method(), path).then().extract().statusCode();
                if (status != rule.expected(caller)) {
                    mismatches.add(rule.key() + " as " + caller + ": expected " + rule.expected(caller) + ", got " + status);
                }
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void anAdminListsEveryonesJobsAndAUserOnlyTheirOwn() {
        TestUsers.User owner = TestUsers.register();
        TestUsers.User other = TestUsers.register();
        String job = fixtureFor(owner).job();
        owner.given().queryParam("size", 100).when().get("/jobs").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(job))
                .body("items.user_id", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(owner.id().toString())));
        other.given().queryParam("size", 100).when().get("/jobs").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(job)));
        TestUsers.admin().given().queryParam("status", "queued").queryParam("size", 100).when().get("/jobs")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(job));
    }

    /** The resend rows name two ids: the endpoint's or the job's, and its delivery's, looked up here. */
    private static String deliveryPath(Rule rule, String id, String path) {
        if (!rule.path().contains("{deliveryId}")) {
            return path;
        }
        String delivery = rule.path().startsWith("/jobs/") ? WebhookResourceTest.callbackDelivery(id)
                : RealInfrastructure.database().query("select id from webhook_deliveries where endpoint_id = '" + id + "'");
        return rule.path().replace("{id}", id).replace("{deliveryId}", delivery);
    }

    private static Fixture fixtureFor(TestUsers.User owner) {
        return new Fixture(owner);
    }

    /** A completed article with stored content, as the worker would leave it. */
    private static String finishedArticle(TestUsers.User owner) {
        String id = ArticleResourceTest.createArticle(owner, ARTICLE);
        String key = "articles/" + id + "/" + UUID.randomUUID() + "/article.md";
        try {
            Path file = Path.of("target/test-storage").resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Fertig\n\nEin Text.\n", StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        RealInfrastructure.database().execute("update articles set status = 'completed', storage_key = '" + key
                + "', title = 'Fertig', word_count = 3 where id = '" + id + "'");
        return id;
    }

    private static String registration() {
        return "{\"email\":\"m-" + UUID.randomUUID() + "@example.org\",\"password\":\"" + TestUsers.PASSWORD
                + "\",\"name\":\"Matrix\"}";
    }

    private static String credentials(TestUsers.User user) {
        return "{\"email\":\"" + user.email() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}";
    }
}
