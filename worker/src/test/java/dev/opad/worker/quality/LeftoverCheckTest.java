package dev.opad.worker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeftoverCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Stage: review",
        "**Language:** German",
        "Level: B1",
        "Draft:",
        "You are an editor of graded readers.",
        "Here is the revised article:",
        "Sure! Here is your article about energy prices.",
        "As an AI language model, I cannot browse the internet.",
        "I hope this helps!",
        "Let me know if you want a shorter version.",
        "Word count: 412",
        "(412 words)",
        "Hier ist der überarbeitete Artikel:",
        "Aquí tienes el artículo revisado:",
        "Voici l'article corrigé :",
        "{\"title\": \"Energiepreise\"}",
        "[{\"word\": \"Stau\"}]",
        "  \"lemma\": \"der Stau\",",
        "```markdown",
        "# {{topic}}",
    })
    void aLeftoverLineIsFound(String line) {
        String article = "# Titel\n\nEin Absatz mit Text.\n\n" + line + "\n\nNoch ein Absatz mit Text.\n";

        List<Finding> findings = LeftoverCheck.check(ArticleText.parse(article));

        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Finding.LEFTOVER, findings.getFirst().code());
        assertTrue(findings.getFirst().message().contains("line 5: \""), findings.getFirst().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "You are what you eat, says an old proverb.",
        "Sure, prices are high, but many families still travel.",
        "Language is more than grammar: it is how we share ideas.",
        "Here is the good news: the river is clean again.",
        "She said: \"We will build a new school.\"",
        "\"Wir schaffen das\" war ein berühmter Satz.",
        "[Mehr dazu](https://example.org) gibt es online.",
        "*Source: the model's general knowledge; no sources were consulted*",
        "> *Demo article: composed by opad's offline demo model from templates, not written by a language model.*",
        "Als KI-Forscherin arbeitet sie an neuen Modellen.",
        "- 3 kg Äpfel",
    })
    void ordinaryProseIsNotALeftover(String line) {
        String article = "# Titel\n\nEin Absatz mit Text.\n\n" + line + "\n\nNoch ein Absatz mit Text.\n";

        assertEquals(List.of(), LeftoverCheck.check(ArticleText.parse(article)));
    }
}
