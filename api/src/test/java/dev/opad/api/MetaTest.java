package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /meta}, the one source of the codes the web UI shows. The UI's own tests (node --test in
 * web-gateway) run against a copy of this answer kept beside them; this test holds that copy to the
 * real answer, so a new stage or state that the UI has no label for fails a test on one side or the other.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MetaTest {

    /** The copy the web UI's tests read; from the api module, the gateway's folder is a sibling. */
    static final Path UI_SAMPLE = Path.of("..", "web-gateway", "src", "test", "js", "meta.json");

    @Test
    void listsTheCodesFromTheEnumsThatDefineThem() {
        given().when().get("/meta").then().statusCode(200)
                .body("languages.code", hasItems("en", "de", "ko"))
                .body("languages.find { it.code == 'de' }.name", org.hamcrest.Matchers.equalTo("German"))
                .body("levels", contains("A1", "A2", "B1", "B2", "C1", "C2"))
                .body("stages", contains("queued", "researching", "writing", "reviewing", "glossary", "storing"))
                .body("job_states.findAll { it.active }.name", contains("queued", "running", "retrying"))
                .body("job_states.findAll { it.terminal }.name", contains("completed", "failed", "cancelled", "discarded"))
                .body("job_states.findAll { it.retryable }.name", contains("failed", "cancelled"))
                .body("article_statuses", contains("pending", "running", "completed", "failed"))
                .body("event_types.name", hasItems("job.queued", "job.stage.started", "job.discarded"));
    }

    @Test
    void isPublicAndCachedWithAnETag() {
        String tag = given().when().get("/meta").then().statusCode(200)
                .header("Cache-Control", containsString("max-age=" + 3600))
                .header("ETag", not(emptyString()))
                .extract().header("ETag");
        given().header("If-None-Match", tag).when().get("/meta").then().statusCode(304)
                .header("ETag", tag)
                .body(emptyString());
        given().header("If-None-Match", "\"something-else\"").when().get("/meta").then().statusCode(200);
    }

    @Test
    void theWebUiTestsReadTheRealAnswer() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode real = json.readTree(given().when().get("/meta").then().statusCode(200).extract().asByteArray());
        JsonNode sample = json.readTree(UI_SAMPLE.toFile());
        assertEquals(real, sample, UI_SAMPLE + " is a copy of GET /meta for the web UI's tests; write the new answer there:\n"
                + json.writerWithDefaultPrettyPrinter().writeValueAsString(real));
    }
}
