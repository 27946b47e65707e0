package dev.opad.worker.crew;

import java.util.Optional;
import java.util.regex.Pattern;

/** Small facts about a Markdown article: its title, its length in words. */
public final class MarkdownText {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
    private static final Pattern FENCE = Pattern.compile("^```[a-zA-Z]*\\s*\\n(.*?)\\n```\\s*$", Pattern.DOTALL);

    private MarkdownText() {
    }

    public static Optional<String> title(String markdown) {
        return markdown.lines()
                .filter(line -> line.startsWith("# "))
                .map(line -> line.substring(2).strip())
                .filter(line -> !line.isEmpty())
                .findFirst();
    }

    /** Words as a reader counts them: runs of letters or digits, markup ignored. */
    public static int wordCount(String markdown) {
        return (int) WORD.matcher(markdown).results().count();
    }

    /** Models sometimes wrap the whole answer in a code fence; the article is what is inside. */
    static String clean(String markdown) {
        String text = markdown.strip();
        var fenced = FENCE.matcher(text);
        return (fenced.matches() ? fenced.group(1).strip() : text) + "\n";
    }
}
