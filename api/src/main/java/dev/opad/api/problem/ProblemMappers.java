package dev.opad.api.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.opad.api.auth.InvalidCredentialsProblem;
import dev.opad.api.auth.SessionRequiredProblem;
import dev.opad.api.idempotency.IdempotencyKeyReusedProblem;
import dev.opad.api.limits.TooManyRequestsProblem;
import dev.opad.db.DatabaseFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns each kind of failure into an RFC 9457 problem. Each method maps one narrow kind; the one
 * for {@code Exception} is for bugs: it logs them as such and answers a plain 500 problem, so a
 * bug is never hidden and never shows the client its internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int DATABASE_RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response validationFailed(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return validationProblem(detail, errors);
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestProblem e) {
        return validationProblem(e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return malformedJson((JsonProcessingException) e);
    }

    /**
     * In plain words: Jackson's own message names its internals (StreamReadConstraints, token
     * types), which mean nothing to a client and tell an attacker what parses the body.
     */
    private static Response malformedJson(JsonProcessingException e) {
        String problem = e instanceof StreamConstraintsException
                ? "is nested too deeply, or holds a number or name that is too long"
                : "is not valid JSON";
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return Problem.of(Status.BAD_REQUEST, "malformed-json", "The request body " + problem + where).toResponse();
    }

    @ServerExceptionMapper
    public Response malformedBody(MalformedBodyProblem e) {
        return Problem.of(Status.BAD_REQUEST, "malformed-json", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response tooDeep(StreamConstraintsException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = e.getPropertyName();
        return validationProblem("Unknown field '" + field + "'",
                List.of(new Problem.FieldError(field, "is not a known field")));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return wrongShape(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return wrongShape(e);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized("Authentication required: send Authorization: Bearer <token> (log in, or use an API token)");
    }

    @ServerExceptionMapper
    public Response badCredential(AuthenticationFailedException e) {
        return unauthorized("The bearer token is invalid, expired or revoked");
    }

    @ServerExceptionMapper
    public Response wrongCredentials(InvalidCredentialsProblem e) {
        return unauthorized(e.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Status.FORBIDDEN, "forbidden", "This needs a role the caller does not have").toResponse();
    }

    @ServerExceptionMapper
    public Response sessionRequired(SessionRequiredProblem e) {
        return Problem.of(Status.FORBIDDEN, "session-required", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response tooManyRequests(TooManyRequestsProblem e) {
        Response problem = Problem.of(Status.TOO_MANY_REQUESTS, "rate-limited", e.getMessage()).toResponse();
        return Response.fromResponse(problem).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return Problem.of(Status.NOT_FOUND, "not-found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictProblem e) {
        return Problem.of(Status.CONFLICT, "conflict", e.getMessage()).toResponse();
    }

    /** 422, as draft-ietf-httpapi-idempotency-key-header asks; JAX-RS 3.1 has no constant for it. */
    @ServerExceptionMapper
    public Response idempotencyKeyReused(IdempotencyKeyReusedProblem e) {
        return new Problem("/problems/idempotency-key-reused", "Unprocessable Content", 422, e.getMessage(), null)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response queueUnavailable(QueueUnavailableProblem e) {
        LOG.warnf("answering 503, Redis unavailable: %s", String.valueOf(e.getCause()));
        Response problem = Problem.of(Status.SERVICE_UNAVAILABLE, "queue-unavailable", e.getMessage()).toResponse();
        return Response.fromResponse(problem).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response serviceBusy(ServiceBusyProblem e) {
        Response problem = Problem.of(Status.SERVICE_UNAVAILABLE, "busy", e.getMessage()).toResponse();
        return Response.fromResponse(problem).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }

    /** JAX-RS's own refusals (unknown path, 405, 415, 406) keep their status, in problem form. */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // Quarkus REST wraps body-parsing failures; answer them like the unwrapped ones.
            return json instanceof MismatchedInputException mismatch ? wrongShape(mismatch) : malformedJson(json);
        }
        Response original = e.getResponse();
        Status status = Status.fromStatusCode(original.getStatus());
        if (status == null || status.getFamily() == Response.Status.Family.SERVER_ERROR) {
            LOG.error("server error", e);
        }
        int code = original.getStatus();
        String reason = status == null ? "Error" : status.getReasonPhrase();
        return new Problem("about:blank", reason, code, describe(code, e), null).toResponse();
    }

    /**
     * Anything no mapper above expects is a bug: logged with its stack trace under an id, and
     * answered with a plain 500 problem naming only that id, never the exception.
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseFailures.causedByTransient(e)) {
            return databaseBusy(e);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "bug: unexpected failure answered as 500, error id %s", errorId);
        return new Problem("/problems/internal-error", "Internal Server Error", 500,
                "Something went wrong on our side; it was logged as error " + errorId, null).toResponse();
    }

    /**
     * Postgres busy (no free connection within the pool's acquisition timeout, as under a flood) or
     * unreachable for a moment: not a bug, and nothing was committed, so the caller may retry.
     */
    private static Response databaseBusy(Exception e) {
        LOG.warnf("database unavailable for a moment, answered 503: %s", e.toString());
        return Response.fromResponse(Problem.of(Status.SERVICE_UNAVAILABLE, "database-unavailable",
                        "The service is busy right now and did nothing; try again shortly").toResponse())
                .header("Retry-After", String.valueOf(DATABASE_RETRY_AFTER_SECONDS)).build();
    }

    private static Response unauthorized(String detail) {
        Response problem = Problem.of(Status.UNAUTHORIZED, "unauthorized", detail).toResponse();
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }

    private static Response validationProblem(String detail, List<Problem.FieldError> errors) {
        return new Problem("/problems/validation", "Bad Request", 400, detail, errors).toResponse();
    }

    private static Response wrongShape(MismatchedInputException e) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return Problem.of(Status.BAD_REQUEST, "malformed-json",
                    "The request body does not have the expected shape: a JSON object is required").toResponse();
        }
        String expected = e.getTargetType() == null ? "another type" : simpleType(e.getTargetType());
        return validationProblem(field + " must be " + expected,
                List.of(new Problem.FieldError(field, "must be " + expected)));
    }

    private static String describe(int code, WebApplicationException e) {
        return switch (code) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this path";
            case 413 -> "The request body is too large (at most 64 KiB)";
            case 406 -> "The requested media type cannot be produced";
            case 415 -> "Unsupported content type; send application/json";
            default -> status(code);
        };
    }

    private static String status(int code) {
        Status status = Status.fromStatusCode(code);
        return status == null ? "The request failed (HTTP " + code + ")" : status.getReasonPhrase();
    }

    private static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String simpleType(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }

    /**
     * The path ends with the request field; method and parameter names are ours, not the client's. An
     * element of a list is named by its index, as the client would point at it: {@code topics[3]}.
     */
    private static String fieldName(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false).toList();
        if (nodes.size() <= 2) {
            return nodes.isEmpty() ? "request" : snake(nodes.get(nodes.size() - 1).getName());
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes.subList(2, nodes.size())) {
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(snake(node.getName()));
        }
        return field.toString();
    }

    private static String snake(String name) {
        return name == null ? "request" : name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }
}
