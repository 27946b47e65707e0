package dev.opad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** The api's setup calls (register, login, articles), over the JDK's HTTP client; not what is measured. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    Api(String base) {
        this.base = base;
    }

    /** Registers a new user and logs in; returns the session JWT. */
    String newUser() {
        String email = "bench-" + UUID.randomUUID() + "@example.org";
        String password = "a long enough bench password";
        call("POST", "/auth/register", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"Bench\"}", 202);
        return call("POST", "/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", 200)
                .get("access_token").asText();
    }

    String createArticle(String token, String topic) {
        return call("POST", "/articles", token,
                "{\"language\":\"English\",\"level\":\"B1\",\"length\":150,\"topic\":\"" + topic + "\"}", 201)
                .get("id").asText();
    }

    String generate(String token, String articleId) {
        return call("POST", "/articles/" + articleId + "/generate", token, "", 202).get("job_id").asText();
    }

    JsonNode job(String token, String jobId) {
        return call("GET", "/jobs/" + jobId, token, null, 200);
    }

    int cancel(String token, String jobId) {
        return send("POST", "/jobs/" + jobId + "/cancel", token, "").statusCode();
    }

    JsonNode call(String method, String path, String token, String body, int expected) {
        HttpResponse<String> response = send(method, path, token, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " answered no JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
