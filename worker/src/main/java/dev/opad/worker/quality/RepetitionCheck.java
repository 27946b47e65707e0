package dev.opad.worker.quality;

import dev.opad.worker.quality.ArticleText.Block;
import dev.opad.worker.quality.ArticleText.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Does the article say the same things over and over? Two measures over its prose (paragraphs, quotes
 * and lists; titles, headings and tables are not running text):
 * <ul>
 * <li>the share of sentences that repeat an earlier one, after case and punctuation are made alike;
 * sentences of fewer than {@link #MIN_SENTENCE_WORDS} words ("Yes.", "Thank you.") are not counted;</li>
 * <li>the share of word 4-grams (four words in a row inside a sentence) that repeat an earlier one.</li>
 * </ul>
 * Good human text stays far below both limits. Measured in 2026-12: the saved pages under
 * src/test/resources/source-pages, read by ReadableText (menus and captions that survive included),
 * repeat 0 to 1.9 % of their sentences and 1.0 to 2.2 % of their 4-grams; the articles under
 * src/test/resources/quality 0 % and 0 to 0.5 %. The old demo model, cycling 7 or 8 sentences,
 * repeated 33 to 97 % of both from 100 to 2000 words. So more than 10 % repeated sentences (and at
 * least {@link #MIN_REPEATED_SENTENCES}, so one quoted line in a short article is not enough), or more
 * than 25 % repeated 4-grams, is repetition no reader would accept.
 */
final class RepetitionCheck {

    static final double MAX_REPEATED_SENTENCES = 0.10;
    static final double MAX_REPEATED_FOUR_GRAMS = 0.25;
    static final int MIN_SENTENCE_WORDS = 4;
    static final int MIN_REPEATED_SENTENCES = 2;
    private static final int QUOTED_CHARACTERS = 80;

    private static final Set<Kind> PROSE = Set.of(Kind.PARAGRAPH, Kind.QUOTE, Kind.LIST);
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…。！？])\\s+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");

    /** One sentence as written, and its words made alike for comparison. */
    record Sentence(String text, List<String> words) {
    }

    /** The share of items that repeat an earlier one, how many do, and the most repeated item with its count. */
    record Measure(double repeatedShare, int repeats, String example, int exampleCount) {
    }

    private RepetitionCheck() {
    }

    static List<Finding> check(ArticleText article) {
        List<Sentence> sentences = sentences(article);
        Measure bySentence = sentenceRepetition(sentences);
        if (bySentence.repeats() >= MIN_REPEATED_SENTENCES && bySentence.repeatedShare() > MAX_REPEATED_SENTENCES) {
            return List.of(new Finding(Finding.REPETITION, ("Sentences repeat: \"%s\" appears %d times, and %d%% of the "
                    + "article's sentences repeat an earlier one. Rewrite the repeated sentences with new content, so that "
                    + "every sentence says something new.").formatted(quote(bySentence.example()),
                    bySentence.exampleCount(), percent(bySentence.repeatedShare()))));
        }
        // Repeated sentences repeat their 4-grams too: one finding says it.
        Measure byFourGram = fourGramRepetition(sentences);
        if (byFourGram.repeatedShare() > MAX_REPEATED_FOUR_GRAMS) {
            return List.of(new Finding(Finding.REPETITION, ("Phrases repeat: \"%s\" appears %d times, and %d%% of the "
                    + "article's four-word phrases repeat an earlier one. Rewrite the article with varied wording and new "
                    + "content instead of the same phrases.").formatted(byFourGram.example(), byFourGram.exampleCount(),
                    percent(byFourGram.repeatedShare()))));
        }
        return List.of();
    }

    static List<Sentence> sentences(ArticleText article) {
        List<Sentence> sentences = new ArrayList<>();
        for (Block block : article.readableBlocks()) {
            if (!PROSE.contains(block.kind())) {
                continue;
            }
            for (String text : SENTENCE_END.split(block.text())) {
                List<String> words = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\'')).results()
                        .map(MatchResult::group).toList();
                if (!words.isEmpty()) {
                    sentences.add(new Sentence(text.strip(), words));
                }
            }
        }
        return sentences;
    }

    static Measure sentenceRepetition(List<Sentence> sentences) {
        Map<List<String>, List<Sentence>> alike = new LinkedHashMap<>();
        sentences.stream().filter(s -> s.words().size() >= MIN_SENTENCE_WORDS)
                .forEach(s -> alike.computeIfAbsent(s.words(), k -> new ArrayList<>()).add(s));
        return measure(alike, group -> group.getFirst().text());
    }

    static Measure fourGramRepetition(List<Sentence> sentences) {
        Map<List<String>, List<List<String>>> alike = new LinkedHashMap<>();
        for (Sentence sentence : sentences) {
            for (int i = 0; i + 4 <= sentence.words().size(); i++) {
                List<String> gram = sentence.words().subList(i, i + 4);
                alike.computeIfAbsent(gram, k -> new ArrayList<>()).add(gram);
            }
        }
        return measure(alike, group -> String.join(" ", group.getFirst()));
    }

    private static <K, V> Measure measure(Map<K, List<V>> alike, Function<List<V>, String> shown) {
        int total = alike.values().stream().mapToInt(List::size).sum();
        if (total == 0) {
            return new Measure(0, 0, "", 0);
        }
        List<V> most = alike.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        int repeats = total - alike.size();
        return new Measure((double) repeats / total, repeats, shown.apply(most), most.size());
    }

    private static String quote(String sentence) {
        return sentence.length() <= QUOTED_CHARACTERS ? sentence : sentence.substring(0, QUOTED_CHARACTERS).strip() + "…";
    }

    private static long percent(double share) {
        return Math.round(100 * share);
    }
}
