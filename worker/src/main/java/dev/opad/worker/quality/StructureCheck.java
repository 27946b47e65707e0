package dev.opad.worker.quality;

import dev.opad.worker.quality.ArticleText.Block;
import dev.opad.worker.quality.ArticleText.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Does the article look like one: exactly one "# " title, and at least {@link #MIN_PARAGRAPHS}
 * paragraphs of prose (blocks of running text with at least {@link #PARAGRAPH_WORDS} words; headings,
 * lists, quotes and tables do not count).
 */
final class StructureCheck {

    static final int MIN_PARAGRAPHS = 2;
    static final int PARAGRAPH_WORDS = 5;

    private StructureCheck() {
    }

    static List<Finding> check(ArticleText article, GateInput input) {
        List<Finding> findings = new ArrayList<>();
        String language = input.language().displayName();
        List<Block> titles = article.blocks(Kind.TITLE);
        if (titles.isEmpty()) {
            findings.add(new Finding(Finding.STRUCTURE, "The article has no title. Start it with exactly one title line "
                    + "\"# <title>\" in " + language + "."));
        } else if (titles.size() > 1) {
            String lines = titles.stream().map(t -> "line " + t.firstLine() + ": \"" + t.rawLines().getFirst().strip() + "\"")
                    .collect(Collectors.joining(", "));
            findings.add(new Finding(Finding.STRUCTURE, ("The article has %d title lines starting with \"# \" (%s). Keep "
                    + "exactly one \"# \" title at the top and make the others \"## \" section headings.")
                    .formatted(titles.size(), lines)));
        }
        long paragraphs = article.blocks(Kind.PARAGRAPH).stream()
                .filter(p -> WordCount.of(p.text(), input.language()) >= PARAGRAPH_WORDS)
                .count();
        if (paragraphs < MIN_PARAGRAPHS) {
            findings.add(new Finding(Finding.STRUCTURE, ("The article has %d paragraph%s of prose. Write it as at least "
                    + "%d paragraphs of full sentences, separated by blank lines, not as a list or a single block.")
                    .formatted(paragraphs, paragraphs == 1 ? "" : "s", MIN_PARAGRAPHS)));
        }
        return findings;
    }
}
