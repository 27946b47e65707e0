package dev.opad.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js receiver in {@code src/test/webhook-receiver} (receiver.mjs) as a process: it verifies every
 * request with the reference Standard Webhooks library, answers the first two tries of each webhook-id with
 * 500 and later ones with 200, and keeps a log of every request ({@link #log()}). The test may have it keep one
 * 2xx waiting until it says so ({@link #holdNext2xx()}, {@link #held()}, {@link #release()}), to put a sender's crash
 * between a receiver's answer and the sender's record of it.
 */
final class StandardWebhooksReceiver implements AutoCloseable {

    /** One request as the receiver saw it. {@code at} is its clock, in epoch milliseconds. */
    record Request(String id, int attempt, boolean verified, String error, int status, String jobId, long at, boolean held) {
    }

    /** The held answer, sent: its webhook-id, and whether its connection was still open (the sender still waiting). */
    record Released(String id, boolean open) {
    }

    static final Path DIRECTORY = DeployManifestsTest.ROOT.resolve("e2e/src/test/webhook-receiver");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;

    private StandardWebhooksReceiver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the receiver with the endpoint's secret on 127.0.0.1:{@code port} (0: a port of its choosing). */
    static StandardWebhooksReceiver start(String secret, int port) {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules/standardwebhooks"))) {
            throw new IllegalStateException("npm standardwebhooks is not installed in " + DIRECTORY
                    + "; e2e's build runs npm ci there (pre-integration-test)");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("node", "receiver.mjs").directory(DIRECTORY.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("WEBHOOK_SECRET", secret);
            builder.environment().put("PORT", String.valueOf(port));
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("listening ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the webhook receiver did not start: " + line);
            }
            return new StandardWebhooksReceiver(process, Integer.parseInt(line.substring("listening ".length()).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the webhook receiver did not start", e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Every request so far, in the order they arrived. */
    List<Request> log() {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url("/log"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Request> requests = new ArrayList<>();
            for (JsonNode node : JSON.readTree(answer.body())) {
                requests.add(new Request(node.path("id").asText(), node.path("attempt").asInt(), node.path("verified").asBoolean(),
                        node.path("error").isNull() ? null : node.path("error").asText(), node.path("status").asInt(),
                        node.path("job_id").isNull() ? null : node.path("job_id").asText(), node.path("at").asLong(),
                        node.path("held").asBoolean()));
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next request the receiver would answer 200 is kept waiting, unanswered, until {@link #release()}. */
    void holdNext2xx() {
        int status = post("/control/hold", Map.of(), "");
        if (status != 200) {
            throw new IllegalStateException("the receiver did not take the hold: " + status);
        }
    }

    /** The webhook-id of the request kept waiting, once one is. */
    Optional<String> held() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url("/control/held"))).GET().build());
        return answer.statusCode() == 200 ? Optional.of(read(answer).path("id").asText()) : Optional.empty();
    }

    /** Answers the waiting request 200 now. */
    Released release() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url("/control/release")))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("no request was waiting to be answered: " + answer.statusCode());
        }
        JsonNode released = read(answer);
        return new Released(released.path("id").asText(), released.path("open").asBoolean());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request of the test's own to the receiver; its status. */
    int post(String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
