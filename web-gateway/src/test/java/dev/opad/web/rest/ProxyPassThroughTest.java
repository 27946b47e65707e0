package dev.opad.web.rest;

import static dev.opad.web.rest.Browser.signedIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeApi.class)
class ProxyPassThroughTest {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    private static final String VALID_REQUEST = "{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"Energiepreise\"}";

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @Test
    void createForwardsTheBodyAndRewritesTheLocation() {
        signedIn().contentType("application/json").body(VALID_REQUEST)
                .when().post("/api/articles")
                .then()
                .statusCode(201)
                .contentType(startsWith("application/json"))
                .header("Location", equalTo("/api/articles/" + FakeApi.ARTICLE_ID))
                .body("id", equalTo(FakeApi.ARTICLE_ID))
                .body("word_count", equalTo(398));

        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("POST", sent.method());
        assertEquals("Bearer " + FakeApi.ACCESS_TOKEN, sent.authorization(), "the session cookie goes to the api as a bearer token");
        assertEquals(VALID_REQUEST, sent.body(), "the body reaches the api byte for byte");
        assertTrue(sent.contentType().startsWith("application/json"), sent.contentType());
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedBeforeReachingTheApi() {
        signedIn().contentType("text/plain").body(VALID_REQUEST)
                .when().post("/api/articles")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @Test
    void validationProblemIsRelayedUnchanged() {
        String relayed = signedIn().contentType("application/json").body(VALID_REQUEST.replace("B1", "Z9"))
                .when().post("/api/articles")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("level"))
                .extract().asString();

        assertEquals(FakeApi.VALIDATION_PROBLEM, relayed);
    }

    @Test
    void generateAnswers202WithTheJobLocationUnderApi() {
        signedIn()
                .when().post("/api/articles/" + FakeApi.ARTICLE_ID + "/generate")
                .then()
                .statusCode(202)
                .header("Location", equalTo("/api/jobs/" + FakeApi.JOB_ID))
                .body("job_id", equalTo(FakeApi.JOB_ID))
                .body("status", equalTo("queued"));
    }

    @Test
    void createForwardsTheIdempotencyKeyAndRelaysTheReplayMark() {
        String key = "order-" + UUID.randomUUID();
        signedIn().header(IDEMPOTENCY_KEY, key).contentType("application/json").body(VALID_REQUEST)
                .when().post("/api/articles")
                .then()
                .statusCode(201)
                .header(IDEMPOTENT_REPLAYED, nullValue());
        assertEquals(key, FakeApi.requests().getLast().idempotencyKey());

        signedIn().header(IDEMPOTENCY_KEY, key).contentType("application/json").body(VALID_REQUEST)
                .when().post("/api/articles")
                .then()
                .statusCode(201)
                .header(IDEMPOTENT_REPLAYED, equalTo("true"))
                .header("Location", equalTo("/api/articles/" + FakeApi.ARTICLE_ID))
                .body("id", equalTo(FakeApi.ARTICLE_ID));
        assertEquals(key, FakeApi.requests().getLast().idempotencyKey());
    }

    @Test
    void generateForwardsTheIdempotencyKeyAndRelaysTheReplayMark() {
        String key = "generate-" + UUID.randomUUID();
        for (String replayed : new String[] {null, "true"}) {
            signedIn().header(IDEMPOTENCY_KEY, key)
                    .when().post("/api/articles/" + FakeApi.ARTICLE_ID + "/generate")
                    .then()
                    .statusCode(202)
                    .header(IDEMPOTENT_REPLAYED, equalTo(replayed))
                    .header("Location", equalTo("/api/jobs/" + FakeApi.JOB_ID));
            assertEquals(key, FakeApi.requests().getLast().idempotencyKey());
        }
    }

    @Test
    void anIdempotencyKeyReachesTheApiAsItWasSent() {
        // Printable ASCII, spaces and quotes included, is what the api accepts; it alone judges the key.
        String key = "\"2025-01-01 order #1\" ~{}";
        signedIn().header(IDEMPOTENCY_KEY, key).contentType("application/json").body(VALID_REQUEST)
                .when().post("/api/articles")
                .then().statusCode(201);

        assertEquals(key, FakeApi.requests().getLast().idempotencyKey());
    }

    @Test
    void withoutAnIdempotencyKeyNoneIsMadeUp() {
        signedIn().contentType("application/json").body(VALID_REQUEST).when().post("/api/articles").then().statusCode(201);
        signedIn().when().post("/api/articles/" + FakeApi.ARTICLE_ID + "/generate").then().statusCode(202);

        FakeApi.requests().forEach(sent -> assertNull(sent.idempotencyKey(), sent.rawPath()));
    }

    @Test
    void listPassesQueryParametersThrough() {
        signedIn().queryParam("status", "completed").queryParam("size", "20").queryParam("level", "B1")
                .when().get("/api/articles")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].status", equalTo("completed"));

        String query = FakeApi.requests().getLast().rawQuery();
        assertTrue(query.contains("status=completed"), query);
        assertTrue(query.contains("size=20"), query);
        assertTrue(query.contains("level=B1"), query);
        assertFalse(query.contains("language"), "absent parameters are not invented: " + query);
    }

    @Test
    void deleteRelays204WithoutBody() {
        signedIn()
                .when().delete("/api/articles/" + FakeApi.ARTICLE_ID)
                .then()
                .statusCode(204)
                .body(emptyString());
    }

    @Test
    void notFoundStaysAProblem() {
        signedIn()
                .when().get("/api/jobs/" + FakeApi.MISSING_ID)
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("No such thing: /jobs/" + FakeApi.MISSING_ID));
    }

    @Test
    void markdownContentIsRelayedAsMarkdown() {
        signedIn()
                .when().get("/api/articles/" + FakeApi.ARTICLE_ID + "/content")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/markdown"))
                .body(equalTo(FakeApi.HOSTILE_MARKDOWN));
    }

    @Test
    void htmlIsRenderedWithTheModelsMarkupMadeInert() {
        String html = signedIn()
                .when().get("/api/articles/" + FakeApi.ARTICLE_ID + "/html")
                .then()
                .statusCode(200)
                .contentType(allOf(startsWith("text/html"), containsString("charset=utf-8")))
                .body(containsString("<h1>Energiepreise</h1>"))
                .body(containsString("<em>hoch</em>"))
                .extract().asString().toLowerCase(Locale.ROOT);

        assertFalse(html.contains("<script"), html);
        assertFalse(html.matches("(?s).*<[a-z][^>]*\\sonerror\\s*=.*"), html);
        assertFalse(html.contains("href=\"javascript:"), html);
    }

    @Test
    void htmlOfAMissingArticleIsTheApisProblem() {
        signedIn()
                .when().get("/api/articles/" + FakeApi.MISSING_ID + "/html")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404));
    }

    @Test
    void slowApiCountsAsUnreachable() {
        signedIn()
                .when().get("/api/jobs/" + FakeApi.SLOW_ID)
                .then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo(ApiUnreachableMapper.DETAIL));
    }

    /** A keep-alive connection the api closed just as the call went out: a GET is sent once more. */
    @Test
    void aGetThatFindsItsConnectionClosedIsSentAgainOnce() {
        FakeApi.forgetRequests();
        signedIn()
                .when().get("/api/jobs/" + FakeApi.CLOSED_ONCE_ID)
                .then()
                .statusCode(200)
                .body("status", equalTo("running"));
        assertEquals(2, FakeApi.requests().stream()
                .filter(r -> r.rawPath().equals("/jobs/" + FakeApi.CLOSED_ONCE_ID)).count());
    }

    /** What may have acted is never repeated by the gateway: the caller sees the api as unreachable. */
    @Test
    void aPostThatFindsItsConnectionClosedIsNotSentAgain() {
        FakeApi.forgetRequests();
        signedIn()
                .when().post("/api/articles/" + FakeApi.CLOSING_ARTICLE_ID + "/generate")
                .then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"));
        assertEquals(1, FakeApi.requests().stream()
                .filter(r -> r.rawPath().equals("/articles/" + FakeApi.CLOSING_ARTICLE_ID + "/generate")).count());
    }

    @Test
    void healthReportsTheApiUp() {
        given()
                .when().get("/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("services.api.status", equalTo("UP"));
    }

    @Test
    void anEncodedSlashInAnIdStaysInsideThatOneSegment() {
        signedIn().urlEncodingEnabled(false)
                .when().get("/api/articles/..%2Fjobs%2F" + FakeApi.JOB_ID)
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"));

        assertEquals("/articles/..%2Fjobs%2F" + FakeApi.JOB_ID, FakeApi.requests().getLast().rawPath(),
                "the id is re-encoded, so it cannot climb to another api resource");
    }

    @Test
    void everyProxiedCallCarriesTheSessionAsBearerToken() {
        signedIn().when().get("/api/articles/" + FakeApi.ARTICLE_ID).then().statusCode(200);
        signedIn().when().get("/api/articles/" + FakeApi.ARTICLE_ID + "/html").then().statusCode(200);
        signedIn().when().delete("/api/articles/" + FakeApi.ARTICLE_ID).then().statusCode(204);

        assertEquals(3, FakeApi.requests().size());
        FakeApi.requests().forEach(sent -> assertEquals("Bearer " + FakeApi.ACCESS_TOKEN, sent.authorization(), sent.rawPath()));
    }

    @Test
    void withoutSessionTheApisUnauthorizedIsRelayed() {
        given()
                .when().get("/api/articles")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Log in first."));

        assertNull(FakeApi.requests().getLast().authorization(), "no Authorization header is made up");
    }

    @Test
    void jobListPassesItsQueryThrough() {
        signedIn().queryParam("status", "running").queryParam("page", "0").queryParam("size", "5")
                .when().get("/api/jobs")
                .then()
                .statusCode(200)
                .body("items[0].job_id", equalTo(FakeApi.JOB_ID));

        String query = FakeApi.requests().getLast().rawQuery();
        assertTrue(query.contains("status=running") && query.contains("page=0") && query.contains("size=5"), query);
    }

    @Test
    void meAndTokensAreRelayed() {
        signedIn().when().get("/api/auth/me").then().statusCode(200).body("email", equalTo(FakeApi.EMAIL));
        signedIn().when().get("/api/auth/tokens").then().statusCode(200).body("[0].prefix", equalTo("opad_ab12"));
        signedIn().contentType("application/json").body("{\"name\":\"laptop\",\"expires_in_days\":30}")
                .when().post("/api/auth/tokens")
                .then()
                .statusCode(201)
                .header("Location", equalTo("/api/auth/tokens/" + FakeApi.TOKEN_ID))
                .body("token", equalTo("opad_ab12secret"));
        assertEquals("{\"name\":\"laptop\",\"expires_in_days\":30}", FakeApi.requests().getLast().body());
        signedIn().when().delete("/api/auth/tokens/" + FakeApi.TOKEN_ID).then().statusCode(204);
    }
}
