package dev.opad.api.job.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.api.job.JobStatusService;
import dev.opad.api.problem.ServiceBusyProblem;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Live job streams: every status a writer stores is published on one Redis channel
 * ({@link QueueKeys#statusChanges()}, by the same Lua that stores it), this api instance listens on one
 * connection and hands each message to the streams of that job. Nothing here blocks or holds a thread
 * per stream: a stream is a {@link Listener} in a map, written to from the event loop.
 *
 * <p>A stream's event id is the status {@code version}; it sends a status only when its version is
 * higher than the last one sent, so the first read, a message racing it and a resumed
 * {@code Last-Event-ID} never repeat or reorder a status. A status is a whole snapshot, so a stream
 * that resumes after a gap gets the newest one, which says everything the missed ones did.
 */
@ApplicationScoped
public class JobStatusStreams {

    private static final Logger LOG = Logger.getLogger(JobStatusStreams.class);
    private static final Duration MAX_RESUBSCRIBE_DELAY = Duration.ofSeconds(30);
    /** Events a slow reader may fall behind by before its stream is closed (it reconnects and resumes). */
    private static final int MAX_BEHIND = 32;

    private final ReactiveRedisDataSource redis;
    private final QueueKeys keys;
    private final JobStatusCache cache;
    private final JobStatusService statuses;
    private final StreamConfig config;
    private final Vertx vertx;
    private final JsonFactory json;

    private final StreamAdmissions admissions;
    private final Map<UUID, Set<Listener>> byJob = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private long heartbeatTimer = -1;

    public JobStatusStreams(ReactiveRedisDataSource redis, QueueKeys keys, JobStatusCache cache, JobStatusService statuses,
                            StreamConfig config, Vertx vertx, ObjectMapper mapper) {
        this.redis = redis;
        this.keys = keys;
        this.cache = cache;
        this.statuses = statuses;
        this.config = config;
        this.vertx = vertx;
        this.json = mapper.getFactory();
        this.admissions = new StreamAdmissions(config.maxStreams(), config.maxPerUser());
    }

    void start(@Observes StartupEvent event) {
        subscribe(Duration.ofMillis(250));
        heartbeatTimer = vertx.setPeriodic(config.heartbeat().toMillis(), tick -> heartbeat());
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        vertx.cancelTimer(heartbeatTimer);
        byJob.values().forEach(listeners -> listeners.forEach(Listener::close));
    }

    /** Streams open on this instance (admitted, and not ended), for the gauge and the benchmark. */
    public int openStreams() {
        return admissions.open();
    }

    /**
     * The caller's stream of job {@code jobId}: 503 or 429 past the limits, before any work is done for
     * it; 404 (from the status read) when the job is not theirs. {@code lastEventId} is the version the
     * client saw last (-1 for none). The first read is waited for here, on a worker thread, so that a
     * refusal is a plain problem answer: once a stream's headers are out, an error can only cut the
     * connection. The stream itself then costs no thread. Its place is given back when it ends, or at
     * once when opening it fails.
     */
    public RestMulti<OutboundSseEvent> open(UUID caller, UUID jobId, long lastEventId, Sse sse) {
        StreamAdmissions.Admission admission = admissions.admit(caller);
        try {
            String first = firstStatus(caller, jobId);
            Multi<OutboundSseEvent> events = Multi.createFrom().<OutboundSseEvent>emitter(
                            emitter -> attach(admission, jobId, lastEventId, first, sse, emitter))
                    .onOverflow().buffer(MAX_BEHIND);
            return RestMulti.fromMultiData(events).header("Cache-Control", "no-store").header("X-Accel-Buffering", "no")
                    .build();
        } catch (RuntimeException notOpened) {
            admission.release();
            throw notOpened;
        }
    }

    private String firstStatus(UUID caller, UUID jobId) {
        try {
            return statuses.statusJson(caller, jobId).toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refusal) {
                throw refusal;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceBusyProblem("The server is shutting down; try again", 5);
        }
    }

    private void attach(StreamAdmissions.Admission admission, UUID jobId, long lastEventId, String firstJson, Sse sse,
                        MultiEmitter<? super OutboundSseEvent> emitter) {
        Listener listener = new Listener(admission, jobId, lastEventId, sse, emitter);
        byJob.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        emitter.onTermination(() -> detach(listener));
        emitter.emit(sse.newEventBuilder().reconnectDelay(config.reconnectDelay().toMillis()).comment("opad job " + jobId).build());
        deliver(listener, firstJson);
        // A change published between the first read and the listener's registration would be missed: read once more.
        cache.getJson(jobId).whenComplete((json, redisDown) -> {
            if (json != null) {
                deliver(listener, json);
            }
        });
    }

    private void detach(Listener listener) {
        if (!listener.detached()) {
            return;
        }
        listener.admission.release();
        byJob.computeIfPresent(listener.jobId, (id, listeners) -> {
            listeners.remove(listener);
            return listeners.isEmpty() ? null : listeners;
        });
    }

    private void deliver(Listener listener, String statusJson) {
        StatusMessage.parse(json, statusJson).filter(m -> m.jobId().equals(listener.jobId)).ifPresent(listener::offer);
    }

    private void onMessage(String statusJson) {
        StatusMessage.parse(json, statusJson).ifPresent(message -> {
            Set<Listener> listeners = byJob.get(message.jobId());
            if (listeners != null) {
                listeners.forEach(listener -> listener.offer(message));
            }
        });
    }

    private void heartbeat() {
        byJob.values().forEach(listeners -> listeners.forEach(Listener::heartbeat));
    }

    /**
     * Listens on the channel; when the connection ends (Redis restarted, network cut) it listens again
     * with a growing pause, then reads every open stream's status once, so nothing published while it was
     * away is missed for good.
     */
    private void subscribe(Duration retryDelay) {
        if (stopping) {
            return;
        }
        redis.pubsub(String.class).subscribe(keys.statusChanges(), this::onMessage,
                        () -> resubscribe("the subscription ended", retryDelay),
                        failure -> resubscribe(failure.toString(), retryDelay))
                .subscribe().with(subscribed -> {
                    LOG.debugf("listening for job status changes on %s", keys.statusChanges());
                    byJob.keySet().forEach(this::refresh);
                }, failure -> resubscribe(failure.toString(), retryDelay));
    }

    private void resubscribe(String why, Duration delay) {
        if (stopping) {
            return;
        }
        LOG.warnf("live job streams: not listening to Redis (%s); trying again in %d ms", why, delay.toMillis());
        Duration next = delay.multipliedBy(2).compareTo(MAX_RESUBSCRIBE_DELAY) > 0 ? MAX_RESUBSCRIBE_DELAY : delay.multipliedBy(2);
        vertx.setTimer(delay.toMillis(), timer -> subscribe(next));
    }

    private void refresh(UUID jobId) {
        cache.getJson(jobId).whenComplete((json, redisDown) -> {
            if (json != null) {
                onMessage(json);
            }
        });
    }

    /** One open stream. Its methods are called from the Redis subscriber, the first reads and the heartbeat timer. */
    private static final class Listener {

        private final StreamAdmissions.Admission admission;
        private final UUID jobId;
        private final Sse sse;
        private final MultiEmitter<? super OutboundSseEvent> emitter;
        private long lastVersion;
        private boolean closed;
        private boolean detached;

        Listener(StreamAdmissions.Admission admission, UUID jobId, long lastVersion, Sse sse,
                 MultiEmitter<? super OutboundSseEvent> emitter) {
            this.admission = admission;
            this.jobId = jobId;
            this.lastVersion = lastVersion;
            this.sse = sse;
            this.emitter = emitter;
        }

        /** Sends the status if it is newer than the last one sent; a finished job's stream then ends. */
        synchronized void offer(StatusMessage message) {
            if (closed) {
                return;
            }
            if (message.version() > lastVersion) {
                lastVersion = message.version();
                emitter.emit(sse.newEventBuilder().id(Long.toString(message.version())).name("status")
                        .mediaType(MediaType.TEXT_PLAIN_TYPE).data(message.json()).build());
            }
            if (message.finished()) {
                close();
            }
        }

        synchronized void heartbeat() {
            if (!closed) {
                emitter.emit(sse.newEventBuilder().comment("").build());
            }
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                emitter.complete();
            }
        }

        /** True the first time only: termination can be reported more than once. */
        synchronized boolean detached() {
            closed = true;
            if (detached) {
                return false;
            }
            detached = true;
            return true;
        }
    }
}
