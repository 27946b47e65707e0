package dev.opad.worker.trace;

import dev.opad.trace.JobSpans;
import dev.opad.trace.TraceParents;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.job.WorkerIdentity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * The spans of an attempt on the worker: {@code process opad:jobs} for the attempt (a child of the order's span
 * the job carries, {@link JobSpans#process}) and {@code stage <name>} for each stage run. Attempts run on virtual
 * threads, where Quarkus neither makes a span current nor fills the log MDC (it does both only on Vert.x
 * contexts), so {@link Attempt} does both on the job's thread and undoes them when the attempt ends.
 */
@ApplicationScoped
public class JobTracing {

    public static final AttributeKey<String> STAGE = AttributeKey.stringKey("opad.stage");
    /** The checkpoint a stage wrote: its name, or with a {@code -revision} suffix in the quality gate's second round. */
    public static final AttributeKey<String> CHECKPOINT = AttributeKey.stringKey("opad.checkpoint");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("opad.job.outcome");
    /** Quarkus's MDC keys, which the services' log format prints. */
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";

    private final JobSpans spans;
    private final Tracer tracer;
    private final String workerId;

    @Inject
    public JobTracing(JobSpans spans, Tracer tracer, WorkerIdentity identity) {
        this(spans, tracer, identity.id());
    }

    public JobTracing(JobSpans spans, Tracer tracer, String workerId) {
        this.spans = spans;
        this.tracer = tracer;
        this.workerId = workerId;
    }

    /** Opens the attempt's span, begun at {@code takenAt}, on this thread; close it on the same thread. */
    public Attempt attempt(UUID jobId, int attempt, Optional<String> traceParent, Instant takenAt) {
        return new Attempt(tracer, spans.process(jobId, attempt, traceParent.flatMap(TraceParents::parse), workerId, takenAt));
    }

    /** The attempt failed in a way the job records (retrying or failed): {@code reason} is the classified one, free of secrets. */
    public static void failed(String reason, boolean retrying) {
        Span.current().setStatus(StatusCode.ERROR, reason).setAttribute(OUTCOME, retrying ? "retrying" : "failed");
    }

    /** One attempt's span, current on the job's thread with its ids in the MDC; at most one stage open in it. */
    public static final class Attempt implements AutoCloseable {

        private final Tracer tracer;
        private final Span span;
        private final Scope scope;
        private final Object previousTraceId;
        private final Object previousSpanId;
        private Span stage;
        private Scope stageScope;

        Attempt(Tracer tracer, Span span) {
            this.tracer = tracer;
            this.span = span;
            this.scope = span.makeCurrent();
            this.previousTraceId = MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
            this.previousSpanId = MDC.put(SPAN_ID, span.getSpanContext().getSpanId());
        }

        public String traceId() {
            return span.getSpanContext().getTraceId();
        }

        /** {@code stage <name>} begins (ending one still open) and is current until it ends. */
        public void stage(CrewStage crewStage) {
            endStage(null);
            stage = tracer.spanBuilder("stage " + crewStage.wireName()).setAttribute(STAGE, crewStage.wireName()).startSpan();
            stageScope = stage.makeCurrent();
        }

        /** The open stage wrote {@code checkpoint} and is done. */
        public void stageEnded(String checkpoint) {
            if (stage != null) {
                stage.setAttribute(CHECKPOINT, checkpoint);
            }
            endStage(null);
        }

        /** The open stage, if any, ends with {@code error} (a failure, a cancel, a lost lease, shutdown). */
        public void stageFailed(Throwable error) {
            endStage(error);
        }

        private void endStage(Throwable error) {
            if (stage == null) {
                return;
            }
            if (error != null) {
                // The type only: a provider's message may echo a key; the classified reason goes on the attempt.
                stage.setAttribute(ErrorAttributes.ERROR_TYPE, error.getClass().getName());
                stage.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
            }
            stageScope.close();
            stage.end();
            stage = null;
            stageScope = null;
        }

        @Override
        public void close() {
            endStage(null);
            scope.close();
            span.end();
            restore(TRACE_ID, previousTraceId);
            restore(SPAN_ID, previousSpanId);
        }

        private static void restore(String key, Object previous) {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        }
    }
}
