package dev.opad.worker.quality;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Is the glossary usable: {@link #MIN_ENTRIES} to {@link #MAX_ENTRIES} entries, no blank field, every
 * word in the article, every example a sentence of the article? Words are matched case-insensitively
 * as whole words; Korean, Chinese and Japanese words as substrings, because particles attach to
 * Korean words and Chinese and Japanese put no spaces between words. Examples are matched after
 * markup, quotes, apostrophes, spaces and the closing punctuation are made alike.
 */
final class GlossaryCheck {

    static final int MIN_ENTRIES = 8;
    static final int MAX_ENTRIES = 15;
    private static final int NAMED_ENTRIES = 5;

    private static final Map<String, Function<GlossaryEntry, String>> FIELDS = fields();
    private static final Pattern UNSPACED = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");
    private static final Pattern QUOTES = Pattern.compile("[\"“”„«»‹›「」『』]");
    private static final Pattern APOSTROPHES = Pattern.compile("[’‘ʼ`´]");
    private static final Pattern DASHES = Pattern.compile("[–—]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[\\s.,;:!?…。、！？]+|[\\s.,;:!?…。、！？]+$");

    private GlossaryCheck() {
    }

    static List<Finding> check(List<GlossaryEntry> glossary, ArticleText article, GateInput input) {
        if (glossary == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        if (glossary.size() < MIN_ENTRIES) {
            findings.add(new Finding(Finding.GLOSSARY, ("The glossary has %d entries, but it needs %d to %d. Add entries "
                    + "for other words from the article that a learner%s may not know.")
                    .formatted(glossary.size(), MIN_ENTRIES, MAX_ENTRIES, input.atLevel())));
        } else if (glossary.size() > MAX_ENTRIES) {
            findings.add(new Finding(Finding.GLOSSARY, ("The glossary has %d entries, but it needs %d to %d. Keep only "
                    + "the words most useful to a learner%s.").formatted(glossary.size(), MIN_ENTRIES, MAX_ENTRIES,
                    input.atLevel())));
        }
        String text = article.readableText();
        String comparableText = comparable(text);
        List<String> blank = new ArrayList<>();
        List<String> absentWords = new ArrayList<>();
        List<String> absentExamples = new ArrayList<>();
        for (int i = 0; i < glossary.size(); i++) {
            GlossaryEntry entry = glossary.get(i) == null ? new GlossaryEntry(null, null, null, null, null) : glossary.get(i);
            String name = isBlank(entry.word()) ? "entry " + (i + 1) : "\"" + entry.word().strip() + "\"";
            List<String> empty = FIELDS.entrySet().stream()
                    .filter(f -> isBlank(f.getValue().apply(entry)))
                    .map(Map.Entry::getKey)
                    .toList();
            if (!empty.isEmpty()) {
                blank.add(name + " (" + String.join(", ", empty) + ")");
            }
            if (!isBlank(entry.word()) && !occurs(entry.word(), text)) {
                absentWords.add(name);
            }
            if (!isBlank(entry.example()) && !comparableText.contains(comparableSentence(entry.example()))) {
                absentExamples.add(name);
            }
        }
        if (!blank.isEmpty()) {
            findings.add(new Finding(Finding.GLOSSARY, ("Some glossary entries have empty fields: %s. Fill in the word, "
                    + "lemma, part of speech, definition and example of every entry.").formatted(named(blank))));
        }
        if (!absentWords.isEmpty()) {
            findings.add(new Finding(Finding.GLOSSARY, ("These glossary words do not occur in the article: %s. Each "
                    + "\"word\" must be copied exactly as it appears in the article; replace these entries with words "
                    + "that do.").formatted(named(absentWords))));
        }
        if (!absentExamples.isEmpty()) {
            findings.add(new Finding(Finding.GLOSSARY, ("The examples for these glossary words are not sentences of the "
                    + "article: %s. Each \"example\" must be a sentence copied from the article that contains the word.")
                    .formatted(named(absentExamples))));
        }
        return findings;
    }

    /** Whether {@code word} occurs in {@code text}: as a whole word, or as a substring in Korean, Chinese, Japanese. */
    static boolean occurs(String word, String text) {
        String wanted = Normalizer.normalize(APOSTROPHES.matcher(word.strip()).replaceAll("'"), Normalizer.Form.NFC);
        String in = Normalizer.normalize(APOSTROPHES.matcher(text).replaceAll("'"), Normalizer.Form.NFC);
        if (UNSPACED.matcher(wanted).find()) {
            return in.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
        }
        String phrase = SPACES.splitAsStream(wanted).map(Pattern::quote).collect(Collectors.joining("\\s+"));
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + phrase + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(in).find();
    }

    private static String comparableSentence(String example) {
        return EDGE_PUNCTUATION.matcher(comparable(ArticleText.plain(example))).replaceAll("");
    }

    private static String comparable(String text) {
        String alike = Normalizer.normalize(text, Normalizer.Form.NFC);
        alike = QUOTES.matcher(alike).replaceAll("\"");
        alike = APOSTROPHES.matcher(alike).replaceAll("'");
        alike = DASHES.matcher(alike).replaceAll("-");
        return SPACES.matcher(alike).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String named(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMED_ENTRIES)));
        return names.size() > NAMED_ENTRIES ? shown + " and " + (names.size() - NAMED_ENTRIES) + " more" : shown;
    }

    private static Map<String, Function<GlossaryEntry, String>> fields() {
        Map<String, Function<GlossaryEntry, String>> fields = new LinkedHashMap<>();
        fields.put("word", GlossaryEntry::word);
        fields.put("lemma", GlossaryEntry::lemma);
        fields.put("part of speech", GlossaryEntry::partOfSpeech);
        fields.put("definition", GlossaryEntry::definition);
        fields.put("example", GlossaryEntry::example);
        return fields;
    }
}
