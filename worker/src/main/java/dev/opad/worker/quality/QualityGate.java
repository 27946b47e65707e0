package dev.opad.worker.quality;

import dev.opad.worker.quality.LanguageCheck.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a finished article in code, without asking a model: the language, the length, the
 * structure, nothing left over from the prompt or the model's chatter, the glossary, and no
 * sentences or phrases said over and over. Each problem
 * becomes a {@link Finding} worded so that a model can fix it in a revision round.
 *
 * <p>Building the gate loads the language models (about 13 MB of heap, 2 s); the bean does it once, on
 * first use.
 */
@ApplicationScoped
public class QualityGate {

    private final LanguageCheck languageCheck;

    public QualityGate() {
        this(new ProseLanguageDetector());
    }

    QualityGate(ProseLanguageDetector detector) {
        this.languageCheck = new LanguageCheck(detector);
    }

    public GateReport check(GateInput input) {
        ArticleText article = ArticleText.parse(input.markdown());
        Reading reading = languageCheck.read(article);
        int words = WordCount.of(article.readableText(), input.language());

        List<Finding> findings = new ArrayList<>();
        findings.addAll(languageCheck.check(reading, input));
        findings.addAll(LengthCheck.check(words, input));
        findings.addAll(StructureCheck.check(article, input));
        findings.addAll(LeftoverCheck.check(article));
        findings.addAll(GlossaryCheck.check(input.glossary(), article, input));
        findings.addAll(RepetitionCheck.check(article));
        return GateReport.of(reading.detectedCode(), reading.confidence(), words, input.requestedLength(), findings);
    }
}
