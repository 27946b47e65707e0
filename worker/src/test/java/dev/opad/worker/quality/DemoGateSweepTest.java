package dev.opad.worker.quality;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.worker.crew.ArticleCrew;
import dev.opad.worker.crew.ArticleRequest;
import dev.opad.worker.crew.CrewResult;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.crew.StageListener;
import dev.opad.worker.model.DemoChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The offline demo is the default model, so it must pass the real gate without a revision round
 * for every language it writes, every level and the whole length range, whatever the topic, and it
 * must do so by writing varied text: no sentence of an article may come back, and its 4-grams stay
 * well under the gate's limit (half of it for a short topic).
 */
class DemoGateSweepTest {

    private static final StageListener SILENT = new StageListener() {
        @Override
        public void started(CrewStage stage) {
        }

        @Override
        public void finished(CrewStage stage, String checkpoint, String output) {
        }
    };

    @Test
    void demoArticlesPassTheGateAcrossLanguagesLevelsLengthsAndTopics() {
        ArticleCrew crew = new ArticleCrew(new DemoChatModel(Duration.ZERO), new QualityGate());
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (String language : List.of("English", "German", "Spanish", "French")) {
            for (String level : List.of("A1", "B1", "C2")) {
                for (int length : List.of(100, 150, 250, 400, 1000, 2000)) {
                    for (String topic : List.of("energy prices", "Fahrrad", "la lluvia", "le pain", "x",
                            "the history of the Roman empire")) {
                        runs++;
                        try {
                            CrewResult result = crew.write(new ArticleRequest(language, level, length, topic), SILENT);
                            String run = language + " " + level + " " + length + " " + topic + ": ";
                            if (!result.gate().passed()) {
                                failures.add(run + result.gate().findings());
                            }
                            List<RepetitionCheck.Sentence> sentences = RepetitionCheck.sentences(ArticleText.parse(result.markdown()));
                            Set<List<String>> seen = new HashSet<>();
                            sentences.stream().filter(s -> !seen.add(s.words()))
                                    .forEach(s -> failures.add(run + "the sentence \"" + s.text() + "\" repeats"));
                            double fourGrams = RepetitionCheck.fourGramRepetition(sentences).repeatedShare();
                            double limit = topic.split(" ").length > 2 ? RepetitionCheck.MAX_REPEATED_FOUR_GRAMS
                                    : RepetitionCheck.MAX_REPEATED_FOUR_GRAMS / 2;
                            if (fourGrams > limit) {
                                failures.add(run + fourGrams + " of the 4-grams repeat");
                            }
                        } catch (QualityGateFailedException e) {
                            failures.add(language + " " + level + " " + length + " " + topic + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + runs + " demo articles failed:\n" + String.join("\n", failures));
    }
}
