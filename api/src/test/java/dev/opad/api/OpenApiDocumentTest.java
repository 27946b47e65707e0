package dev.opad.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the build writes, which clients are generated from, says what the api
 * answers: the success statuses resources set by hand, and a problem body for every error.
 * Every other api test checks its answers against the same document (OpenApiContract).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OpenApiDocumentTest {

    private static JsonNode document() throws IOException {
        return new ObjectMapper().readTree(OpenApiContract.DOCUMENT.toFile());
    }

    private static JsonNode responses(String path, String method) throws IOException {
        JsonNode responses = document().path("paths").path(path).path(method).path("responses");
        assertFalse(responses.isMissingNode(), method + " " + path + " is not in the document");
        return responses;
    }

    @Test
    void listsTheSuccessStatusesTheResourcesSet() throws IOException {
        Map<String, String> expected = Map.of(
                "post /articles", "201",
                "post /articles/{id}/generate", "202",
                "delete /articles/{id}", "204",
                "post /auth/tokens", "201",
                "delete /auth/tokens/{id}", "204",
                "post /jobs/{id}/retry", "202",
                "delete /jobs/{id}", "204");
        for (var entry : expected.entrySet()) {
            String[] operation = entry.getKey().split(" ");
            JsonNode responses = responses(operation[1], operation[0]);
            assertTrue(responses.has(entry.getValue()), entry.getKey() + " lists " + names(responses));
            assertFalse(responses.has("200"), entry.getKey() + " lists 200: " + names(responses));
        }
        JsonNode generated = responses("/articles/{id}/generate", "post").path("202");
        assertEquals("#/components/schemas/GenerateResponse",
                generated.path("content").path("application/json").path("schema").path("$ref").asText());
        assertTrue(responses("/jobs/{id}/cancel", "post").has("202"), "cancel of a running job is 202");
    }

    @Test
    void listsTheRefusalsOfTheCallsScriptsMake() throws IOException {
        assertTrue(names(responses("/articles", "post")).containsAll(Set.of("400", "401", "409", "413", "415", "422")));
        assertTrue(names(responses("/articles/{id}/generate", "post"))
                .containsAll(Set.of("401", "404", "409", "422", "429", "503")));
        assertTrue(names(responses("/jobs/{id}", "get")).containsAll(Set.of("401", "404")));
        assertTrue(names(responses("/auth/login", "post")).containsAll(Set.of("400", "401", "415", "429")));
        assertTrue(responses("/admin/overview", "get").has("403"), "a role check answers 403");
        assertFalse(responses("/articles", "get").has("403"), "no role is needed to list one's articles");
    }

    @Test
    void everyErrorIsAProblemDocument() throws IOException {
        JsonNode paths = document().path("paths");
        List<String> errors = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().path("responses").properties().forEach(response -> {
                    // /health answers 503 with its own summary, which load balancers read
                    boolean healthDown = path.getKey().equals("/health") && response.getKey().equals("503");
                    if (response.getKey().matches("[45]\\d\\d") && !healthDown) {
                        errors.add(operation.getKey() + " " + path.getKey() + " " + response.getKey());
                        JsonNode schema = response.getValue().path("content").path("application/problem+json").path("schema");
                        assertEquals("#/components/schemas/Problem", schema.path("$ref").asText(),
                                operation.getKey() + " " + path.getKey() + " " + response.getKey() + " has no problem body");
                    }
                })));
        assertTrue(errors.size() > 50, "only " + errors);
        JsonNode problem = document().path("components").path("schemas").path("Problem");
        assertTrue(names(problem.path("properties")).containsAll(Set.of("type", "title", "status", "detail", "errors")));
    }

    @Test
    void namesFieldsAsTheApiWritesThem() throws IOException {
        JsonNode article = document().path("components").path("schemas").path("ArticleView").path("properties");
        assertTrue(article.has("word_count") && article.has("latest_job_id"), names(article).toString());
        assertTrue(article.path("title").path("nullable").asBoolean(), "a draft has no title yet");
    }

    @Test
    void everyApiTestIsHeldToTheDocument() {
        assertTrue(OpenApiContract.installed(), "the OpenAPI validation filter is not installed for @QuarkusTest classes");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new java.util.TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
