package dev.opad.worker.webhook;

import dev.opad.source.SourceUrlCheck;
import dev.opad.source.SourceUrlCheck.Allowed;
import dev.opad.source.SourceUrlCheck.Refused;
import dev.opad.webhook.WebhookConfig;
import dev.opad.webhook.WebhookSignature;
import dev.opad.webhook.WebhookUrlPolicy;
import dev.opad.worker.job.WorkerIdentity;
import dev.opad.worker.model.ProviderHttpException;
import dev.opad.worker.webhook.DeliveryRecords.Claim;
import dev.opad.worker.webhook.DeliveryRecords.Claimed;
import dev.opad.worker.webhook.DeliveryRecords.Recorded;
import dev.opad.worker.webhook.DeliveryRecords.Result;
import dev.opad.worker.webhook.WebhookMetrics.Outcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Sends webhook deliveries; runs in every worker, safely with any number of them. One platform thread
 * claims due deliveries for the free slots ({@link DeliveryRecords#claim}, committed before anything is
 * sent), and each claimed try runs on a virtual thread: the URL is checked by the webhook URL policy again
 * (DNS resolved now, and the connection pinned to what it approved), the payload signed (Standard Webhooks,
 * with every valid secret), POSTed once, and the result recorded in a second transaction. A worker killed
 * between a receiver's 2xx and that record leaves the delivery claimed; when the claim passes another
 * worker sends it again, with the same {@code webhook-id} — the only way a delivery that got a 2xx is sent
 * twice, and why receivers should drop duplicate ids.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final Duration MIN_WAIT = Duration.ofMillis(20);

    private final WebhookConfig.Delivery config;
    private final DeliveryRecords records;
    private final WebhookUrlPolicy policy;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final String worker;
    private final Semaphore slots;
    private final PinnedPost post = new PinnedPost();
    private final ExecutorService tries = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("opad-webhook-", 1).factory());
    private volatile boolean stopped;
    private Thread loop;

    public WebhookSender(WebhookConfig config, DeliveryRecords records, WebhookUrlPolicy policy, WebhookMetrics metrics,
                         Clock clock, WorkerIdentity identity) {
        this.config = config.delivery();
        this.records = records;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        this.worker = identity.id();
        this.slots = new Semaphore(this.config.concurrency());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            loop = Thread.ofPlatform().name("opad-webhook-sender").daemon().start(this::run);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (loop != null) {
            loop.interrupt();
        }
        // Tries in flight get a moment to record; an unrecorded one is sent again once its claim passes.
        tries.shutdown();
        try {
            tries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!stopped) {
            try {
                int free = waitForSlots();
                Claimed claimed;
                try {
                    claimed = records.claim(worker, free, clock.instant());
                } catch (RuntimeException e) {
                    slots.release(free);
                    throw e;
                }
                slots.release(free - claimed.claims().size());
                for (int i = 0; i < claimed.failedWithoutTry(); i++) {
                    metrics.tried(Outcome.FAILED, null);
                }
                for (Claim claim : claimed.claims()) {
                    tries.execute(() -> {
                        try {
                            attempt(claim);
                        } finally {
                            slots.release();
                        }
                    });
                }
                if (claimed.claims().size() + claimed.failedWithoutTry() < free) {
                    Thread.sleep(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.warnf("webhook sender: could not claim deliveries (%s); trying again shortly", e.toString());
                sleepQuietly(config.pollInterval());
            }
        }
    }

    /** Blocks until at least one slot is free, then takes every free one. */
    private int waitForSlots() throws InterruptedException {
        slots.acquire();
        return 1 + slots.drainPermits();
    }

    /** One try of one claimed delivery: check, sign, send, record. Never throws. */
    void attempt(Claim claim) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        Result result;
        try {
            result = send(claim, at, started);
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook delivery %s: the try failed unexpectedly", claim.id());
            result = new Result(at, false, null, "the try failed in opad: " + e.getClass().getSimpleName(),
                    Duration.ofNanos(System.nanoTime() - started), Optional.empty());
        }
        try {
            Optional<Recorded> recorded = records.record(claim, result);
            if (recorded.isEmpty()) {
                LOG.infof("webhook delivery %s: its claim passed to another sender before this try was recorded", claim.id());
                return;
            }
            metrics.tried(recorded.get().outcome(), result.took());
            if (recorded.get().endpointDisabled()) {
                metrics.endpointDisabled();
            }
        } catch (RuntimeException e) {
            // The claim stays; when it passes, another try is made with the same webhook-id.
            LOG.warnf("webhook delivery %s: the result of its try could not be recorded (%s)", claim.id(), e.toString());
        }
    }

    private Result send(Claim claim, Instant at, long started) {
        SourceUrlCheck check = policy.check(claim.url());
        if (check instanceof Refused refused) {
            return failure(at, started, null, "not sent: " + refused.reason(), Optional.empty());
        }
        Allowed target = (Allowed) check;
        String id = WebhookSignature.messageId(claim.id());
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", id,
                "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", WebhookSignature.header(claim.secrets(), id, timestamp, claim.payload()));
        PinnedPost.Answer answer;
        try {
            answer = post.send(target, headers, claim.payload(), config.timeout());
        } catch (IOException e) {
            return failure(at, started, null, describe(target, e), Optional.empty());
        }
        int status = answer.status();
        if (status >= 200 && status <= 299) {
            return new Result(at, true, status, null, Duration.ofNanos(System.nanoTime() - started), Optional.empty());
        }
        Optional<Duration> retryAfter = status == 429 || status == 503
                ? answer.retryAfter().flatMap(value -> ProviderHttpException.retryAfter(value, at)) : Optional.empty();
        String said = answer.body().isBlank() ? "" : ": " + answer.body().strip();
        String why = status >= 300 && status <= 399
                ? "the receiver answered " + status + " (a redirect, which opad does not follow" + answer.location()
                .map(l -> " to " + l).orElse("") + ")"
                : "the receiver answered " + status;
        return failure(at, started, status, why + said, retryAfter);
    }

    private static Result failure(Instant at, long started, Integer status, String error, Optional<Duration> retryAfter) {
        return new Result(at, false, status, error, Duration.ofNanos(System.nanoTime() - started), retryAfter);
    }

    private String describe(Allowed target, IOException e) {
        String site = target.host() + ":" + target.port();
        return switch (e) {
            case SocketTimeoutException timeout -> "no answer from " + site + " within " + config.timeout().toSeconds() + " s";
            case InterruptedIOException timeout -> "no answer from " + site + " within " + config.timeout().toSeconds() + " s";
            case ConnectException refused -> "could not connect to " + site + " (connection refused)";
            case NoRouteToHostException unreachable -> "could not connect to " + site + " (no route to the host)";
            case SSLException tls -> "the secure connection to " + site + " failed (" + tls.getMessage() + ")";
            default -> "the request to " + site + " failed: " + e.getMessage();
        };
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(Math.max(MIN_WAIT.toMillis(), duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
