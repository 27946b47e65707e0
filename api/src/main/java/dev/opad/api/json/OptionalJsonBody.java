package dev.opad.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON body a request may leave out (generate's). JAX-RS cannot read "no body" into a record: a request without
 * one names no content type, and no reader takes the default it assumes, so such a resource takes the text and reads
 * it here, with the api's own ObjectMapper (snake case, unknown fields refused) and Bean Validation, so its errors
 * are the same problems as a declared body's. {@link JsonBodies} has already refused a body that is not JSON.
 */
@ApplicationScoped
public class OptionalJsonBody {

    private final ObjectMapper json;
    private final Validator validator;

    public OptionalJsonBody(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** Empty for no body, a blank one or {@code null}; Jackson's and the validator's exceptions go to their mappers. */
    public <T> Optional<T> read(String body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        T value = json.readValue(body, type);
        if (value == null) {
            return Optional.empty();
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return Optional.of(value);
    }
}
