package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An operator's allow-list of private hosts (OPAD_WEBHOOK_ALLOWED_PRIVATE_HOSTS), as development and the end-to-end
 * tests use it: the hosts named may be private and on any port, for endpoints and callbacks alike; every other host
 * keeps the public-only rules. The same setting, not a test-only path, that a deployment would set.
 */
@QuarkusTest
@TestProfile(WebhookAllowListTest.LocalReceivers.class)
@WithTestResource(RealInfrastructure.class)
class WebhookAllowListTest {

    public static class LocalReceivers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.webhook.allowed-private-hosts", "127.0.0.1,localhost");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9999/hook", "http://localhost:3000/opad", "https://LOCALHOST./x",
            "http://127.0.0.1/"})
    void anAllowListedHostIsAcceptedOnAnyPort(String url) {
        TestUsers.User user = TestUsers.shared();
        String id = user.given().contentType(ContentType.JSON)
                .body("{\"url\": \"" + url + "\", \"events\": [\"job.completed\"]}")
                .when().post("/webhooks")
                .then().statusCode(201).body("url", equalTo(url))
                .extract().path("id");
        user.given().when().delete("/webhooks/" + id).then().statusCode(204);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.2:9999/hook        | port 9999 is not allowed
            http://127.0.0.2/hook             | loopback
            http://10.0.0.7/hook              | private network
            http://[::1]/hook                 | loopback
            http://api.localhost/hook         | this machine
            https://93.184.216.34:8443/hook   | port 8443 is not allowed
            """)
    void everyOtherHostKeepsThePublicOnlyRules(String url, String says) {
        TestUsers.shared().given().contentType(ContentType.JSON)
                .body("{\"url\": \"" + url + "\", \"events\": [\"job.completed\"]}")
                .when().post("/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString(says));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:4000/done | 202
            http://127.0.0.2:4000/done | 400
            """)
    void callbacksFollowTheSameList(String url, int status) {
        TestUsers.User user = TestUsers.register();
        user.given().when().post("/webhooks/callback-secret").then().statusCode(201);
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        user.given().contentType(ContentType.JSON).body("{\"callback_url\": \"" + url + "\"}")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(status);
        assertEquals(status == 202 ? url : null, RealInfrastructure.database().query(
                "select max(callback_url) from jobs where article_id = '" + article + "'"));
    }
}
