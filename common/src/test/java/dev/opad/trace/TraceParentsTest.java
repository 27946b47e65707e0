package dev.opad.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The traceparent a job carries from its order to its attempts, written and read back. */
class TraceParentsTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aSampledContextIsWrittenAsVersion00() {
        SpanContext context = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
        assertEquals(Optional.of("00-" + TRACE + "-" + SPAN + "-01"), TraceParents.of(context));
    }

    @Test
    void anUnsampledContextKeepsItsFlag() {
        SpanContext context = SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(), TraceState.getDefault());
        assertEquals(Optional.of("00-" + TRACE + "-" + SPAN + "-00"), TraceParents.of(context));
    }

    @Test
    void noSpanNoTraceParent() {
        assertEquals(Optional.empty(), TraceParents.of(SpanContext.getInvalid()));
    }

    @Test
    void whatIsWrittenReadsBackAsTheRemoteParent() {
        SpanContext written = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext read = TraceParents.parse(TraceParents.of(written).orElseThrow()).orElseThrow();
        assertEquals(TRACE, read.getTraceId());
        assertEquals(SPAN, read.getSpanId());
        assertTrue(read.isSampled());
        assertTrue(read.isRemote(), "a parent from the job row is another process's span");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            " ",
            "garbage",
            "00-" + TRACE + "-" + SPAN,                                   // no flags
            "00-00000000000000000000000000000000-" + SPAN + "-01",        // all-zero trace id
            "00-" + TRACE + "-0000000000000000-01",                       // all-zero span id
            "00-" + TRACE + "-" + SPAN + "-zz",                           // flags not hex
            "ff-" + TRACE + "-" + SPAN + "-01",                           // version ff is forbidden
            "00-" + "4BF92F3577B34DA6A3CE929D0E0E4736" + "-" + SPAN + "-01" // upper case is not the format
    })
    void aMalformedTraceParentIsNoParent(String value) {
        assertEquals(Optional.empty(), TraceParents.parse(value));
    }

    @Test
    void aMissingTraceParentIsNoParent() {
        assertFalse(TraceParents.parse(null).isPresent());
    }

    @Test
    void exportSamplesOnlyWithAnEndpoint() {
        assertEquals("AlwaysOffSampler", TraceExport.samplerFor(Optional::empty).getDescription());
        assertEquals("AlwaysOnSampler",
                TraceExport.samplerFor(() -> Optional.of(URI.create("http://collector:4318"))).getDescription());
    }
}
