package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /jobs/{id}} answers with the status JSON stored in Redis, after checking its top-level
 * {@code user_id}; Postgres answers when the key is missing or unreadable, with the same bytes.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class JobStatusTest {

    @Inject
    RedisDataSource redis;

    @Test
    void theOwnerGetsTheStoredJsonAsItIs() {
        TestUsers.User owner = TestUsers.register();
        String jobId = queueJob(owner);

        String body = owner.given().when().get("/jobs/" + jobId)
                .then().statusCode(200)
                .header("Content-Type", "application/json;charset=UTF-8")
                .extract().asString();
        assertEquals(stored(jobId), body, "the stored JSON, byte for byte");
    }

    @Test
    void aStrangersOrAnUnknownJobIsNotFound() {
        TestUsers.User owner = TestUsers.register();
        String jobId = queueJob(owner);
        String before = stored(jobId);

        TestUsers.register().given().when().get("/jobs/" + jobId)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("No job with id " + jobId));
        UUID unknown = UUID.randomUUID();
        owner.given().when().get("/jobs/" + unknown)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("No job with id " + unknown));
        assertEquals(before, stored(jobId), "the key was answered from, not rebuilt");
    }

    @Test
    void ownershipIsTheTopLevelUserIdNotOneInsideAString() {
        TestUsers.User owner = TestUsers.register();
        TestUsers.User stranger = TestUsers.register();
        String jobId = queueJob(owner);
        String crafted = stored(jobId).replace("\"message\":\"Waiting for a worker\"",
                "\"message\":\"{\\\"user_id\\\":\\\"" + stranger.id() + "\\\"}\"");
        assertTrue(crafted.contains(stranger.id().toString()), crafted);
        redis.value(String.class).set("opad:job:" + jobId, crafted);

        stranger.given().when().get("/jobs/" + jobId).then().statusCode(404);
        String body = owner.given().when().get("/jobs/" + jobId).then().statusCode(200).extract().asString();
        assertEquals(crafted, body);
    }

    @Test
    void aMissingOrUnreadableKeyIsAnsweredFromPostgresWithTheSameBytes() {
        TestUsers.User owner = TestUsers.register();
        String jobId = queueJob(owner);
        String fromRedis = owner.given().when().get("/jobs/" + jobId).then().statusCode(200).extract().asString();

        redis.key(String.class).del("opad:job:" + jobId);
        String rebuilt = owner.given().when().get("/jobs/" + jobId).then().statusCode(200).extract().asString();
        assertEquals(fromRedis, rebuilt, "Postgres answers with the bytes Redis held");
        assertEquals(fromRedis, stored(jobId), "and the key is restored");

        for (String unreadable : new String[] {
                fromRedis.substring(0, fromRedis.length() / 2),
                fromRedis + "{}",
                "[" + fromRedis + "]",
                fromRedis.replace("\"user_id\":", "\"owner\":"),
                fromRedis.replace("\"version\":0", "\"version\":0,\"user_id\":\"" + owner.id() + "\"")}) {
            redis.value(String.class).set("opad:job:" + jobId, unreadable);
            owner.given().when().get("/jobs/" + jobId).then().statusCode(200).body(equalTo(fromRedis));
            assertEquals(fromRedis, stored(jobId), "unreadable key replaced: " + unreadable);
        }
    }

    @Test
    void aRevokedApiTokenStopsAtOnceOnTheStatusRead() {
        TestUsers.User owner = TestUsers.register();
        String jobId = queueJob(owner);
        var created = owner.given().contentType(ContentType.JSON).body("{\"name\":\"poller\"}")
                .when().post("/auth/tokens").then().statusCode(201).extract();
        String token = created.path("token");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/jobs/" + jobId).then().statusCode(200);
        }

        owner.given().when().delete("/auth/tokens/" + created.path("id")).then().statusCode(204);
        given().auth().oauth2(token).when().get("/jobs/" + jobId)
                .then().statusCode(401).contentType("application/problem+json");
        owner.given().when().get("/jobs/" + jobId).then().statusCode(200);
    }

    private static String queueJob(TestUsers.User owner) {
        String articleId = ArticleResourceTest.createArticle(owner, ArticleResourceTest.GERMAN_B1);
        return owner.given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");
    }

    private String stored(String jobId) {
        return redis.value(String.class).get("opad:job:" + jobId);
    }
}
