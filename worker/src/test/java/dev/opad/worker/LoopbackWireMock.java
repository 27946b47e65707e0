package dev.opad.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;

/**
 * A WireMock server for a fake provider: on a free loopback port, and ready to answer at once; and the pieces
 * each fake needs to answer from what it was sent.
 */
public final class LoopbackWireMock {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoopbackWireMock() {
    }

    public static WireMockServer start(Extension... extensions) {
        // Without gzip a body reaches the socket as it is written (FakeOpenAiServer's held-open answers).
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .gzipDisabled(true).extensions(extensions));
        server.start();
        return server;
    }

    /** The server's address, by IP: {@code localhost} may resolve to {@code ::1}, where it does not listen. */
    public static String baseUrl(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Sends a request through a scenario stub with a body matcher and a delay, then forgets the stub and
     * the request. A fresh WireMock takes its first requests slowly (classes to load, matchers to build):
     * on a busy machine longer than the sub-second timeouts the provider tests set, which would then
     * time out against a healthy fake, or see the call in the journal too late.
     */
    public static void warmUp(WireMockServer server) {
        StubMapping warmUp = server.stubFor(post(urlPathEqualTo("/warm-up")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.warm"))
                .inScenario("warm-up").whenScenarioStateIs(STARTED).willSetStateTo("warm")
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(1)));
        try (HttpClient client = HttpClient.newHttpClient()) {
            client.send(HttpRequest.newBuilder(URI.create(baseUrl(server) + "/warm-up"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"warm\": true}")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("the fake provider did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fake provider", e);
        }
        server.removeStub(warmUp);
        server.resetRequests();
    }

    /**
     * An extension that writes the body of the stubs naming it from the request they answer, for what no
     * static stub can say (the answer to a prompt); stubs that do not name it are left alone.
     */
    public static ResponseDefinitionTransformerV2 bodyFrom(String name, Function<LoggedRequest, String> body) {
        return new ResponseDefinitionTransformerV2() {
            @Override
            public ResponseDefinition transform(ServeEvent event) {
                String answer = body.apply(LoggedRequest.createFrom(event.getRequest()));
                return ResponseDefinitionBuilder.like(event.getResponseDefinition()).withBody(answer).build();
            }

            @Override
            public boolean applyGlobally() {
                return false;
            }

            @Override
            public String getName() {
                return name;
            }
        };
    }

    /** A request body a fake was sent, read as JSON. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
