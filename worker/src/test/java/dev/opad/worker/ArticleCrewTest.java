package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.worker.crew.ArticleCrew;
import dev.opad.worker.crew.ArticleRequest;
import dev.opad.worker.crew.CrewResult;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.crew.MarkdownText;
import dev.opad.worker.crew.StageListener;
import dev.opad.worker.crew.StageReport;
import dev.opad.worker.model.ChatModels;
import dev.opad.worker.model.DemoChatModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArticleCrewTest {

    /** The real gate; the models load once for the whole class. */
    private static final dev.opad.worker.quality.QualityGate GATE = new dev.opad.worker.quality.QualityGate();

    /** For tests of the stages' plumbing with toy texts; the gate itself is tested with real texts elsewhere. */
    private static final dev.opad.worker.quality.QualityGate PASSING = new dev.opad.worker.quality.QualityGate() {
        @Override
        public dev.opad.worker.quality.GateReport check(dev.opad.worker.quality.GateInput input) {
            return new dev.opad.worker.quality.GateReport(true, null, 0, 0, input.requestedLength(), List.of());
        }
    };

    private final List<String> events = new ArrayList<>();
    private final StageListener recorder = new StageListener() {
        @Override
        public void started(CrewStage stage) {
            events.add("start " + stage.wireName());
        }

        @Override
        public void finished(CrewStage stage, String checkpoint, String output) {
            events.add("end " + stage.wireName());
        }
    };

    @ParameterizedTest(name = "{0} {1} {2} words")
    @CsvSource({
        "German, B1, 400, Energiepreise, ' ist '",
        "Spanish, A1, 150, el tiempo, ' es '",
        "French, C2, 1200, la musique, ' les '",
        "English, B2, 2000, energy prices, ' the '",
    })
    void theDemoModelWritesALabelledArticleNearTheRequestedLength(String language, String level, int length,
                                                                   String topic, String typicalWord) {
        ArticleCrew crew = new ArticleCrew(ChatModels.create(TestModelConfig.offlineDemo()), GATE);

        CrewResult result = crew.write(new ArticleRequest(language, level, length, topic), recorder);

        assertTrue(result.markdown().contains(DemoChatModel.NOTICE), "labelled as a demo");
        assertEquals(DemoChatModel.MODEL_NAME, result.modelName());
        assertTrue(result.markdown().startsWith("# "), "has a title");
        assertTrue(result.markdown().lines().filter(l -> l.startsWith("## ")).count() >= 2, "has sections");
        assertTrue(result.markdown().toLowerCase().contains(topic.toLowerCase()), "about the topic");
        assertTrue(result.markdown().contains(typicalWord), "written in " + language);
        int words = result.wordCount();
        assertTrue(words >= length * 0.8 && words <= length * 1.2, words + " words for " + length + " requested");
        assertEquals(List.of("start researching", "end researching", "start writing", "end writing",
                "start reviewing", "end reviewing", "start glossary", "end glossary"), events);
        assertTrue(result.markdown().contains("*Source: the model's general knowledge"), "an honest source line");
        assertTrue(result.glossary().size() >= 8, "a glossary of key words: " + result.glossary());
        result.glossary().forEach(entry -> assertTrue(result.markdown().contains(entry.example()),
                "the example is a sentence of the article: " + entry.example()));
    }

    @Test
    void theDemoSaysSoWhenItCannotWriteTheLanguage() {
        ArticleCrew crew = new ArticleCrew(ChatModels.create(TestModelConfig.offlineDemo()), GATE);
        CrewResult result = crew.write(new ArticleRequest("Korean", "A2", 200, "kimchi"), recorder);
        assertTrue(result.markdown().contains("a real model writes in Korean"), result.markdown());
    }

    /**
     * Only the demo provider's labelled stand-in is spared the language finding: a real provider
     * whose text carries the demo's notice (copied from a fetched page, say) is checked in full.
     */
    @Test
    void aRealProviderWhoseTextCarriesTheDemoNoticeGetsTheFullLanguageCheck() throws Exception {
        DemoChatModel demo = new DemoChatModel(java.time.Duration.ZERO);
        try (FakeOpenAiServer fake = new FakeOpenAiServer(demo::chat)) {
            ArticleCrew crew = new ArticleCrew(ChatModels.create(TestModelConfig.openAi(fake.baseUrl(), "sk-test", "gpt-test")), GATE);

            var failed = org.junit.jupiter.api.Assertions.assertThrows(dev.opad.worker.quality.QualityGateFailedException.class,
                    () -> crew.write(new ArticleRequest("Korean", "A2", 200, "kimchi"), recorder));

            assertTrue(failed.report().findings().stream().anyMatch(f -> dev.opad.worker.quality.Finding.LANGUAGE.equals(f.code())),
                    "refused for its language: " + failed.report().findings());
            assertEquals(6, fake.received().size(), "four stages, then review and glossary once more: refused after the revision");
        }
    }

    @Test
    void anOpenAiCompatibleServerRunsEveryStage() throws Exception {
        String reviewed = "# Energiepreise\n\n## Warum\n\nDie Preise steigen. Viele Familien sparen Strom.\n";
        try (FakeOpenAiServer fake = new FakeOpenAiServer(prompt -> {
            if (prompt.contains("Stage: research")) {
                return "- Die Preise steigen.";
            }
            if (prompt.contains("Stage: glossary")) {
                return "[{\"word\":\"Preise\",\"lemma\":\"Preis\",\"part_of_speech\":\"Nomen\","
                        + "\"definition\":\"was etwas kostet\",\"example\":\"Die Preise steigen.\"}]";
            }
            if (prompt.contains("Stage: write")) {
                return "# Energiepreise\n\n## Warum\n\nDie Preise steigen.";
            }
            return "```markdown\n" + reviewed + "```";
        })) {
            var config = TestModelConfig.openAi(fake.baseUrl(), "sk-test", "gpt-test");
            ArticleCrew crew = new ArticleCrew(ChatModels.create(config), PASSING);

            CrewResult result = crew.write(new ArticleRequest("German", "B1", 400, "Energiepreise"), recorder);

            assertEquals(4, fake.received().size());
            for (FakeOpenAiServer.Received request : fake.received()) {
                assertEquals("/v1/chat/completions", request.path());
                assertEquals("Bearer sk-test", request.authorization());
                assertEquals("gpt-test", request.body().get("model").asText());
            }
            assertTrue(fake.received().get(0).lastUserMessage().contains("Topic: Energiepreise"));
            assertTrue(fake.received().get(1).lastUserMessage().contains("Notes:\n- Die Preise steigen."),
                    "the writer sees the researcher's notes");
            assertTrue(fake.received().get(2).lastUserMessage().contains("Draft:\n# Energiepreise"),
                    "the reviewer sees the writer's draft");
            assertEquals(reviewed, result.markdown(), "code fence around the answer removed");
            assertEquals("Energiepreise", result.title());

            assertEquals("gpt-test", result.modelName());
            for (StageReport stage : result.stages()) {
                assertEquals(FakeOpenAiServer.PROMPT_TOKENS, stage.inputTokens(), stage.name());
                assertEquals(FakeOpenAiServer.COMPLETION_TOKENS, stage.outputTokens(), stage.name());
            }
            assertFalse(result.markdown().contains(DemoChatModel.NOTICE), "a real model's article is not labelled demo");
            assertEquals("Preis", result.glossary().get(0).lemma(), "the glossary JSON is read into records");
        }
    }

    @Test
    void stagesCheckpointedByAnEarlierAttemptAreNotRunAgain() throws Exception {
        try (FakeOpenAiServer fake = new FakeOpenAiServer(prompt -> prompt.contains("Stage: glossary")
                ? "[]" : "# Titel\n\nText.")) {
            ArticleCrew crew = new ArticleCrew(ChatModels.create(TestModelConfig.openAi(fake.baseUrl(), "sk-test", "gpt-test")), PASSING);
            java.util.Map<String, String> checkpoints = java.util.Map.of(
                    "researching", "- saved notes", "writing", "# Gespeichert\n\nDer Entwurf.");

            CrewResult result = crew.write(new ArticleRequest("German", "B1", 100, "Zeit"), checkpoints, recorder);

            assertEquals(2, fake.received().size(), "only review and glossary ran");
            assertTrue(fake.received().get(0).lastUserMessage().contains("Stage: review"));
            assertTrue(fake.received().get(0).lastUserMessage().contains("Draft:\n# Gespeichert"), "review works on the saved draft");
            assertEquals(List.of("start reviewing", "end reviewing", "start glossary", "end glossary"), events);
            assertTrue(result.stages().get(0).name().endsWith("(from checkpoint)"));
        }
    }
}
