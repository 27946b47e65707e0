package dev.opad.worker.quality;

import static dev.opad.worker.quality.TestArticles.GATE;
import static dev.opad.worker.quality.TestArticles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.article.Language;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepetitionCheckTest {

    private static final List<String> SIX_SENTENCES = List.of(
            "Many people in the city ride their bikes to work every morning.",
            "The new cycle lanes along the river opened last spring.",
            "Shops near the station now sell spare parts and helmets.",
            "Some drivers complain that the roads have become narrower.",
            "The council wants to count the bikes again next year.",
            "Children learn to ride safely in a course at school.");

    @Test
    void anArticleOfSixSentencesWrittenFiveTimesFailsAndTheFindingNamesARepeatedSentence() {
        String paragraph = IntStream.range(0, 5).mapToObj(i -> String.join(" ", SIX_SENTENCES))
                .collect(Collectors.joining("\n\n"));
        String article = "# Bikes in the city\n\n" + paragraph + "\n";

        GateReport report = GATE.check(new GateInput(Language.ENGLISH, 0, "B1", article));

        assertFalse(report.passed());
        List<Finding> repetition = report.findings().stream().filter(f -> f.code().equals(Finding.REPETITION)).toList();
        assertEquals(1, repetition.size(), report.findings().toString());
        assertEquals("Sentences repeat: \"Many people in the city ride their bikes to work every morning.\" appears 5 "
                + "times, and 80% of the article's sentences repeat an earlier one. Rewrite the repeated sentences with new "
                + "content, so that every sentence says something new.", repetition.getFirst().message());
        assertTrue(report.revisionInstructions().contains("Sentences repeat: \"Many people in the city"),
                report.revisionInstructions());
    }

    @Test
    void repeatedSentencesAreFoundWhateverTheirCaseAndPunctuation() {
        String article = "# Bikes\n\n" + String.join(" ", SIX_SENTENCES) + "\n\nMANY PEOPLE IN THE CITY RIDE THEIR BIKES "
                + "TO WORK EVERY MORNING! the new cycle lanes, along the river, opened last spring\n";

        assertEquals(List.of(Finding.REPETITION), codes(RepetitionCheck.check(ArticleText.parse(article))));
    }

    @Test
    void sentencesThatDifferButRepeatTheirPhrasesFailOnFourGrams() {
        String paragraph = IntStream.range(0, 12)
                .mapToObj(i -> "In the city centre people ride their bikes to work on day " + (i + 1) + ".")
                .collect(Collectors.joining(" "));

        List<Finding> findings = RepetitionCheck.check(ArticleText.parse("# Bikes\n\n" + paragraph + "\n"));

        assertEquals(List.of(Finding.REPETITION), codes(findings));
        String message = findings.getFirst().message();
        assertTrue(message.startsWith("Phrases repeat: \"in the city centre\" appears 12 times"), message);
        assertTrue(message.contains("Rewrite the article with varied wording and new content"), message);
    }

    @Test
    void oneRepeatedSentenceInAShortArticleIsNotRepetition() {
        String article = "# Bikes\n\n" + String.join(" ", SIX_SENTENCES.subList(0, 4)) + "\n\n"
                + SIX_SENTENCES.getFirst() + " " + SIX_SENTENCES.get(4) + "\n";

        assertEquals(List.of(), RepetitionCheck.check(ArticleText.parse(article)));
    }

    @Test
    void shortSentencesAndHeadingsMayRepeat() {
        String section = "## What people say\n\n" + "Yes. No. Thank you. ";
        String article = "# Bikes\n\n" + section + SIX_SENTENCES.get(0) + "\n\n" + section + SIX_SENTENCES.get(1) + "\n\n"
                + section + SIX_SENTENCES.get(2) + "\n";

        assertEquals(List.of(), RepetitionCheck.check(ArticleText.parse(article)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"de-fahrrad.md", "es-mercados.md", "fr-trains-de-nuit.md", "en-city-trees.md", "ko-ddareungi.md"})
    void realArticlesRepeatAlmostNothing(String file) {
        List<RepetitionCheck.Sentence> sentences = RepetitionCheck.sentences(ArticleText.parse(read(file)));

        assertTrue(sentences.size() >= 10, sentences.size() + " sentences");
        assertEquals(0, RepetitionCheck.sentenceRepetition(sentences).repeats());
        assertTrue(RepetitionCheck.fourGramRepetition(sentences).repeatedShare() < 0.01);
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }
}
