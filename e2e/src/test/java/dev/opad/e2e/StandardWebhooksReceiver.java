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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js receiver in {@code src/test/webhook-receiver} (receiver.mjs) as a process: it verifies every
 * request with the reference Standard Webhooks library, answers the first two tries of each webhook-id with
 * 500 and later ones with 200, and keeps a log of every request ({@link #log()}).
 */
final class StandardWebhooksReceiver implements AutoCloseable {

    /** One request as the receiver saw it. {@code at} is its clock, in epoch milliseconds. */
    record Request(String id, int attempt, boolean verified, String error, int status, String jobId, long at) {
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

    /** Starts the receiver with the endpoint's secret; it listens on 127.0.0.1 on a port of its choosing. */
    static StandardWebhooksReceiver start(String secret) {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules/standardwebhooks"))) {
            throw new IllegalStateException("npm standardwebhooks is not installed in " + DIRECTORY
                    + "; e2e's build runs npm ci there (pre-integration-test)");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("node", "receiver.mjs").directory(DIRECTORY.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("WEBHOOK_SECRET", secret);
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
                        node.path("job_id").isNull() ? null : node.path("job_id").asText(), node.path("at").asLong()));
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
