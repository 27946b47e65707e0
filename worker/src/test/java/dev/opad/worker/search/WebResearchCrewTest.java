package dev.opad.worker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.opad.worker.crew.ArticleCrew;
import dev.opad.worker.crew.ArticleRequest;
import dev.opad.worker.crew.CrewResult;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.crew.StageListener;
import dev.opad.worker.model.DemoChatModel;
import dev.opad.worker.quality.QualityGate;
import dev.opad.worker.search.FakeTavilyServer.Scripted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Research from a web search: what the model is given, the article's source line, and resuming without searching again. */
class WebResearchCrewTest {

    private static final QualityGate GATE = new QualityGate();
    private static final ArticleRequest GERMAN = new ArticleRequest("German", "B1", 400, "Energiepreise");

    private FakeTavilyServer fake;
    private WebSearch search;
    private final RecordingModel model = new RecordingModel();
    private final Map<String, String> checkpoints = new ConcurrentHashMap<>();
    private final StageListener keeper = new StageListener() {
        @Override
        public void started(CrewStage stage) {
        }

        @Override
        public void finished(CrewStage stage, String checkpoint, String output) {
            checkpoints.put(checkpoint, output);
        }
    };

    @BeforeEach
    void start() throws Exception {
        fake = new FakeTavilyServer();
        search = new WebSearch(Optional.of(new TavilySearchEngine(fake.baseUrl(), FakeTavilyServer.API_KEY, "basic",
                Duration.ofSeconds(5))), 3);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void theResearchStageWorksFromWhatTheSearchFoundAndTheArticleCitesIt() {
        CrewResult result = new ArticleCrew(model, GATE, search).write(GERMAN, keeper);

        assertEquals(1, fake.searches().size());
        assertEquals("Energiepreise", fake.searches().getFirst().path("query").asText());
        String research = model.promptOfStage("research");
        assertTrue(research.contains("https://news.example.org/strom"), research);
        assertTrue(research.contains("um acht Prozent gesunken"), research);
        assertEquals("Sources (web search): news.example.org (https://news.example.org/strom); "
                + "energy.example.net (https://energy.example.net/gas-storage); solar.example.com (https://solar.example.com/roofs)",
                result.sourceLine());
        assertTrue(model.promptOfStage("write").contains(result.sourceLine()), "the writer is told the source line");
        assertTrue(result.gate().passed(), result.gate().toString());
    }

    @Test
    void aJobResumedAfterResearchNeitherSearchesAgainNorLosesItsSourceLine() throws Exception {
        String firstLine = new ArticleCrew(model, GATE, search).write(GERMAN, keeper).sourceLine();
        Map<String, String> afterResearch = Map.of("researching", checkpoints.get("researching"));
        fake.close();
        fake = new FakeTavilyServer();
        fake.script(Scripted.status(500));
        WebSearch failingSearch = new WebSearch(Optional.of(new TavilySearchEngine(fake.baseUrl(),
                FakeTavilyServer.API_KEY, "basic", Duration.ofSeconds(5))), 3);

        CrewResult resumed = new ArticleCrew(model, GATE, failingSearch).write(GERMAN, afterResearch, keeper);

        assertEquals(List.of(), fake.searches(), "the search is part of the checkpointed research stage");
        assertEquals(firstLine, resumed.sourceLine());
        assertTrue(resumed.markdown().contains("news.example.org"), resumed.markdown());
    }

    @Test
    void theReadersOwnSourceWinsOverTheSearch() {
        ArticleRequest withText = new ArticleRequest("German", "B1", 400, "Energiepreise",
                "Die Preise für Strom steigen. Viele Familien sparen Energie.", null);

        CrewResult result = new ArticleCrew(model, GATE, search).write(withText, keeper);

        assertEquals(List.of(), fake.searches());
        assertEquals("Source: a text supplied by the reader", result.sourceLine());
    }

    @Test
    void aSearchThatFindsNothingFallsBackToGeneralKnowledgeAndSaysSo() {
        fake.script(new Scripted(200, Map.of(), "{\"query\":\"x\",\"results\":[],\"response_time\":0.1}", Duration.ZERO));

        CrewResult result = new ArticleCrew(model, GATE, search).write(GERMAN, keeper);

        assertEquals("Source: the model's general knowledge; no sources were consulted", result.sourceLine());
        assertTrue(model.promptOfStage("research").contains("(none: use general knowledge)"));
    }

    /** The offline demo model, remembering the last user message of every call. */
    private static final class RecordingModel implements ChatModel {
        private final DemoChatModel demo = new DemoChatModel(Duration.ZERO);
        private final List<String> prompts = new CopyOnWriteArrayList<>();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            if (messages.getLast() instanceof UserMessage user) {
                prompts.add(user.singleText());
            }
            return demo.chat(request);
        }

        String promptOfStage(String stage) {
            return prompts.stream().filter(p -> p.contains("Stage: " + stage)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + stage + " call among " + prompts.size()));
        }
    }
}
