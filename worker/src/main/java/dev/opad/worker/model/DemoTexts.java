package dev.opad.worker.model;

import dev.opad.worker.crew.MarkdownText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Templates the {@link DemoChatModel} composes articles from: a title, section headings, and
 * sentences about "{topic}", short ones for A1–A2 and longer ones from C1. Written for
 * English, German, Spanish and French; other languages get English text with a note saying so.
 */
final class DemoTexts {

    private record Bank(String title, List<String> headings, List<String> simple, List<String> rich) {
    }

    private static final Bank ENGLISH = new Bank("{topic}: what you should know",
            List.of("What is happening", "Why it matters", "What people say", "What comes next"),
            List.of("Many people talk about {topic} today.",
                    "{topic} is important for families.",
                    "The news often reports on {topic}.",
                    "Some people are worried about {topic}.",
                    "Others see new chances in {topic}.",
                    "Schools and companies also discuss {topic}.",
                    "It is good to know the basic facts.",
                    "You can read more about it in the news."),
            List.of("Over the past months, {topic} has become one of the subjects people discuss most often.",
                    "Experts point out that {topic} affects households, businesses and public services in different ways.",
                    "While some observers expect the situation to improve, others warn that the changes will take time.",
                    "Local communities have started to look for practical answers to the questions that {topic} raises.",
                    "Understanding the background helps readers to follow the debate and to form their own opinion.",
                    "Politicians, researchers and ordinary citizens do not always agree on what should happen next.",
                    "In the end, the way we deal with {topic} will shape everyday life for many years."));

    private static final Bank GERMAN = new Bank("{topic}: Was man wissen sollte",
            List.of("Was passiert gerade", "Warum es wichtig ist", "Was die Menschen sagen", "Wie es weitergeht"),
            List.of("Viele Menschen sprechen heute über {topic}.",
                    "{topic} ist für Familien wichtig.",
                    "Die Nachrichten berichten oft über {topic}.",
                    "Manche Menschen machen sich Sorgen.",
                    "Andere sehen neue Chancen.",
                    "Auch Schulen und Firmen sprechen über {topic}.",
                    "Es ist gut, die wichtigsten Fakten zu kennen.",
                    "In der Zeitung kann man mehr darüber lesen."),
            List.of("In den letzten Monaten ist {topic} zu einem der wichtigsten Themen im Alltag geworden.",
                    "Fachleute erklären, dass {topic} Haushalte, Unternehmen und öffentliche Einrichtungen unterschiedlich betrifft.",
                    "Während einige Beobachter eine Besserung erwarten, warnen andere, dass die Veränderungen Zeit brauchen.",
                    "Viele Gemeinden suchen inzwischen nach praktischen Antworten auf die Fragen, die {topic} aufwirft.",
                    "Wer den Hintergrund kennt, kann der Diskussion besser folgen und sich eine eigene Meinung bilden.",
                    "Politik, Wissenschaft und Bürger sind sich nicht immer einig, was als Nächstes geschehen soll.",
                    "Am Ende wird der Umgang mit {topic} unseren Alltag noch viele Jahre prägen."));

    private static final Bank SPANISH = new Bank("{topic}: lo que hay que saber",
            List.of("Qué está pasando", "Por qué es importante", "Qué dice la gente", "Qué viene ahora"),
            List.of("Mucha gente habla hoy de {topic}.",
                    "{topic} es importante para las familias.",
                    "Las noticias hablan a menudo de {topic}.",
                    "Algunas personas están preocupadas.",
                    "Otras personas ven nuevas oportunidades.",
                    "Las escuelas y las empresas también hablan de {topic}.",
                    "Es bueno conocer los datos básicos.",
                    "En el periódico se puede leer más."),
            List.of("En los últimos meses, {topic} se ha convertido en uno de los temas más comentados.",
                    "Los expertos explican que {topic} afecta de manera distinta a los hogares, las empresas y los servicios públicos.",
                    "Mientras algunos observadores esperan una mejora, otros advierten que los cambios llevarán tiempo.",
                    "Muchas comunidades buscan respuestas prácticas a las preguntas que plantea {topic}.",
                    "Conocer el contexto ayuda a seguir el debate y a formarse una opinión propia.",
                    "Los políticos, los investigadores y los ciudadanos no siempre están de acuerdo sobre el futuro.",
                    "Al final, la forma en que tratemos {topic} marcará la vida diaria durante muchos años."));

    private static final Bank FRENCH = new Bank("{topic} : ce qu'il faut savoir",
            List.of("Ce qui se passe", "Pourquoi c'est important", "Ce que disent les gens", "Et maintenant"),
            List.of("Beaucoup de gens parlent aujourd'hui de {topic}.",
                    "{topic} est important pour les familles.",
                    "Les journaux parlent souvent de {topic}.",
                    "Certaines personnes sont inquiètes.",
                    "D'autres personnes voient de nouvelles chances.",
                    "Les écoles et les entreprises parlent aussi de {topic}.",
                    "Il est utile de connaître les faits principaux.",
                    "On peut lire plus d'informations dans le journal."),
            List.of("Ces derniers mois, {topic} est devenu l'un des sujets dont on parle le plus.",
                    "Les spécialistes expliquent que {topic} touche les ménages, les entreprises et les services publics de manière différente.",
                    "Certains observateurs attendent une amélioration, d'autres préviennent que les changements prendront du temps.",
                    "De nombreuses communes cherchent des réponses concrètes aux questions que pose {topic}.",
                    "Connaître le contexte aide à suivre le débat et à se faire sa propre opinion.",
                    "Les responsables politiques, les chercheurs et les citoyens ne sont pas toujours d'accord sur la suite.",
                    "Au bout du compte, notre manière de gérer {topic} marquera la vie quotidienne pendant des années."));

    private static final Map<String, Bank> BANKS = Map.of(
            "english", ENGLISH, "en", ENGLISH,
            "german", GERMAN, "de", GERMAN,
            "spanish", SPANISH, "es", SPANISH,
            "french", FRENCH, "fr", FRENCH);

    static final String FALLBACK_NOTE = "The demo writes only English, German, Spanish and French, so this text is in English;";

    private static final Set<String> SIMPLE_LEVELS = Set.of("A1", "A2");
    private static final Set<String> RICH_LEVELS = Set.of("C1", "C2");

    private DemoTexts() {
    }

    /** Research notes: the demo knows no facts, and says so. */
    static String notes(DemoPrompt prompt) {
        return "- (demo) No facts were researched: opad's offline demo model composes text from templates.\n"
                + "- (demo) Topic as given: " + prompt.topic() + "\n";
    }

    /**
     * A glossary picked from the article itself: longer words, each with the sentence it occurs in,
     * so the entries are true to the text even though the demo cannot define them.
     */
    static String glossary(DemoPrompt prompt) {
        String body = prompt.body().lines()
                .filter(l -> !l.startsWith("#") && !l.startsWith(">") && !l.startsWith("*") && !l.isBlank())
                .reduce("", (a, b) -> a + " " + b).strip();
        String[] sentences = body.split("(?<=[.!?])\\s+");
        java.util.Map<String, java.util.Map<String, String>> picked = new java.util.LinkedHashMap<>();
        for (String sentence : sentences) {
            for (String word : sentence.split("[^\\p{L}]+")) {
                String lemma = word.toLowerCase(java.util.Locale.ROOT);
                if (word.length() >= 7 && picked.size() < 10 && !picked.containsKey(lemma)) {
                    picked.put(lemma, java.util.Map.of("word", word, "lemma", lemma,
                            "part_of_speech", "(demo: not analysed)",
                            "definition", "(demo) A real model explains this word here.",
                            "example", sentence.strip()));
                }
            }
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(picked.values());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the demo glossary", e);
        }
    }

    static String article(DemoPrompt prompt) {
        Bank bank = bankFor(prompt.language());
        String title = fill(bank.title(), prompt.topic());
        // Short articles get two sections: a 20-word section cannot be filled accurately with 15-word sentences.
        List<String> headings = prompt.length() < 250 ? bank.headings().subList(0, 2) : bank.headings();
        StringBuilder text = new StringBuilder("# ").append(title).append("\n\n*").append(prompt.sourceLine())
                .append("*\n\n> *").append(notice(prompt)).append("*\n");
        // The notice and the source line are labels, not article text: only title and headings use up the budget.
        int remaining = prompt.length() - MarkdownText.wordCount(title) - MarkdownText.wordCount(String.join(" ", headings));
        List<String> sentences = sentencesFor(bank, prompt.level());
        int next = Math.floorMod(prompt.topic().hashCode(), sentences.size());
        for (int section = 0; section < headings.size(); section++) {
            text.append("\n## ").append(headings.get(section)).append("\n\n");
            // Each section aims at its share of what is left, so one section's rounding is made up by the next.
            int budget = Math.max(12, remaining / (headings.size() - section));
            int words = 0;
            while (true) {
                String sentence = fill(sentences.get(next % sentences.size()), prompt.topic());
                int sentenceWords = MarkdownText.wordCount(sentence);
                // A sentence goes in while it brings the section closer to its budget.
                if (words > 0 && Math.abs(words + sentenceWords - budget) >= Math.abs(words - budget)) {
                    break;
                }
                text.append(words == 0 ? "" : " ").append(sentence);
                words += sentenceWords;
                next++;
            }
            remaining -= words;
            text.append('\n');
        }
        return text.toString();
    }


    /** The demo does not edit; it hands the draft back so the crew's review stage still runs end to end. */
    static String reviewed(DemoPrompt prompt) {
        return prompt.body().isBlank() ? article(prompt) : prompt.body() + "\n";
    }

    private static Bank bankFor(String language) {
        return BANKS.getOrDefault(language.strip().toLowerCase(java.util.Locale.ROOT), ENGLISH);
    }

    static boolean writes(String language) {
        return BANKS.containsKey(language.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static String notice(DemoPrompt prompt) {
        return DemoChatModel.NOTICE + (writes(prompt.language()) ? "" : " " + FALLBACK_NOTE + " a real model writes in " + prompt.language() + ".");
    }

    private static List<String> sentencesFor(Bank bank, String level) {
        if (SIMPLE_LEVELS.contains(level)) {
            return bank.simple();
        }
        if (RICH_LEVELS.contains(level)) {
            return bank.rich();
        }
        List<String> mixed = new ArrayList<>(bank.simple());
        mixed.addAll(bank.rich());
        return mixed;
    }


    private static String fill(String template, String topic) {
        String filled = template.replace("{topic}", topic);
        return Character.toUpperCase(filled.charAt(0)) + filled.substring(1);
    }
}
