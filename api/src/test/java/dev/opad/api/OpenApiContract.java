package dev.opad.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Holds every api test to the OpenAPI document: before each {@code @QuarkusTest} class, a global
 * RestAssured filter is installed that checks each answer (status, content type, body) against the
 * document the build wrote ({@code quarkus.smallrye-openapi.store-schema-directory}), the same one
 * clients are generated from. Registered in META-INF/services, so a new test class is covered
 * without doing anything.
 *
 * <p>Only answers are judged. The tests send malformed, hostile and unknown requests on purpose
 * (BadInputTest, HostileInputTest, paths that do not exist); the document describes valid
 * requests, so the validator's request-side findings would be the test's intent, not a mismatch.
 * The answers to those requests are still checked when their path and method are in the document.
 */
public class OpenApiContract implements QuarkusTestBeforeClassCallback {

    static final Path DOCUMENT = Path.of("target", "openapi", "openapi.json");

    private static OpenApiValidationFilter filter;

    @Override
    public void beforeClass(Class<?> testClass) {
        install();
    }

    static synchronized void install() {
        if (filter == null) {
            filter = new OpenApiValidationFilter(validator());
        }
        if (!RestAssured.filters().contains(filter)) {
            RestAssured.filters(filter);
        }
    }

    static boolean installed() {
        return filter != null && RestAssured.filters().contains(filter);
    }

    private static OpenApiInteractionValidator validator() {
        if (!Files.isRegularFile(DOCUMENT)) {
            throw new IllegalStateException("No OpenAPI document at " + DOCUMENT.toAbsolutePath()
                    + "; the Quarkus build writes it (quarkus.smallrye-openapi.store-schema-directory)");
        }
        return OpenApiInteractionValidator.createForSpecificationUrl(DOCUMENT.toUri().toString())
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }
}
