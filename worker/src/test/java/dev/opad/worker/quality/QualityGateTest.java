package dev.opad.worker.quality;

import static dev.opad.worker.quality.TestArticles.GATE;
import static dev.opad.worker.quality.TestArticles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.article.Language;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityGateTest {

    @ParameterizedTest(name = "{0} passes as {1}")
    @CsvSource({
        "de-fahrrad.md,        de, B1, 250",
        "es-mercados.md,       es, B1, 280",
        "fr-trains-de-nuit.md, fr, B2, 270",
        "en-city-trees.md,     en, B2, 300",
        "ko-ddareungi.md,      ko, A2, 170",
    })
    void aGoodArticlePassesForItsLanguageAtTheRightLength(String file, String code, String level, int length) {
        Language language = Language.parse(code).orElseThrow();

        GateReport report = GATE.check(new GateInput(language, length, level, read(file)));

        assertTrue(report.passed(), report.findings().toString());
        assertEquals(code, report.detectedLanguage());
        assertEquals(1.0, report.languageConfidence());
        assertEquals(length, report.requestedLength());
        assertTrue(Math.abs(report.wordCount() - length) <= length * 0.1, report.wordCount() + " words");
        assertEquals("", report.revisionInstructions());
    }

    @Test
    void anEnglishArticleForAGermanRequestIsRejected() {
        GateReport report = GATE.check(new GateInput(Language.GERMAN, 300, "B1", read("en-city-trees.md")));

        assertFalse(report.passed());
        assertEquals("en", report.detectedLanguage());
        assertEquals(List.of(new Finding(Finding.LANGUAGE,
                "The article is in English, but German was requested. Rewrite it entirely in German at level B1.")),
                report.findings());
    }

    @Test
    void aPassageInAnotherLanguageIsReportedEvenWhenMostOfTheArticleIsRight() {
        GateReport report = GATE.check(new GateInput(Language.GERMAN, 180, "B1", read("de-with-english-passage.md")));

        assertEquals("de", report.detectedLanguage());
        assertTrue(report.languageConfidence() > 0.6 && report.languageConfidence() < 0.9, "" + report.languageConfidence());
        assertEquals(Set.of(Finding.LANGUAGE), codes(report));
        String message = report.findings().getFirst().message();
        assertTrue(message.startsWith("Parts of the article are not in German: the passage starting \"Doctors are pleased"),
                message);
        assertTrue(message.contains("reads as English"), message);
    }

    @Test
    void anArticleHalfTheRequestedLengthIsRejected() {
        String article = read("fr-trains-de-nuit.md");
        int words = GATE.check(new GateInput(Language.FRENCH, 270, "B2", article)).wordCount();

        GateReport report = GATE.check(new GateInput(Language.FRENCH, words * 2, "B2", article));

        assertFalse(report.passed());
        assertEquals(Set.of(Finding.LENGTH), codes(report));
        assertTrue(report.findings().getFirst().message().startsWith("The article is too short: it has about " + words
                + " words, but " + words * 2 + " were requested"), report.findings().toString());
    }

    @Test
    void anArticleFarTooLongIsRejected() {
        GateReport report = GATE.check(new GateInput(Language.ENGLISH, 150, "B2", read("en-city-trees.md")));

        assertEquals(Set.of(Finding.LENGTH), codes(report));
        assertTrue(report.findings().getFirst().message().contains("Shorten it to about 150 words"));
    }

    @Test
    void anEchoedPromptLineAndRawJsonAreRejected() {
        GateReport report = GATE.check(new GateInput(Language.GERMAN, 250, "B1", read("de-leftovers.md")));

        assertFalse(report.passed());
        assertEquals("de", report.detectedLanguage(), "the JSON and the prompt line do not change the language");
        List<String> leftovers = report.findings().stream()
                .filter(f -> f.code().equals(Finding.LEFTOVER)).map(Finding::message).toList();
        assertEquals(2, leftovers.size(), report.findings().toString());
        assertTrue(leftovers.get(0).contains("line 1: \"Stage: write\""), leftovers.get(0));
        assertTrue(leftovers.get(1).startsWith("Remove the raw JSON (line 12: \"{\""), leftovers.get(1));
    }

    @Test
    void aTextTooShortToTellGetsNoLanguageVerdict() {
        GateReport report = GATE.check(new GateInput(Language.GERMAN, 200, "A1", "# Hallo\n\nDas ist kurz.\n"));

        assertNull(report.detectedLanguage());
        assertEquals(0.0, report.languageConfidence());
        assertEquals(Set.of(Finding.LENGTH, Finding.STRUCTURE), codes(report));
    }

    @Test
    void theDemoNoticeAndTheSourceLineAreNotPartOfTheArticle() {
        String article = read("de-fahrrad.md");
        int words = GATE.check(new GateInput(Language.GERMAN, 250, "B1", article)).wordCount();
        String labelled = article.replaceFirst("\n", "\n\n*Source: the model's general knowledge; no sources were "
                + "consulted*\n\n> *Demo article: composed by opad's offline demo model from templates, not written by "
                + "a language model. Set OPAD_MODEL_PROVIDER=openai to use a real model.*\n");

        GateReport report = GATE.check(new GateInput(Language.GERMAN, 250, "B1", labelled));

        assertTrue(report.passed(), report.findings().toString());
        assertEquals(words, report.wordCount());
        assertEquals(1.0, report.languageConfidence());
    }

    @Test
    void aTitleAndTwoParagraphsAreRequired() {
        String noTitle = read("de-fahrrad.md").replace("# Mit dem Fahrrad durch die Stadt", "Mit dem Fahrrad");
        assertEquals(List.of(new Finding(Finding.STRUCTURE, "The article has no title. Start it with exactly one title "
                + "line \"# <title>\" in German.")), GATE.check(new GateInput(Language.GERMAN, 250, "B1", noTitle)).findings());

        String twoTitles = read("de-fahrrad.md").replace("## Was die Städte tun", "# Was die Städte tun");
        String message = GATE.check(new GateInput(Language.GERMAN, 250, "B1", twoTitles)).findings().getFirst().message();
        assertTrue(message.startsWith("The article has 2 title lines starting with \"# \" (line 1: \"# Mit dem Fahrrad "
                + "durch die Stadt\", line 7: \"# Was die Städte tun\")"), message);

        String list = "# Fahrräder\n\n" + read("de-fahrrad.md").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> "- " + l).reduce("", (a, b) -> a + b + "\n");
        GateReport listReport = GATE.check(new GateInput(Language.GERMAN, 250, "B1", list));
        assertEquals(List.of(new Finding(Finding.STRUCTURE, "The article has 0 paragraphs of prose. Write it as at least "
                + "2 paragraphs of full sentences, separated by blank lines, not as a list or a single block.")),
                listReport.findings());
    }

    @Test
    void theFindingsBecomeOneNumberedRevisionInstruction() {
        String article = "Stage: write\n" + read("en-city-trees.md");

        GateReport report = GATE.check(new GateInput(Language.GERMAN, 600, "B1", article));

        assertEquals("""
                Revise the article and fix these problems:
                1. The article is in English, but German was requested. Rewrite it entirely in German at level B1.
                2. The article is too short: it has about %d words, but 600 were requested (480 to 720 is fine). \
                Extend it to about 600 words with more content in new or longer paragraphs, not with filler or repetition.
                3. Remove the lines copied from the instructions (line 1: "Stage: write"). The answer must contain the \
                article only.""".formatted(report.wordCount()), report.revisionInstructions());
    }

    @Test
    void theReportIsStoredAsJsonWithItsFieldsOnly() throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        GateReport report = GATE.check(new GateInput(Language.GERMAN, 300, "B1", read("en-city-trees.md")));

        JsonNode tree = json.valueToTree(report);

        assertEquals(Set.of("passed", "detectedLanguage", "languageConfidence", "wordCount", "requestedLength", "findings"),
                Set.copyOf(iterable(tree.fieldNames())));
        assertEquals("language", tree.get("findings").get(0).get("code").asText());
        assertEquals(report, json.readValue(json.writeValueAsString(report), GateReport.class));
    }

    @Test
    void oneGateChecksManyArticlesAtOnce() throws Exception {
        String[] files = {"de-fahrrad.md", "es-mercados.md", "fr-trains-de-nuit.md", "en-city-trees.md", "ko-ddareungi.md"};
        String[] codes = {"de", "es", "fr", "en", "ko"};
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Callable<String>> checks = IntStream.range(0, 40)
                    .<Callable<String>>mapToObj(i -> () -> GATE.check(new GateInput(Language.parse(codes[i % 5]).orElseThrow(),
                            250, "B1", read(files[i % 5]))).detectedLanguage())
                    .toList();
            List<Future<String>> results = pool.invokeAll(checks);
            for (int i = 0; i < results.size(); i++) {
                assertEquals(codes[i % 5], results.get(i).get());
            }
        }
    }

    private static Set<String> codes(GateReport report) {
        return Set.copyOf(report.findings().stream().map(Finding::code).toList());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
