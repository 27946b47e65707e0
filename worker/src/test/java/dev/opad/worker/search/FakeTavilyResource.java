package dev.opad.worker.search;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the worker's research at a {@link FakeTavilyServer} on loopback. */
public class FakeTavilyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeTavilyServer server;

    @Override
    public Map<String, String> start() {
        server = new FakeTavilyServer();
        return Map.of(
                "opad.research.web-search.provider", "tavily",
                "opad.research.web-search.max-results", "2",
                "opad.research.web-search.tavily.base-url", server.baseUrl(),
                "opad.research.web-search.tavily.api-key", FakeTavilyServer.API_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    public static FakeTavilyServer server() {
        return server;
    }
}
