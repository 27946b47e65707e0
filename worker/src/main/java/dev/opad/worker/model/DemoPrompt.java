package dev.opad.worker.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The fields the demo model reads from the crew's prompt; missing ones get harmless defaults. */
record DemoPrompt(String stage, String language, String level, int length, String topic, String sourceLine,
                  List<String> earlierTitles, String body) {

    static DemoPrompt parse(String prompt) {
        String stage = field(prompt, "Stage", "").toLowerCase(Locale.ROOT);
        String language = field(prompt, "Language", "English");
        String level = field(prompt, "Level", "B1");
        String topic = field(prompt, "Topic", "the news");
        int length = parseLength(field(prompt, "Length", "400"));
        String sourceLine = field(prompt, "Source line", "Source: the model's general knowledge; no sources were consulted");
        String earlier = field(prompt, "Earlier titles", "none");
        List<String> earlierTitles = earlier.equals("none") ? List.of()
                : Arrays.stream(earlier.split(" \\| ")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        return new DemoPrompt(stage, language, level, length, topic, sourceLine, earlierTitles, blockAfter(prompt));
    }

    private static String field(String prompt, String name, String fallback) {
        return prompt.lines()
                .filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).strip())
                .filter(value -> !value.isEmpty())
                .findFirst()
                .orElse(fallback);
    }

    private static int parseLength(String value) {
        String digits = value.replaceAll("\\D", "");
        try {
            return digits.isEmpty() ? 400 : Math.min(5000, Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            return 400;
        }
    }

    /** The notes, draft or article: everything after its marker line. */
    private static String blockAfter(String prompt) {
        for (String marker : new String[] {"\nNotes:\n", "\nDraft:\n", "\nArticle:\n", "\nSource:\n"}) {
            int at = prompt.indexOf(marker);
            if (at >= 0) {
                return prompt.substring(at + marker.length()).strip();
            }
        }
        return "";
    }
}
