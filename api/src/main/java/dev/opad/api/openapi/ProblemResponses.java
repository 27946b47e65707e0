package dev.opad.api.openapi;

import dev.opad.api.idempotency.Idempotency;
import dev.opad.api.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents opad's error answers by rule, so that an endpoint gets the problems it can give
 * without annotations of its own: every 4xx and 5xx is an RFC 9457 {@code application/problem+json}
 * {@link Problem}; an operation with a JSON body can answer 400, 413 and 415; one with query
 * parameters 400; one with a path parameter 404 (unknown, malformed or another account's id);
 * one that takes an {@value Idempotency#HEADER} 400, 409 and 422; a secured one 401, and 403
 * only where it declares one (a role check). Every operation may answer 406 (an Accept it cannot
 * serve), 500, which is a bug, and 503 (Postgres busy or unreachable for a moment, Retry-After).
 * What the code cannot say — a 409 for a busy article, a 429 past a limit, a 503 with Redis
 * down — each resource method declares with a one-line {@code @APIResponse}; this filter gives it
 * the problem body. An answer that is not a problem (the 503 of {@code /health}) names its own
 * content and is left alone.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    private static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;
    private static final String QUARKUS_GENERIC_403 = "Not Allowed";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                addByRule(operation, path);
                operation.getResponses().getAPIResponses().forEach(ProblemResponses::giveProblemBody);
            }
        }
    }

    private static void addByRule(Operation operation, PathItem path) {
        APIResponses responses = operation.getResponses();
        List<Parameter> parameters = parameters(operation, path);
        if (operation.getRequestBody() != null) {
            add(responses, "400", "The body is not valid JSON or breaks a rule; errors[] names the fields");
            add(responses, "413", "The body is larger than the api accepts (quarkus.http.limits.max-body-size)");
            add(responses, "415", "The body is not sent as application/json");
        }
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY)) {
            add(responses, "400", "A query parameter is malformed or out of range; errors[] names it");
        }
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH)) {
            add(responses, "404", "Nothing with this id, or it belongs to another account");
        }
        if (parameters.stream().anyMatch(p -> Idempotency.HEADER.equalsIgnoreCase(p.getName()))) {
            add(responses, "400", "The Idempotency-Key is not 1 to 255 printable ASCII characters");
            add(responses, "409", "A request with this Idempotency-Key is still in progress");
            add(responses, "422", "This Idempotency-Key was used for a different request");
        }
        if (isSecured(operation)) {
            add(responses, "401", "No credential, or an invalid, expired or revoked one");
        }
        APIResponse forbidden = responses.getAPIResponse("403");
        if (forbidden != null && QUARKUS_GENERIC_403.equals(forbidden.getDescription())) {
            // Quarkus lists this 403 on every secured operation; only a role check answers 403, and
            // the operations that make one declare it with their own description.
            responses.removeAPIResponse("403");
        }
        add(responses, "406", "The Accept header asks for a type this call does not answer with");
        add(responses, "500", "A bug in opad: the problem says nothing more, the log does");
        add(responses, "503", "Busy or a store unreachable for a moment; nothing was done, see Retry-After");
    }

    private static List<Parameter> parameters(Operation operation, PathItem path) {
        return Stream.of(path.getParameters(), operation.getParameters())
                .filter(list -> list != null)
                .flatMap(List::stream)
                .toList();
    }

    private static boolean isSecured(Operation operation) {
        return operation.getSecurity() != null && !operation.getSecurity().isEmpty();
    }

    private static void add(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    private static void giveProblemBody(String status, APIResponse response) {
        boolean error = status.startsWith("4") || status.startsWith("5");
        if (error && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
            response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))));
        }
    }

    /** The shape of {@link Problem}; every problem an api test receives is validated against it (OpenApiContract). */
    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addRequired("field").addRequired("message")
                .addProperty("field", text("The request field at fault, as the client sent it (e.g. topic, Idempotency-Key)"))
                .addProperty("message", text("What is wrong with it"));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem: every error opad answers has this shape")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", text("A URI reference naming the kind of problem, e.g. /problems/validation"))
                .addProperty("title", text("The HTTP reason phrase"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", text("What went wrong, in plain words"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .description("For invalid input: each offending field")
                        .items(fieldError));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }
}
