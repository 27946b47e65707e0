package dev.opad.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.e2e.OtlpReceiver.Received;
import dev.opad.testing.Waits;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace from {@code POST /articles/{id}/generate} through every stage of the job, as the packaged api and
 * worker export it to an OTLP receiver in this test: the request's server span, the order's producer span, the
 * attempt's consumer span (its child, and linked to it), a span per stage and per model call with the GenAI
 * attributes and the tokens {@code model_usage} recorded; {@code job_events.trace_id} and the worker's log lines
 * of the job name the same trace. The span tree is printed and written to {@code target/trace-tree.txt}.
 */
class TraceIT {

    private static final Set<String> STAGES = Set.of("researching", "writing", "reviewing", "glossary", "storing");

    private static OtlpReceiver receiver;
    private static OpadSystem system;
    private static ServiceProcess worker;

    @BeforeAll
    static void start() {
        receiver = new OtlpReceiver();
        system = new OpadSystem(Map.of(
                "OPAD_OTLP_ENDPOINT", receiver.endpoint(),
                // Quarkus's batch exporter sends every 5 s; the test need not wait that long.
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms",
                "OPAD_DEMO_DELAY", "50ms"));
        worker = system.startWorker();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void oneTraceFromTheGenerateRequestThroughEveryStage() throws Exception {
        String articleId = given().baseUri(system.api().baseUrl()).auth().oauth2(system.token()).contentType(ContentType.JSON)
                .body("{\"language\":\"English\",\"level\":\"B1\",\"length\":200,\"topic\":\"Night trains\"}")
                .when().post("/articles").then().statusCode(201).extract().path("id");
        String jobId = given().baseUri(system.api().baseUrl()).auth().oauth2(system.token())
                .when().post("/articles/" + articleId + "/generate").then().statusCode(202).extract().path("job_id");
        Waits.until("job " + jobId + " to complete", Duration.ofSeconds(90),
                () -> "completed".equals(system.database.query("select status from jobs where id = '" + jobId + "'")));

        String traceId = system.database.query("select trace_id from jobs where id = '" + jobId + "'");
        assertTrue(traceId.matches("[0-9a-f]{32}") && !traceId.matches("0+"), "the job's trace id is a real one: " + traceId);
        Waits.until("the attempt's spans to reach the receiver", Duration.ofSeconds(30),
                () -> inTrace(traceId).stream().anyMatch(s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_CONSUMER)
                        && inTrace(traceId).stream().anyMatch(s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER));
        assertEquals(List.of(), receiver.refusals(), "every export was read");
        List<Received> trace = inTrace(traceId);
        String tree = tree(trace);
        System.out.println("trace " + traceId + " of job " + jobId + ":\n" + tree);
        Files.writeString(Path.of("target/trace-tree.txt"), "trace " + traceId + " of job " + jobId + "\n" + tree);

        // One trace: every span about this job, from either service, is in it.
        assertEquals(Set.of(traceId), receiver.spans().stream()
                .filter(s -> s.attribute("opad.job.id").filter(jobId::equals).isPresent())
                .map(Received::traceId).collect(Collectors.toSet()), "the job's spans are in one trace");
        assertEquals(List.of(), receiver.refusals());

        Received server = only(trace, s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER
                && s.attribute("http.route").filter("/articles/{id}/generate"::equals).isPresent(), "the generate request's server span");
        assertEquals("opad-api", server.service());
        assertEquals("POST", server.attribute("http.request.method").orElse(null));

        Received send = only(trace, s -> s.name().equals("send opad:jobs"), "the producer span");
        assertEquals(Span.SpanKind.SPAN_KIND_PRODUCER, send.span().getKind());
        assertEquals(server.spanId(), send.parentId(), "the order is a child of the request");
        assertMessaging(send, "send", jobId);
        assertTrue(trace.stream().anyMatch(s -> s.parentId().equals(send.spanId()) && s.service().equals("opad-api")
                && s.span().getKind() == Span.SpanKind.SPAN_KIND_CLIENT), "the push to Redis is the send's child");
        assertEquals("00-" + traceId + "-" + send.spanId() + "-01",
                system.database.query("select trace_parent from jobs where id = '" + jobId + "'"),
                "the job carries the producer's traceparent");

        Received process = only(trace, s -> s.name().equals("process opad:jobs"), "the consumer span of the attempt");
        assertEquals("opad-worker", process.service());
        assertEquals(Span.SpanKind.SPAN_KIND_CONSUMER, process.span().getKind());
        assertEquals(send.spanId(), process.parentId(), "the attempt is a child of the order");
        assertEquals(1, process.span().getLinksCount(), "and links to it");
        assertEquals(traceId, OtlpReceiver.hex(process.span().getLinks(0).getTraceId().toByteArray()));
        assertEquals(send.spanId(), OtlpReceiver.hex(process.span().getLinks(0).getSpanId().toByteArray()));
        assertMessaging(process, "process", jobId);
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, process.span().getStatus().getCode());

        List<Received> stages = trace.stream().filter(s -> s.name().startsWith("stage ")).toList();
        stages.forEach(stage -> assertEquals(process.spanId(), stage.parentId(), stage.name() + " is a child of the attempt"));
        assertEquals(STAGES, stages.stream().map(s -> s.attribute("opad.stage").orElseThrow()).collect(Collectors.toSet()),
                "a span for every stage");
        stages.forEach(stage -> assertEquals("stage " + stage.attribute("opad.stage").orElseThrow(), stage.name()));

        List<Received> calls = trace.stream().filter(s -> s.attribute("gen_ai.operation.name").isPresent()).toList();
        Map<String, Received> stageById = stages.stream().collect(Collectors.toMap(Received::spanId, s -> s));
        List<String> fromSpans = new ArrayList<>();
        for (Received call : calls) {
            assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, call.span().getKind());
            assertEquals("chat opad-demo", call.name());
            assertEquals("chat", call.attribute("gen_ai.operation.name").orElseThrow());
            assertEquals("demo", call.attribute("gen_ai.provider.name").orElseThrow());
            assertEquals("demo", call.attribute("gen_ai.system").orElseThrow());
            assertEquals("opad-demo", call.attribute("gen_ai.request.model").orElseThrow());
            assertEquals("opad-demo", call.attribute("gen_ai.response.model").orElseThrow());
            Received stage = stageById.get(call.parentId());
            assertTrue(stage != null, call.name() + " is a child of a stage span");
            fromSpans.add(stage.attribute("opad.stage").orElseThrow() + " " + call.longAttribute("gen_ai.usage.input_tokens").orElseThrow()
                    + " " + call.longAttribute("gen_ai.usage.output_tokens").orElseThrow());
        }
        List<String> fromUsage = rows("select stage || ' ' || prompt_tokens || ' ' || completion_tokens from model_usage"
                + " where job_id = '" + jobId + "'");
        assertFalse(fromUsage.isEmpty());
        assertEquals(sorted(fromUsage), sorted(fromSpans), "one model-call span per model_usage row, with its token counts");

        assertEquals(List.of(traceId), rows("select distinct trace_id from job_events where job_id = '" + jobId + "'"),
                "every event of the job names the trace");
        List<String> jobLines = Files.readAllLines(worker.log()).stream().filter(line -> line.contains(jobId)).toList();
        assertFalse(jobLines.isEmpty(), "the worker logged the job");
        jobLines.forEach(line -> assertTrue(line.contains("[trace=" + traceId + "]"), "no trace id in: " + line));
    }

    /** The browser's calls go gateway → api: the forwarded call carries the gateway's trace, so both are one trace. */
    @Test
    void theGatewaysForwardedCallIsPartOfItsTrace() {
        ServiceProcess web = system.startWebGateway();
        given().baseUri(web.baseUrl()).when().get("/api/meta").then().statusCode(200);
        Waits.until("the api's span of the forwarded call", Duration.ofSeconds(30), () -> receiver.spans().stream()
                .anyMatch(s -> s.service().equals("opad-api") && s.attribute("http.route").filter("/meta"::equals).isPresent()));
        Received apiSide = receiver.spans().stream()
                .filter(s -> s.service().equals("opad-api") && s.attribute("http.route").filter("/meta"::equals).isPresent())
                .findFirst().orElseThrow();
        Waits.until("the gateway's spans of that trace", Duration.ofSeconds(30),
                () -> inTrace(apiSide.traceId()).stream().anyMatch(s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER
                        && s.service().equals("opad-web-gateway")));
        List<Received> trace = inTrace(apiSide.traceId());
        System.out.println("trace " + apiSide.traceId() + " of GET /api/meta through the gateway:\n" + tree(trace));
        Received forwarded = only(trace, s -> s.spanId().equals(apiSide.parentId()), "parent of the api's span");
        assertEquals("opad-web-gateway", forwarded.service());
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, forwarded.span().getKind(), "the api's request is the gateway's call");
        Received browserSide = only(trace, s -> s.spanId().equals(forwarded.parentId()), "parent of the gateway's call");
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, browserSide.span().getKind());
        assertEquals("opad-web-gateway", browserSide.service());
    }

    /**
     * Without OPAD_OTLP_ENDPOINT nothing is exported, even with Quarkus's exporter pointed at a receiver, yet the
     * spans are made: the job has a real trace id, unsampled, in its events and log lines.
     */
    @Test
    void withoutTheEndpointNothingIsExportedButTheJobStillHasItsTrace() throws Exception {
        try (OtlpReceiver unused = new OtlpReceiver();
             OpadSystem quiet = new OpadSystem(Map.of(
                     "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", unused.endpoint(),
                     "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms"))) {
            String articleId = given().baseUri(quiet.api().baseUrl()).auth().oauth2(quiet.token()).contentType(ContentType.JSON)
                    .body("{\"language\":\"English\",\"level\":\"A2\",\"length\":200,\"topic\":\"Bees\"}")
                    .when().post("/articles").then().statusCode(201).extract().path("id");
            String jobId = given().baseUri(quiet.api().baseUrl()).auth().oauth2(quiet.token())
                    .when().post("/articles/" + articleId + "/generate").then().statusCode(202).extract().path("job_id");
            String traceId = quiet.database.query("select trace_id from jobs where id = '" + jobId + "'");
            assertEquals("00-" + traceId, quiet.database.query("select substring(trace_parent for 35) from jobs where id = '"
                    + jobId + "'"), "the job carries the producer span's trace");
            assertTrue(quiet.database.query("select trace_parent from jobs where id = '" + jobId + "'").endsWith("-00"),
                    "an unsampled one");
            assertEquals(traceId, quiet.database.query("select string_agg(distinct trace_id, ',') from job_events where job_id = '"
                    + jobId + "'"));
            Thread.sleep(1_500); // fifteen export periods
            assertEquals(List.of(), unused.spans().stream().map(Received::name).toList(), "nothing was exported");
            assertEquals(List.of(), Files.readAllLines(quiet.api().log()).stream()
                    .filter(line -> line.contains("export") || line.contains("OTLP")).toList(), "and no export was tried");
        }
    }

    private static void assertMessaging(Received span, String operation, String jobId) {
        assertEquals("redis", span.attribute("messaging.system").orElse(null));
        assertEquals("opad:jobs", span.attribute("messaging.destination.name").orElse(null));
        assertEquals(operation, span.attribute("messaging.operation.type").orElse(null));
        assertEquals(operation, span.attribute("messaging.operation.name").orElse(null));
        assertEquals(jobId, span.attribute("messaging.message.id").orElse(null));
    }

    private static List<Received> inTrace(String traceId) {
        return receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static Received only(List<Received> spans, java.util.function.Predicate<Received> which, String what) {
        List<Received> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), "exactly one " + what + ": " + found.stream().map(Received::name).toList());
        return found.get(0);
    }

    /** The spans as an indented tree, children in start order, each with its service and what it carries. */
    static String tree(List<Received> spans) {
        Set<String> ids = spans.stream().map(Received::spanId).collect(Collectors.toSet());
        Map<String, List<Received>> children = new TreeMap<>();
        List<Received> roots = new ArrayList<>();
        for (Received span : spans) {
            if (ids.contains(span.parentId())) {
                children.computeIfAbsent(span.parentId(), p -> new ArrayList<>()).add(span);
            } else {
                roots.add(span);
            }
        }
        StringBuilder out = new StringBuilder();
        roots.stream().sorted(byStart()).forEach(root -> print(root, 0, children, out));
        return out.toString();
    }

    private static void print(Received span, int depth, Map<String, List<Received>> children, StringBuilder out) {
        long ms = (span.span().getEndTimeUnixNano() - span.span().getStartTimeUnixNano()) / 1_000_000;
        out.append("  ".repeat(depth)).append(span.name())
                .append("  [").append(span.service()).append(", ").append(kind(span.span().getKind())).append(", ").append(ms).append(" ms");
        span.longAttribute("gen_ai.usage.input_tokens").ifPresent(in -> out.append(", tokens in ").append(in));
        span.longAttribute("gen_ai.usage.output_tokens").ifPresent(o -> out.append(" out ").append(o));
        span.attribute("opad.checkpoint").filter(c -> c.endsWith("-revision")).ifPresent(c -> out.append(", ").append(c));
        if (!span.span().getLinksList().isEmpty()) {
            out.append(", link to ").append(OtlpReceiver.hex(span.span().getLinks(0).getSpanId().toByteArray()));
        }
        out.append(", id ").append(span.spanId()).append("]\n");
        children.getOrDefault(span.spanId(), List.of()).stream().sorted(byStart())
                .forEach(child -> print(child, depth + 1, children, out));
    }

    private static Comparator<Received> byStart() {
        return Comparator.comparingLong(s -> s.span().getStartTimeUnixNano());
    }

    private static String kind(Span.SpanKind kind) {
        return kind.name().replace("SPAN_KIND_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = system.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
