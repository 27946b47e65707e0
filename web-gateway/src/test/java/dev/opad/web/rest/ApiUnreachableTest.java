package dev.opad.web.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ClosedPortApi.class)
class ApiUnreachableTest {

    @Test
    void proxiedCallAnswers503ProblemInsteadOfAnError() {
        given()
                .when().get("/api/jobs/" + UUID.randomUUID())
                .then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("5"))
                .body("status", equalTo(503))
                .body("type", equalTo("/problems/api-unreachable"))
                .body("detail", equalTo("The opad API is not reachable right now. Try again in a moment."));
    }

    @Test
    void writesAndRenderingAlsoAnswer503() {
        Browser.signedIn().contentType("application/json").body("{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"x\"}")
                .when().post("/api/articles")
                .then().statusCode(503).contentType(startsWith("application/problem+json"));
        given()
                .when().get("/api/articles/" + UUID.randomUUID() + "/html")
                .then().statusCode(503).contentType(startsWith("application/problem+json"));
    }

    @Test
    void gatewayStaysReadyWhileTheApiIsDown() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void healthReportsTheApiDown() {
        given()
                .when().get("/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("services.api.status", equalTo("DOWN"));
    }
}
