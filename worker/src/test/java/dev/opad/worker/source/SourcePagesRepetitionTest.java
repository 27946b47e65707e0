package dev.opad.worker.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.article.Language;
import dev.opad.worker.quality.Finding;
import dev.opad.worker.quality.GateInput;
import dev.opad.worker.quality.GateReport;
import dev.opad.worker.quality.QualityGate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real human writing must never look repetitive to the gate: the saved pages (see
 * src/test/resources/source-pages/README.md), read as the research stage reads a source, menus and
 * all that survive, get no repetition finding.
 */
class SourcePagesRepetitionTest {

    private static final QualityGate GATE = new QualityGate();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"heise, de", "lemonde-1, fr", "links-in-tables, en", "medicalnewstoday, en"})
    void realPagesAreNotRepetitive(String name, String code) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/source-pages/" + name + ".html")) {
            text = ReadableText.fromHtml(new String(in.readAllBytes(), StandardCharsets.UTF_8)).text();
        }

        GateReport report = GATE.check(new GateInput(Language.parse(code).orElseThrow(), 0, null, text));

        assertEquals(List.of(), report.findings().stream().filter(f -> f.code().equals(Finding.REPETITION)).toList());
    }
}
