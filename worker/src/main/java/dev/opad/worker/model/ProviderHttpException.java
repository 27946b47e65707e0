package dev.opad.worker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A non-2xx answer from the model provider, with the facts langchain4j's {@link HttpException} drops:
 * the {@code Retry-After} the provider asked for, the model we asked for, and the provider's error code.
 *
 * <p>It stays an {@link HttpException} on purpose: langchain4j's exception mapper still turns it into
 * its {@code RateLimitException}, {@code AuthenticationException} and so on, with this as the cause.
 */
public final class ProviderHttpException extends HttpException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,9}");
    private static final int MAX_MESSAGE = 1000;

    private final Duration retryAfter;
    private final String requestedModel;
    private final String errorCode;
    private final String errorMessage;

    public ProviderHttpException(int statusCode, String body, Optional<Duration> retryAfter, Optional<String> requestedModel) {
        super(statusCode, shorten(body));
        this.retryAfter = retryAfter.orElse(null);
        this.requestedModel = requestedModel.orElse(null);
        JsonNode error = errorNode(body);
        this.errorCode = text(error.path("code")).or(() -> text(error.path("type"))).orElse(null);
        this.errorMessage = error.isTextual() ? error.asText() : text(error.path("message")).orElse(null);
    }

    /** How long the provider asked us to wait, from {@code Retry-After} (seconds or an HTTP date). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The {@code model} of the request that failed, so a 404 can name it. */
    public Optional<String> requestedModel() {
        return Optional.ofNullable(requestedModel);
    }

    /**
     * OpenAI's {@code error.code} (or {@code error.type}), such as {@code insufficient_quota}; Anthropic
     * has only {@code error.type}, such as {@code overloaded_error}.
     */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The provider's own explanation ({@code error.message}); may be long and may quote the request. */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }

    /**
     * Reads {@code retry-after-ms} (OpenAI's millisecond variant, preferred when present) or the
     * standard {@code Retry-After}: delta-seconds or an HTTP date, which counts from {@code now}.
     * A date in the past means "now"; anything unreadable means the provider gave no hint.
     */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<Duration> millis = headers.firstValue("retry-after-ms").flatMap(ProviderHttpException::millis);
        return millis.isPresent() ? millis : headers.firstValue("retry-after").flatMap(value -> retryAfter(value, now));
    }

    /** One {@code Retry-After} value: delta-seconds or an HTTP date counted from {@code now} (also read for webhooks). */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        String trimmed = value.strip();
        if (DELTA_SECONDS.matcher(trimmed).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.strip());
            return ms >= 0 && ms < 1e12 ? Optional.of(Duration.ofMillis((long) ms)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * OpenAI and most compatible servers answer {@code {"error": {...}}}; Ollama sometimes {@code {"error": "..."}};
     * Anthropic {@code {"type": "error", "error": {"type": "...", "message": "..."}}}.
     */
    private static JsonNode errorNode(String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body).path("error");
        } catch (Exception notJson) {
            return JSON.missingNode();
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static String shorten(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_MESSAGE ? body : body.substring(0, MAX_MESSAGE) + "…";
    }
}
