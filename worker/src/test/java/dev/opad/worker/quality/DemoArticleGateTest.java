package dev.opad.worker.quality;

import static dev.opad.worker.quality.TestArticles.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.article.Language;
import dev.opad.worker.crew.ArticleCrew;
import dev.opad.worker.crew.ArticleRequest;
import dev.opad.worker.crew.CrewResult;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.crew.StageListener;
import dev.opad.worker.model.DemoChatModel;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The offline demo is what a new user sees first: its articles must pass the gate in the languages it writes. */
class DemoArticleGateTest {

    private static final StageListener QUIET = new StageListener() {
        @Override
        public void started(CrewStage stage) {
        }

        @Override
        public void finished(CrewStage stage, String checkpoint, String output) {
        }
    };

    @ParameterizedTest(name = "{0} {1} {2} words")
    @CsvSource({
        "German,  B1, 400,  Energiepreise",
        "Spanish, A1, 150,  el tiempo",
        "French,  C2, 1200, la musique",
        "English, B2, 2000, energy prices",
    })
    void theDemoArticleAndItsGlossaryPassTheGate(String language, String level, int length, String topic) {
        ArticleCrew crew = new ArticleCrew(new DemoChatModel(Duration.ZERO), new QualityGate());
        CrewResult result = crew.write(new ArticleRequest(language, level, length, topic), QUIET);
        Language requested = Language.parse(language).orElseThrow();

        GateReport report = GATE.check(new GateInput(requested, length, level, result.markdown(), result.glossary()));

        assertEquals(requested.code(), report.detectedLanguage());
        assertTrue(report.passed(), report.findings() + "\n" + result.markdown());
    }
}
