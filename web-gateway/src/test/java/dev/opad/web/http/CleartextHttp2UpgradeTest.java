package dev.opad.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.web.rest.FakeApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Java's own HttpClient (and curl --http2) asks a plain-http server to upgrade to HTTP/2 (h2c). Vert.x
 * answers that upgrade having read the request already; the gateway's body reader then failed every
 * such request to a resource with a 500, /health included.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class CleartextHttp2UpgradeTest {

    private static final HttpClient H2C = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TestHTTPResource("/")
    URI root;

    /**
     * A resource of the gateway, the session, a call it forwards to the api (401 there: no credential),
     * and paths it refuses itself, which over HTTP/1 it answers with Connection: close.
     */
    @ParameterizedTest
    @CsvSource({"health, 200", "session, 204", "api/articles, 401", "api/q/metrics, 404", "api/nothing-here, 404"})
    void aRequestThatAsksToUpgradeIsServed(String path, int status) throws Exception {
        HttpResponse<String> answer = H2C.send(HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, answer.statusCode(), answer.body());
    }
}
