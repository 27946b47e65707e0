package dev.opad.worker.quality;

import static dev.opad.worker.quality.TestArticles.GATE;
import static dev.opad.worker.quality.TestArticles.glossary;
import static dev.opad.worker.quality.TestArticles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.article.Language;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlossaryCheckTest {

    private static final String ARTICLE = read("de-fahrrad.md");
    private static final List<GlossaryEntry> VALID = glossary("de-fahrrad-glossary.json");

    @Test
    void aValidGlossaryPasses() {
        assertEquals(10, VALID.size());
        assertEquals("noun", VALID.getFirst().partOfSpeech(), "read from the models' part_of_speech");

        GateReport report = check(VALID);

        assertTrue(report.passed(), report.findings().toString());
    }

    @Test
    void aWordAbsentFromTheArticleFails() {
        List<GlossaryEntry> entries = new ArrayList<>(VALID);
        entries.set(3, new GlossaryEntry("Flughafen", "der Flughafen", "noun", "ein Ort, wo Flugzeuge landen",
                "Die Städte reagieren auf diese Entwicklung."));

        GateReport report = check(entries);

        assertEquals(List.of(new Finding(Finding.GLOSSARY, "These glossary words do not occur in the article: "
                + "\"Flughafen\". Each \"word\" must be copied exactly as it appears in the article; replace these "
                + "entries with words that do.")), report.findings());
    }

    @Test
    void aWordIsMatchedWholeAndRegardlessOfCase() {
        assertTrue(GlossaryCheck.occurs("stau", "weil sie nicht im Stau stehen"));
        assertTrue(GlossaryCheck.occurs("beschweren sich", "Sie beschweren\nsich, dass"));
        assertFalse(GlossaryCheck.occurs("Rad", "Die Radwege sind breit."), "part of a longer word");
        assertTrue(GlossaryCheck.occurs("l'école", "Il va à l’école."), "apostrophes alike");
        assertTrue(GlossaryCheck.occurs("대여소", "학교 앞에 대여소가 많아서"), "Korean word with a particle");
        assertTrue(GlossaryCheck.occurs("公交车", "很多人每天早上坐公交车上班"), "Chinese has no spaces");
    }

    @Test
    void fiveEntriesAreTooFew() {
        GateReport report = check(VALID.subList(0, 5));

        assertEquals(List.of(new Finding(Finding.GLOSSARY, "The glossary has 5 entries, but it needs 8 to 15. Add entries "
                + "for other words from the article that a learner at level B1 may not know.")), report.findings());
    }

    @Test
    void sixteenEntriesAreTooMany() {
        List<GlossaryEntry> entries = new ArrayList<>(VALID);
        entries.addAll(VALID.subList(0, 6));

        GateReport report = check(entries);

        assertEquals(1, report.findings().size());
        assertTrue(report.findings().getFirst().message().startsWith("The glossary has 16 entries, but it needs 8 to 15."));
    }

    @Test
    void everyFieldMustBeFilledIn() {
        List<GlossaryEntry> entries = new ArrayList<>(VALID);
        GlossaryEntry stau = VALID.get(1);
        entries.set(1, new GlossaryEntry(stau.word(), stau.lemma(), " ", "", stau.example()));
        entries.add(null);

        GateReport report = check(entries);

        assertEquals(List.of(new Finding(Finding.GLOSSARY, "Some glossary entries have empty fields: \"Stau\" (part of "
                + "speech, definition), entry 11 (word, lemma, part of speech, definition, example). Fill in the word, "
                + "lemma, part of speech, definition and example of every entry.")), report.findings());
    }

    @Test
    void anExampleMustBeASentenceOfTheArticle() {
        List<GlossaryEntry> entries = new ArrayList<>(VALID);
        GlossaryEntry abgase = VALID.get(6);
        entries.set(6, new GlossaryEntry(abgase.word(), abgase.lemma(), abgase.partOfSpeech(), abgase.definition(),
                "Autos produzieren viele Abgase."));
        GlossaryEntry stau = VALID.get(1);
        entries.set(1, new GlossaryEntry(stau.word(), stau.lemma(), stau.partOfSpeech(), stau.definition(),
                "weil sie nicht im **Stau** stehen"));

        GateReport report = check(entries);

        assertEquals(List.of(new Finding(Finding.GLOSSARY, "The examples for these glossary words are not sentences of "
                + "the article: \"Abgase\". Each \"example\" must be a sentence copied from the article that contains "
                + "the word.")), report.findings(), "a marked-up part of a sentence is fine");
    }

    @Test
    void aKoreanGlossaryMatchesWordsInsideEojeol() {
        String article = read("ko-ddareungi.md");
        List<GlossaryEntry> entries = List.of(
                entry("공공자전거", "따릉이는 서울시가 운영하는 공공자전거로, 누구나 스마트폰 앱으로 빌릴 수 있습니다."),
                entry("대여소", "지하철역 근처나 공원, 학교 앞에 대여소가 많아서 집 근처에서 자전거를 빌리고 회사 근처에 반납할 수 있습니다."),
                entry("반납", "지하철역 근처나 공원, 학교 앞에 대여소가 많아서 집 근처에서 자전거를 빌리고 회사 근처에 반납할 수 있습니다."),
                entry("저렴하다", "따릉이가 인기가 많은 이유는 가격이 저렴하기 때문입니다."),
                entry("정기권", "한 시간 이용권은 천 원이고, 일 년 동안 사용할 수 있는 정기권도 그렇게 비싸지 않습니다."),
                entry("출퇴근", "그래서 출퇴근하는 직장인뿐만 아니라 대학생과 관광객도 많이 이용합니다."),
                entry("오염", "가까운 거리를 자동차 대신 자전거로 이동하면 공기가 덜 오염되고 길도 덜 막힙니다."),
                entry("헬멧", "헬멧을 쓰는 사람이 많지 않은 것도 걱정입니다."));

        GateReport report = GATE.check(new GateInput(Language.KOREAN, 170, "A2", article, entries));

        assertEquals(List.of(new Finding(Finding.GLOSSARY, "These glossary words do not occur in the article: \"저렴하다\". "
                + "Each \"word\" must be copied exactly as it appears in the article; replace these entries with words "
                + "that do.")), report.findings(), "the dictionary form is the lemma, not the word");
    }

    @Test
    void noGlossaryIsNotChecked() {
        assertTrue(GATE.check(new GateInput(Language.GERMAN, 250, "B1", ARTICLE, null)).passed());
        assertFalse(GATE.check(new GateInput(Language.GERMAN, 250, "B1", ARTICLE, List.of())).passed(),
                "an empty glossary is a glossary with too few entries");
    }

    @Test
    void anEntryIsWrittenAndReadWithTheModelsFieldNames() throws Exception {
        ObjectMapper json = new ObjectMapper();
        GlossaryEntry entry = VALID.getFirst();

        String written = json.writeValueAsString(entry);

        assertTrue(written.contains("\"part_of_speech\":\"noun\""), written);
        assertEquals(entry, json.readValue(written, GlossaryEntry.class));
        assertEquals("verb", json.readValue("{\"word\":\"gehen\",\"partOfSpeech\":\"verb\",\"level\":\"A1\"}",
                GlossaryEntry.class).partOfSpeech(), "camelCase accepted, unknown fields ignored");
    }

    private static GateReport check(List<GlossaryEntry> entries) {
        return GATE.check(new GateInput(Language.GERMAN, 250, "B1", ARTICLE, entries));
    }

    private static GlossaryEntry entry(String word, String example) {
        return new GlossaryEntry(word, word, "명사", "뜻풀이", example);
    }
}
