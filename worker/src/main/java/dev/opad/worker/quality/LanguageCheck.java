package dev.opad.worker.quality;

import dev.opad.article.Language;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Is the article in the requested language? The readable text is cut into passages of whole blocks
 * with at least {@link #PASSAGE_LETTERS} letters each (a rest of fewer than {@link #MIN_LETTERS}
 * joins the passage before it), and each passage is detected on its own: the language with most
 * letters is the article's, its share of the letters is the confidence, and a passage in another
 * language is reported even when the rest is right. Markup, the demo notice and the source line are
 * not read; an article with fewer than {@link #MIN_LETTERS} letters is too short to tell, and gets
 * no verdict here.
 */
final class LanguageCheck {

    static final int PASSAGE_LETTERS = 200;
    static final int MIN_LETTERS = 100;
    private static final int EXCERPT_WORDS = 8;
    private static final int EXCERPT_CHARACTERS = 60;
    private static final int REPORTED_PASSAGES = 2;

    /** What was detected: nothing for a text too short to tell. */
    record Reading(Optional<Language> detected, double confidence, List<Passage> passages) {

        static final Reading UNDECIDED = new Reading(Optional.empty(), 0, List.of());

        String detectedCode() {
            return detected.map(Language::code).orElse(null);
        }
    }

    record Passage(String text, int letters, Optional<Language> language) {
    }

    private final ProseLanguageDetector detector;

    LanguageCheck(ProseLanguageDetector detector) {
        this.detector = detector;
    }

    Reading read(ArticleText article) {
        List<String> texts = passages(article);
        if (texts.isEmpty()) {
            return Reading.UNDECIDED;
        }
        List<Passage> passages = texts.stream()
                .map(text -> new Passage(text, letters(text), detector.detect(text)))
                .toList();
        Map<Language, Integer> lettersByLanguage = new EnumMap<>(Language.class);
        passages.forEach(p -> p.language().ifPresent(l -> lettersByLanguage.merge(l, p.letters(), Integer::sum)));
        int total = passages.stream().mapToInt(Passage::letters).sum();
        return lettersByLanguage.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(best -> new Reading(Optional.of(best.getKey()), share(best.getValue(), total), passages))
                .orElse(Reading.UNDECIDED);
    }

    List<Finding> check(Reading reading, GateInput input) {
        Language requested = input.language();
        if (reading.detected().isEmpty()) {
            return List.of();
        }
        Language detected = reading.detected().get();
        if (detected != requested) {
            return List.of(new Finding(Finding.LANGUAGE, "The article is in %s, but %s was requested. Rewrite it entirely in %s%s."
                    .formatted(detected.displayName(), requested.displayName(), requested.displayName(), input.atLevel())));
        }
        List<Passage> foreign = reading.passages().stream()
                .filter(p -> p.language().isPresent() && p.language().get() != requested)
                .toList();
        if (foreign.isEmpty()) {
            return List.of();
        }
        String where = foreign.stream().limit(REPORTED_PASSAGES)
                .map(p -> "the passage starting \"%s\" reads as %s".formatted(excerpt(p.text()), p.language().get().displayName()))
                .collect(Collectors.joining("; "));
        return List.of(new Finding(Finding.LANGUAGE, "Parts of the article are not in %s: %s. Rewrite every part of the article in %s."
                .formatted(requested.displayName(), where, requested.displayName())));
    }

    /** Whole blocks gathered until a passage has enough letters; a short rest joins the last passage. */
    private static List<String> passages(ArticleText article) {
        List<String> passages = new ArrayList<>();
        StringBuilder open = new StringBuilder();
        int total = 0;
        for (ArticleText.Block block : article.readableBlocks()) {
            open.append(open.isEmpty() ? "" : "\n").append(block.text());
            total += letters(block.text());
            if (letters(open) >= PASSAGE_LETTERS) {
                passages.add(open.toString());
                open.setLength(0);
            }
        }
        if (total < MIN_LETTERS) {
            return List.of();
        }
        if (passages.isEmpty() || letters(open) >= MIN_LETTERS) {
            passages.add(open.toString());
        } else if (!open.isEmpty()) {
            passages.set(passages.size() - 1, passages.getLast() + "\n" + open);
        }
        return passages;
    }

    private static int letters(CharSequence text) {
        return (int) text.codePoints().filter(Character::isLetter).count();
    }

    private static double share(int part, int total) {
        return total == 0 ? 0 : Math.round(1000.0 * part / total) / 1000.0;
    }

    static String excerpt(String text) {
        String[] words = text.strip().split("\\s+");
        String start = String.join(" ", Arrays.copyOf(words, Math.min(words.length, EXCERPT_WORDS)));
        if (start.length() > EXCERPT_CHARACTERS) {
            start = start.substring(0, EXCERPT_CHARACTERS).strip();
        }
        return start.length() < text.strip().length() ? start + "…" : start;
    }
}
