package dev.opad.worker.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.opad.db.DatabaseFailures;
import dev.opad.storage.StorageUnavailableException;
import dev.opad.worker.quality.QualityGateFailedException;
import dev.opad.worker.search.WebSearchException;
import dev.opad.worker.source.SourceFetchException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides whether a failed job step is worth retrying, and says why it failed in a sentence a user
 * understands. It reads the whole cause chain, because langchain4j wraps the HTTP layer's exception
 * in its own ({@code RateLimitException} around our {@link ProviderHttpException}, for example).
 *
 * <p>The most telling cause wins: our storage failure, then the provider's HTTP status (with its
 * {@code Retry-After}), then timeouts, interruption, network failures, malformed answers, and last
 * langchain4j's own retriable / non-retriable split. What nobody knows to be transient is permanent,
 * so a bug fails its job once instead of burning the retry budget.
 */
public final class FailureClassifier {

    static final int MAX_REASON = 300;
    private static final int MAX_CAUSES = 32;

    private static final Set<String> NO_QUOTA = Set.of("insufficient_quota", "billing_hard_limit_reached");
    private static final Set<String> CONTENT_REFUSED = Set.of("content_filter", "content_policy_violation");
    private static final Set<String> KEY_REJECTED = Set.of("invalid_api_key");
    private static final Set<String> MODEL_UNKNOWN = Set.of("model_not_found");
    private static final Set<String> OVERLOADED = Set.of("overloaded_error");

    private static final Pattern SECRETS = Pattern.compile(
            "(?i)(bearer\\s+|api[_-]?key[\"'=:\\s]+|\\bsk-)[A-Za-z0-9._*\\-]{3,}");

    static final String KEY_REJECTED_REASON = "the model provider rejected the API key";
    static final String RATE_LIMITED_REASON = "the model provider is rate limiting requests";
    static final String CONTENT_REFUSED_REASON = "the model provider refused the content";
    static final String NOT_JSON_REASON = "the model provider answered with something that is not valid JSON";
    static final String STORAGE_REASON = "storage is unavailable";
    static final String DATABASE_REASON = "the database was busy or unreachable";

    private FailureClassifier() {
    }

    public static Failure classify(Throwable error) {
        return classifyWithCause(error).failure();
    }

    /**
     * A failure and its cause, one of a small fixed set of words ({@code rate_limited}, {@code timeout},
     * {@code provider_error}, {@code connection}, {@code source}, {@code search}, {@code storage},
     * {@code database}, {@code other}, …): what {@code opad_job_retries_total{reason}} counts by.
     */
    public record Classified(Failure failure, String cause) {
    }

    /** One rule of the classification: the first that recognises the error decides. */
    private record Rule(String cause, Function<List<Throwable>, Optional<Failure>> find) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("budget", chain -> find(chain, dev.opad.worker.job.BudgetUsedUpException.class)
                    .map(e -> Failure.ofPermanent(e.getMessage()))),
            new Rule("quality_gate", FailureClassifier::qualityGate),
            new Rule("source", FailureClassifier::sourcePage),
            new Rule("search", FailureClassifier::webSearch),
            new Rule("storage", FailureClassifier::storage),
            new Rule("database", FailureClassifier::database),
            new Rule("refused", FailureClassifier::contentRefused),
            new Rule("provider_error", FailureClassifier::httpStatus),
            new Rule("timeout", FailureClassifier::timeout),
            new Rule("interrupted", FailureClassifier::interrupted),
            new Rule("connection", FailureClassifier::unreachable),
            new Rule("provider_error", FailureClassifier::notJson),
            new Rule("storage", FailureClassifier::uncheckedIo),
            new Rule("provider_error", FailureClassifier::langchain4jKind),
            new Rule("connection", FailureClassifier::io));

    public static Classified classifyWithCause(Throwable error) {
        List<Throwable> chain = causeChain(error);
        for (Rule rule : RULES) {
            Optional<Failure> failure = rule.find().apply(chain);
            if (failure.isPresent()) {
                // HTTP 429 and langchain4j's RateLimitException both say so in the one reason
                String cause = RATE_LIMITED_REASON.equals(failure.get().reason()) ? "rate_limited" : rule.cause();
                return new Classified(failure.get(), cause);
            }
        }
        return new Classified(Failure.ofPermanent(summary(error)), "other");
    }

    /** The gate refused the article after its revision round: asking the same model again would not help. */
    private static Optional<Failure> qualityGate(List<Throwable> chain) {
        return find(chain, QualityGateFailedException.class).map(e -> Failure.ofPermanent(e.getMessage()));
    }

    /** The reader's source page could not be used; the fetcher already knows whether trying later may help. */
    private static Optional<Failure> sourcePage(List<Throwable> chain) {
        return find(chain, SourceFetchException.class).map(e -> e.isTransient()
                ? Failure.ofTransient("the source page could not be fetched: " + e.reason())
                : Failure.ofPermanent("the source page cannot be used: " + e.reason()));
    }

    private static Optional<Failure> webSearch(List<Throwable> chain) {
        return find(chain, WebSearchException.class).map(e -> e.isTransient()
                ? Failure.ofTransient(e.reason(), e.retryAfter())
                : Failure.ofPermanent(e.reason()));
    }

    private static Optional<Failure> storage(List<Throwable> chain) {
        return find(chain, StorageUnavailableException.class).map(e -> Failure.ofTransient(STORAGE_REASON));
    }

    /**
     * Our own database failing for a moment (no free connection in time, a lost connection, a
     * deadlock, a server restart) is not the job's fault: under load a burst of 1,000 running jobs
     * waited longer than the pool's acquisition timeout (BENCHMARKS.md, P4) and must not fail for good.
     */
    private static Optional<Failure> database(List<Throwable> chain) {
        return chain.stream().filter(SQLException.class::isInstance).map(SQLException.class::cast)
                .filter(DatabaseFailures::isTransient).findFirst()
                .map(e -> Failure.ofTransient(DATABASE_REASON));
    }


    private static Optional<Failure> contentRefused(List<Throwable> chain) {
        return find(chain, ContentFilteredException.class).map(e -> Failure.ofPermanent(CONTENT_REFUSED_REASON));
    }

    private static Optional<Failure> httpStatus(List<Throwable> chain) {
        Optional<ProviderHttpException> ours = find(chain, ProviderHttpException.class);
        if (ours.isPresent()) {
            return Optional.of(fromStatus(ours.get()));
        }
        return find(chain, HttpException.class).map(FailureClassifier::fromStatus);
    }

    private static Failure fromStatus(HttpException e) {
        int status = e.statusCode();
        ProviderHttpException ours = e instanceof ProviderHttpException p ? p : null;
        Optional<Duration> retryAfter = ours == null ? Optional.empty() : ours.retryAfter();
        String code = ours == null ? "" : ours.errorCode().orElse("").toLowerCase(Locale.ROOT);
        // OpenAI answers 429 both for "slow down" and for "your account has no credit left";
        // only the error code tells them apart, and waiting does not fix the second.
        if (NO_QUOTA.contains(code)) {
            return Failure.ofPermanent("the model provider account has no quota or credit left");
        }
        if (CONTENT_REFUSED.contains(code)) {
            return Failure.ofPermanent(CONTENT_REFUSED_REASON);
        }
        if (KEY_REJECTED.contains(code) || status == 401) {
            return Failure.ofPermanent(KEY_REJECTED_REASON);
        }
        if (MODEL_UNKNOWN.contains(code) || status == 404) {
            return Failure.ofPermanent(modelUnknown(ours));
        }
        if (status == 403) {
            return Failure.ofPermanent("the model provider denied access with this API key (HTTP 403)");
        }
        if (status == 429) {
            return Failure.ofTransient(RATE_LIMITED_REASON, retryAfter);
        }
        if (status == 408) {
            return Failure.ofTransient("the model provider gave up waiting for the request (HTTP 408)", retryAfter);
        }
        // Anthropic's 529: the whole service is busy, not this request; its retry-after is honoured like a 429's.
        if (OVERLOADED.contains(code) || status == 529) {
            return Failure.ofTransient("the model provider is overloaded (HTTP " + status + ")", retryAfter);
        }
        if (status >= 500 && status <= 599) {
            return Failure.ofTransient("the model provider had a server error (HTTP " + status + ")", retryAfter);
        }
        if (status == 400 || status == 422) {
            String detail = ours == null ? "" : ours.errorMessage().map(m -> ": " + m).orElse("");
            return Failure.ofPermanent(shorten("the model provider rejected the request as invalid (HTTP " + status + ")"
                    + detail));
        }
        return Failure.ofPermanent("the model provider refused the request (HTTP " + status + ")");
    }

    private static String modelUnknown(ProviderHttpException e) {
        return Optional.ofNullable(e).flatMap(ProviderHttpException::requestedModel)
                .map(model -> shorten("the model provider does not know the model '" + model + "'"))
                .orElse("the model provider does not know the requested model");
    }

    private static Optional<Failure> timeout(List<Throwable> chain) {
        Optional<ProviderTimeoutException> ours = find(chain, ProviderTimeoutException.class);
        if (ours.isPresent()) {
            String after = ours.get().timeout().map(t -> " after " + human(t)).orElse("");
            return Optional.of(Failure.ofTransient(ours.get().connecting()
                    ? "connecting to the model provider timed out" + after
                    : "the model call timed out" + after));
        }
        if (find(chain, HttpConnectTimeoutException.class).isPresent()) {
            return Optional.of(Failure.ofTransient("connecting to the model provider timed out"));
        }
        boolean timedOut = find(chain, HttpTimeoutException.class).isPresent()
                || find(chain, SocketTimeoutException.class).isPresent()
                || find(chain, dev.langchain4j.exception.TimeoutException.class).isPresent()
                || find(chain, java.util.concurrent.TimeoutException.class).isPresent();
        return timedOut ? Optional.of(Failure.ofTransient("the model call timed out")) : Optional.empty();
    }

    /** The worker interrupts a call when it stops or loses the job; someone may run the job again. */
    private static Optional<Failure> interrupted(List<Throwable> chain) {
        boolean interrupted = find(chain, InterruptedException.class).isPresent()
                || chain.stream().anyMatch(t -> t.getClass() == InterruptedIOException.class);
        return interrupted ? Optional.of(Failure.ofTransient("the model call was interrupted")) : Optional.empty();
    }

    private static Optional<Failure> unreachable(List<Throwable> chain) {
        String where = find(chain, ProviderUnreachableException.class)
                .map(e -> " at " + e.authority()).orElse("");
        if (find(chain, UnknownHostException.class).isPresent()
                || find(chain, UnresolvedAddressException.class).isPresent()
                || find(chain, UnresolvedModelServerException.class).isPresent()) {
            // Usually a typo in the base URL, but DNS also fails for a moment when a network or container
            // restarts; a few retries cost little and the reason tells the user what to check.
            return Optional.of(Failure.ofTransient("cannot find the model provider's host" + where));
        }
        if (find(chain, ConnectException.class).isPresent() || find(chain, NoRouteToHostException.class).isPresent()) {
            return Optional.of(Failure.ofTransient("cannot connect to the model provider" + where));
        }
        return find(chain, ProviderUnreachableException.class)
                .map(e -> Failure.ofTransient("the connection to the model provider" + where + " failed"));
    }

    /**
     * A 200 whose body is not JSON is permanent. The JDK client reads the body to its declared length
     * or last chunk and fails with an {@link IOException} (transient, above) if the connection drops,
     * so a body that arrives complete and still does not parse is what the server meant to send:
     * typically a base URL that points at a web page or a proxy, which retrying will not change.
     */
    private static Optional<Failure> notJson(List<Throwable> chain) {
        return find(chain, JsonProcessingException.class).map(e -> Failure.ofPermanent(NOT_JSON_REASON));
    }

    private static Optional<Failure> uncheckedIo(List<Throwable> chain) {
        return find(chain, UncheckedIOException.class).map(e -> Failure.ofTransient(STORAGE_REASON));
    }

    private static Optional<Failure> langchain4jKind(List<Throwable> chain) {
        for (Throwable t : chain) {
            Optional<Failure> known = switch (t) {
                case AuthenticationException e -> Optional.of(Failure.ofPermanent(KEY_REJECTED_REASON));
                case ModelNotFoundException e -> Optional.of(Failure.ofPermanent(modelUnknown(null)));
                case InvalidRequestException e -> Optional.of(Failure.ofPermanent(
                        shorten("the model provider rejected the request as invalid: " + message(e))));
                case RateLimitException e -> Optional.of(Failure.ofTransient(RATE_LIMITED_REASON));
                case InternalServerException e -> Optional.of(Failure.ofTransient("the model provider had a server error"));
                case RetriableException e -> Optional.of(Failure.ofTransient(summary(e)));
                case NonRetriableException e -> Optional.of(Failure.ofPermanent(summary(e)));
                default -> Optional.empty();
            };
            if (known.isPresent()) {
                return known;
            }
        }
        return Optional.empty();
    }

    /** Another I/O failure (the JDK's or a driver's network layer): the classic transient error. */
    private static Optional<Failure> io(List<Throwable> chain) {
        return find(chain, IOException.class).map(e -> Failure.ofTransient(summary(e)));
    }

    private static List<Throwable> causeChain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        // Causes first, in order; then what was suppressed along the way (a failed commit keeps
        // what failed before completion that way) with its own causes.
        Deque<Throwable> pending = new ArrayDeque<>(List.of(error));
        while (!pending.isEmpty() && chain.size() < MAX_CAUSES) {
            for (Throwable t = pending.poll(); t != null && seen.add(t) && chain.size() < MAX_CAUSES; t = t.getCause()) {
                chain.add(t);
                pending.addAll(List.of(t.getSuppressed()));
            }
        }
        return chain;
    }

    private static <T extends Throwable> Optional<T> find(List<Throwable> chain, Class<T> type) {
        return chain.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Class name and message, without secrets, short enough for a status line. */
    static String summary(Throwable error) {
        String message = message(error);
        return shorten(error.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
    }

    private static String message(Throwable error) {
        String message = error.getMessage();
        return message == null ? "" : message.strip().replaceAll("\\s+", " ");
    }

    private static String shorten(String text) {
        String safe = SECRETS.matcher(text).replaceAll("$1***");
        return safe.length() <= MAX_REASON ? safe : safe.substring(0, MAX_REASON - 1) + "…";
    }

    /** "120 s", "300 ms", "1.5 s": how a person would write the timeout. */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
