package dev.opad.worker;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The answers a test scripts for a fake provider's next calls, as one WireMock scenario: step
 * {@code n} answers in state {@code n} and moves to {@code n + 1}, so the calls get the answers in
 * order, and a script added later queues behind the steps not yet used. Once the steps are used up
 * no step matches and the fake's normal stubs answer again.
 */
public final class ScriptedAnswers {

    private static final String SCENARIO = "scripted answers";
    /** Above every normal stub of a fake. */
    private static final int PRIORITY = 1;

    private final WireMockServer server;
    private final Supplier<MappingBuilder> request;
    private int steps;

    /** {@code request} makes a fresh pattern of the calls the script answers, one per step. */
    public ScriptedAnswers(WireMockServer server, Supplier<MappingBuilder> request) {
        this.server = server;
        this.request = request;
    }

    public synchronized void add(List<ResponseDefinitionBuilder> answers) {
        for (ResponseDefinitionBuilder answer : answers) {
            server.stubFor(request.get()
                    .atPriority(PRIORITY)
                    .inScenario(SCENARIO)
                    .whenScenarioStateIs(steps == 0 ? STARTED : state(steps))
                    .willSetStateTo(state(steps + 1))
                    .withMetadata(Map.of("scripted", true))
                    .willReturn(answer));
            steps++;
        }
    }

    /** Drops the steps not yet used, so one test's leftovers cannot reach the next. */
    public synchronized void forget() {
        server.removeStubsByMetadata(WireMock.matchingJsonPath("$.scripted"));
        server.resetScenarios();
        steps = 0;
    }

    private static String state(int step) {
        return "after answer " + step;
    }
}
