package dev.opad.worker.quality;

import dev.opad.worker.quality.ArticleText.Block;
import dev.opad.worker.quality.ArticleText.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Is there anything in the answer besides the article: prompt lines echoed back, raw JSON, code
 * fences, a model talking about itself or the task, unfilled template placeholders? Every line is
 * read as written, except the demo notice and the source line, which the crew puts there on purpose.
 */
final class LeftoverCheck {

    private enum Leftover {
        PROMPT_ECHO("Remove the lines copied from the instructions (%s). The answer must contain the article only."),
        JSON("Remove the raw JSON (%s). Write the article as Markdown prose; JSON never belongs in it."),
        CODE_FENCE("Remove the code fences (%s). The article is plain Markdown without code blocks."),
        META_TALK("Remove the remarks about yourself or the task (%s). The answer must contain the article only, "
                + "with no introduction or closing comment."),
        PLACEHOLDER("Replace the unfilled placeholders (%s) with real text in the article's language.");

        private final String instruction;

        Leftover(String instruction) {
            this.instruction = instruction;
        }
    }

    private static final int QUOTED_LINES = 3;
    private static final int QUOTED_CHARACTERS = 60;

    private static final Pattern LEADING_MARKUP = Pattern.compile("^[\\s#>*_-]+");
    /** The field lines of the crew's prompts. "Source:" is not one: the article carries its source line. */
    private static final Pattern PROMPT_FIELD = Pattern.compile(
            "^(Stage|Language|Level|Length|Topic|Outline|Draft|Notes|Instructions|Source line|Article)\\s*\\**\\s*:");
    private static final Pattern SYSTEM_PROMPT = Pattern.compile("^You (are (an?|the) [^.]{0,40}?\\b(editor|writer|"
            + "assistant|planner|researcher|reviewer|translator|model|AI)\\b|plan reading articles|write graded reading "
            + "articles|research facts|make glossaries)");
    private static final List<Pattern> JSON = List.of(
            Pattern.compile("^\\s*[\\[{]\\s*$"),
            Pattern.compile("^\\s*\\{\\s*\""),
            Pattern.compile("^\\s*\\[\\s*[\\[{\"]"),
            Pattern.compile("^\\s*\"[^\"]{1,80}\"\\s*:\\s*(\"|-?\\d|\\{|\\[|true\\b|false\\b|null\\b)"));
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final List<Pattern> META_TALK = List.of(
            Pattern.compile("\\bas an? (AI|artificial intelligence|(large )?language model|AI (language )?model)\\b", CI),
            Pattern.compile("\\bI('m| am) (an AI|an artificial intelligence|a (large )?language model)\\b", CI),
            Pattern.compile("^(here is|here's|below is) (the|your|my|an?) (\\S+ ){0,3}?(article|text|draft|version|"
                    + "glossary|outline|revision)\\b", CI),
            Pattern.compile("^(sure|certainly|of course|absolutely)[,!.]?\\s+(here|I)\\b", CI),
            Pattern.compile("\\bI hope (this|that|it) helps\\b", CI),
            Pattern.compile("\\blet me know if\\b", CI),
            Pattern.compile("\\b(word count|number of words)\\s*[:：]", CI),
            Pattern.compile("^\\(?\\s*(approx(\\.|imately)?\\s*|about\\s*|~\\s*)?\\d+\\s+words\\s*\\)?\\.?$", CI),
            Pattern.compile("\\bals (ein )?(KI-Sprachmodell|Sprachmodell|KI-Assistent)\\b", CI),
            Pattern.compile("^hier (ist|sind) (der|die|das|ein|eine|dein|Ihr) (\\S+ ){0,2}?(Artikel|Text|Fassung|Glossar)\\b", CI),
            Pattern.compile("\\bcomo (un )?(modelo de lenguaje|asistente de IA|IA)\\b,", CI),
            Pattern.compile("^aquí (está|tienes|te dejo) (el|tu|un|la) (\\S+ ){0,2}?(artículo|texto|versión|glosario)\\b", CI),
            Pattern.compile("\\ben tant qu(e |')(IA|intelligence artificielle|assistant|modèle de langage)\\b", CI),
            Pattern.compile("^voici (l'|le |la |un |une |votre )(\\S+ ){0,2}?(article|texte|version|glossaire)", CI));
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\{\\s*[\\w.]+\\s*}}|<(title|section heading|heading|topic)>|\\[(insert|TODO|placeholder)[^\\]]*]", CI);

    private LeftoverCheck() {
    }

    static List<Finding> check(ArticleText article) {
        Map<Leftover, List<String>> found = new LinkedHashMap<>();
        for (Block block : article.blocks()) {
            if (block.kind() == Kind.NOTICE || block.kind() == Kind.SOURCE_LINE) {
                continue;
            }
            for (int i = 0; i < block.rawLines().size(); i++) {
                String raw = block.rawLines().get(i);
                for (Leftover leftover : leftoversIn(raw)) {
                    found.computeIfAbsent(leftover, k -> new ArrayList<>()).add(quote(block.firstLine() + i, raw));
                }
            }
        }
        return found.entrySet().stream()
                .map(e -> new Finding(Finding.LEFTOVER, e.getKey().instruction.formatted(
                        e.getValue().stream().limit(QUOTED_LINES).collect(Collectors.joining(", ")))))
                .toList();
    }

    private static List<Leftover> leftoversIn(String raw) {
        List<Leftover> leftovers = new ArrayList<>();
        String line = LEADING_MARKUP.matcher(raw).replaceFirst("");
        if (PROMPT_FIELD.matcher(line).find() || SYSTEM_PROMPT.matcher(line).find()) {
            leftovers.add(Leftover.PROMPT_ECHO);
        }
        if (JSON.stream().anyMatch(p -> p.matcher(raw).find())) {
            leftovers.add(Leftover.JSON);
        }
        if (FENCE.matcher(raw).find()) {
            leftovers.add(Leftover.CODE_FENCE);
        }
        String plain = ArticleText.plain(line);
        if (META_TALK.stream().anyMatch(p -> p.matcher(plain).find())) {
            leftovers.add(Leftover.META_TALK);
        }
        if (PLACEHOLDER.matcher(raw).find()) {
            leftovers.add(Leftover.PLACEHOLDER);
        }
        return leftovers;
    }

    private static String quote(int lineNumber, String raw) {
        String line = raw.strip();
        if (line.length() > QUOTED_CHARACTERS) {
            line = line.substring(0, QUOTED_CHARACTERS).strip() + "…";
        }
        return "line " + lineNumber + ": \"" + line + "\"";
    }
}
