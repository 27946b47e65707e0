package dev.opad.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A collector's OTLP/HTTP trace endpoint ({@code POST /v1/traces}, protobuf) in the test JVM: it keeps every
 * span the services export, with the service that sent it, read with the protocol's own classes.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span, with ids in hex and its attributes as strings. */
    record Received(String service, Span span) {

        String traceId() {
            return hex(span.getTraceId().toByteArray());
        }

        String spanId() {
            return hex(span.getSpanId().toByteArray());
        }

        String parentId() {
            return hex(span.getParentSpanId().toByteArray());
        }

        String name() {
            return span.getName();
        }

        Optional<String> attribute(String key) {
            return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
                    .map(KeyValue::getValue).map(OtlpReceiver::text);
        }

        Optional<Long> longAttribute(String key) {
            return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
                    .map(KeyValue::getValue).filter(AnyValue::hasIntValue).map(AnyValue::getIntValue);
        }
    }

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", this::export);
        server.start();
    }

    /** The base URL a service's OTLP exporter is given (it appends /v1/traces). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> spans() {
        return List.copyOf(spans);
    }

    /** Requests this receiver could not read; a test expects none. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            read(exchange);
        } catch (RuntimeException | Error e) {
            // The server would drop it in silence; the test reports it instead.
            refusals.add(e.toString());
            throw e;
        }
    }

    private void read(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(exchange.getRequestMethod()) || type == null || !type.startsWith("application/x-protobuf")) {
            refusals.add(exchange.getRequestMethod() + " " + type);
            exchange.sendResponseHeaders(415, -1);
            return;
        }
        InputStream body = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
        List<Received> received = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = serviceName(resource.getResource());
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(span -> received.add(new Received(service, span)));
            }
        }
        spans.addAll(received);
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
    }

    private static String serviceName(Resource resource) {
        return resource.getAttributesList().stream().filter(a -> a.getKey().equals("service.name")).findFirst()
                .map(a -> a.getValue().getStringValue()).orElse("?");
    }

    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::text).toList().toString();
            default -> value.toString();
        };
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
