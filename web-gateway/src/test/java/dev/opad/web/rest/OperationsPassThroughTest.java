package dev.opad.web.rest;

import static dev.opad.web.rest.Browser.signedIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.web.session.SessionCookies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Operations, Usage and Job-detail pages read, relayed for the signed-in session like every other call. */
@QuarkusTest
@WithTestResource(FakeApi.class)
class OperationsPassThroughTest {

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @Test
    void anAdminsSessionGetsTheOverviewByteForByte() {
        String relayed = signedInAsAdmin()
                .when().get("/api/admin/overview")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", equalTo("no-store"))
                .body("queue.waiting", equalTo(3))
                .body("workers[0].alive", equalTo(true))
                .extract().asString();

        assertEquals(FakeApi.OVERVIEW, relayed);
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("GET /admin/overview", sent.method() + " " + sent.rawPath());
        assertEquals("Bearer " + FakeApi.ADMIN_ACCESS_TOKEN, sent.authorization());
        assertNull(sent.rawQuery());
    }

    @Test
    void anyoneElseGetsTheApisRefusal() {
        signedIn()
                .when().get("/api/admin/overview")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/forbidden"));
        given()
                .when().get("/api/admin/overview")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"));

        assertNull(FakeApi.requests().getLast().authorization(), "no Authorization header is made up");
    }

    @Test
    void myUsagePassesItsDaysThrough() {
        String relayed = signedIn().queryParam("days", "30")
                .when().get("/api/usage/me")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("remaining_today", equalTo(1995700))
                .extract().asString();

        assertEquals(FakeApi.MY_USAGE, relayed);
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("GET /usage/me", sent.method() + " " + sent.rawPath());
        assertEquals("days=30", sent.rawQuery());
        assertEquals("Bearer " + FakeApi.ACCESS_TOKEN, sent.authorization());
    }

    @Test
    void myUsageWithoutDaysInventsNone() {
        signedIn().when().get("/api/usage/me").then().statusCode(200);

        assertNull(FakeApi.requests().getLast().rawQuery());
    }

    @Test
    void anArticlesUsageIsRelayed() {
        String relayed = signedIn()
                .when().get("/api/articles/" + FakeApi.ARTICLE_ID + "/usage")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("by_stage[0].stage", equalTo("writing"))
                .extract().asString();

        assertEquals(FakeApi.ARTICLE_USAGE, relayed);
        assertEquals("/articles/" + FakeApi.ARTICLE_ID + "/usage", FakeApi.requests().getLast().rawPath());
    }

    @Test
    void theUsageOfAnArticleNotOwnedIsTheApisNotFound() {
        signedIn()
                .when().get("/api/articles/" + FakeApi.MISSING_ID + "/usage")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("No such thing: /articles/" + FakeApi.MISSING_ID + "/usage"));
    }

    @Test
    void theLibraryPassesEveryFilterAndPagingParameterThrough() {
        signedIn().queryParam("status", "completed").queryParam("language", "German").queryParam("level", "B1")
                .queryParam("page", "2").queryParam("size", "10")
                .when().get("/api/articles")
                .then().statusCode(200);

        assertEquals(Set.of("status=completed", "language=German", "level=B1", "page=2", "size=10"),
                parameters(FakeApi.requests().getLast().rawQuery()));
    }

    @Test
    void theJobListPassesStatusAndPagingThrough() {
        signedInAsAdmin().queryParam("status", "failed").queryParam("page", "1").queryParam("size", "50")
                .when().get("/api/jobs")
                .then().statusCode(200);

        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals(Set.of("status=failed", "page=1", "size=50"), parameters(sent.rawQuery()));
        assertTrue(sent.authorization().endsWith(FakeApi.ADMIN_ACCESS_TOKEN), "the admin's own session goes through");
    }

    private static Set<String> parameters(String rawQuery) {
        return Stream.of(rawQuery.split("&")).collect(Collectors.toSet());
    }

    /** A page whose reader logged in with an admin account. */
    private static RequestSpecification signedInAsAdmin() {
        return Browser.notSignedIn().cookie(SessionCookies.SESSION, FakeApi.ADMIN_ACCESS_TOKEN);
    }
}
