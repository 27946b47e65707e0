package dev.opad.worker.model;

import dev.opad.worker.crew.MarkdownText;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the {@link DemoChatModel} composes articles from. Each language has pools of sentence parts:
 * people (plural noun phrases, so no verb or adjective has to agree with a chosen word), what they do
 * (a finite verb and the rest of the predicate, kept apart for German word order), when, and for
 * longer sentences a joined clause (a conjunction, a plural noun phrase and what happens to it).
 *
 * <p>Sentence {@code i} takes part {@code i mod n} of each pool, and the pools' sizes share no factor
 * (17 people, 19 actions, 13 times, 5 conjunctions, 11 things, 17 happenings; 2 or 4 forms): consecutive
 * sentences differ in every part, and no sentence comes back within thousands of sentences, far more
 * than a 2000-word article has. No part is longer than three words, so four words in a row span two
 * parts, and two parts meet again only after hundreds of sentences: the gate's repetition check finds
 * few repeated 4-grams (at most 10 % for a two-word topic and 20 % for a six-word one, 100 to 2000 words).
 * A1–A2 get the short forms, C1–C2 the joined ones, the levels between a mix. Written for English,
 * German, Spanish and French; other languages get English text with a note saying so.
 */
final class DemoTexts {

    /**
     * One language's parts. {@code lead} opens the article; {@code actions} and {@code happenings} are "finite verb|rest of the predicate";
     * {@code {topic}} is the user's topic, which is placed only where it needs no article or case; after its
     * first mention in a paragraph an anaphor ("this topic") stands for it, so that a long topic does not
     * repeat its words all over the article.
     */
    private record Grammar(boolean verbSecond, List<String> titles, String lead, List<String> headings,
                           List<String> people, List<String> actions, List<String> times, List<String> links,
                           List<String> things, List<String> happenings, List<String> anaphors) {
    }

    private static final Grammar ENGLISH = new Grammar(false,
            List.of("{topic}: what you should know", "A closer look at {topic}", "{topic} in everyday life",
                    "Questions about {topic}"),
            "This short text is an introduction to {topic}.",
            List.of("What is happening", "Why it matters", "What people say", "What comes next"),
            List.of("many families", "our neighbours", "young students", "older people", "some teachers",
                    "shop owners", "many parents", "the children", "small businesses", "city workers",
                    "local farmers", "most experts", "new residents", "some journalists", "the doctors",
                    "many drivers", "young couples"),
            List.of("talk|about {topic}", "read|the news", "ask|many questions", "compare|the prices",
                    "share|their ideas", "plan|next steps", "look|for answers", "worry|about {topic}",
                    "make|careful choices", "visit|the market", "write|short letters", "meet|their friends",
                    "listen|to podcasts", "learn|more about {topic}", "save|some money", "follow|the reports",
                    "need|clear information", "help|each other", "discuss|{topic}"),
            List.of("every morning", "in the evening", "at the weekend", "this year", "every week", "after lunch",
                    "these days", "on Mondays", "in the spring", "this month", "every day", "in the summer",
                    "on Sundays"),
            List.of("and", "but", "because", "so", "while"),
            List.of("prices", "the costs", "the rules", "the plans", "the details", "the numbers", "the offers",
                    "old habits", "local needs", "the options", "the conditions"),
            List.of("change|quickly", "stay|the same", "look|different now", "matter|a lot", "keep|changing",
                    "seem|unclear", "become|clearer", "improve|slowly", "surprise|many people", "need|more time",
                    "move|fast", "raise|new questions", "differ|a lot", "get|more attention", "remain|uncertain", "grow|slowly",
                    "vary|by region"),
            List.of("this topic", "the subject", "the issue"));

    private static final Grammar GERMAN = new Grammar(true,
            List.of("{topic}: Was man wissen sollte", "Ein genauer Blick auf {topic}", "{topic} im Alltag",
                    "Fragen rund um {topic}"),
            "Dieser kurze Text ist eine Einführung in das Thema {topic}.",
            List.of("Was passiert gerade", "Warum es wichtig ist", "Was die Menschen sagen", "Wie es weitergeht"),
            List.of("viele Familien", "unsere Nachbarn", "junge Studenten", "ältere Menschen", "einige Lehrer",
                    "die Ladenbesitzer", "viele Eltern", "die Kinder", "kleine Firmen", "die Arbeiter", "die Bauern",
                    "die meisten Experten", "neue Bewohner", "einige Journalisten", "die Ärzte", "viele Autofahrer",
                    "junge Paare"),
            List.of("sprechen|über {topic}", "lesen|die Nachrichten", "stellen|viele Fragen",
                    "vergleichen|die Preise", "teilen|ihre Ideen", "planen|nächste Schritte",
                    "suchen|einfache Antworten", "sorgen sich|um {topic}", "treffen|kluge Entscheidungen",
                    "besuchen|das Rathaus", "schreiben|kurze Briefe", "treffen|ihre Freunde", "hören|Radio",
                    "lernen|mehr über {topic}", "sparen|etwas Geld", "verfolgen|die Berichte",
                    "brauchen|klare Informationen", "helfen sich|gegenseitig", "diskutieren|über {topic}"),
            List.of("jeden Morgen", "am Abend", "am Wochenende", "in diesem Jahr", "jede Woche",
                    "nach dem Mittagessen", "in diesen Tagen", "montags", "im Frühling", "in diesem Monat",
                    "jeden Tag", "im Sommer", "sonntags"),
            // Conjunctions that keep the verb second, so the joined clause needs no other word order.
            List.of("und", "aber", "denn", "doch", "und auch"),
            List.of("die Preise", "die Kosten", "die Regeln", "die Pläne", "die Details", "die Zahlen",
                    "die Angebote", "alte Gewohnheiten", "die Bedürfnisse", "die Möglichkeiten", "die Bedingungen"),
            List.of("ändern sich|schnell", "bleiben|gleich", "sehen|anders aus", "sind|sehr wichtig",
                    "ändern sich|ständig", "wirken|unklar", "werden|klarer", "verbessern sich|langsam",
                    "überraschen|viele Menschen", "brauchen|mehr Zeit", "entwickeln sich|rasch",
                    "werfen|Fragen auf", "unterscheiden sich|stark", "bekommen|mehr Aufmerksamkeit",
                    "bleiben|unsicher", "wachsen|langsam", "schwanken|stark"),
            // Accusative, as every German action with the topic needs.
            List.of("dieses Thema", "die Frage", "das Thema"));

    private static final Grammar SPANISH = new Grammar(false,
            List.of("{topic}: lo que hay que saber", "{topic} en la vida diaria", "Preguntas sobre {topic}",
                    "{topic}, paso a paso"),
            "Este breve texto es una introducción al tema {topic}.",
            List.of("Qué está pasando", "Por qué es importante", "Qué dice la gente", "Qué viene ahora"),
            List.of("muchas familias", "nuestros vecinos", "los estudiantes jóvenes", "las personas mayores",
                    "algunos profesores", "los comerciantes", "muchos padres", "los niños", "las pequeñas empresas",
                    "los trabajadores", "los agricultores", "muchos expertos", "los nuevos residentes",
                    "algunos periodistas", "los médicos", "muchos conductores", "las parejas jóvenes"),
            // "sobre" and "por" before the topic: "de" and "a" would have to merge with its article (del, al).
            List.of("hablan|sobre {topic}", "leen|las noticias", "hacen|muchas preguntas",
                    "comparan|los precios", "comparten|sus ideas", "preparan|un plan",
                    "buscan|respuestas sencillas", "se preocupan|por {topic}", "toman|decisiones prudentes",
                    "visitan|el ayuntamiento", "escriben|cartas cortas", "quedan|con amigos", "escuchan|la radio",
                    "aprenden|más sobre {topic}", "ahorran|dinero", "siguen|los informes",
                    "necesitan|información clara", "se ayudan|mutuamente", "debaten|sobre {topic}"),
            List.of("cada mañana", "por la tarde", "los sábados", "este año", "cada semana",
                    "después de comer", "estos días", "los lunes", "en primavera", "este mes", "todos los días",
                    "en verano", "los domingos"),
            List.of("y", "pero", "porque", "así que", "aunque"),
            List.of("los precios", "los costes", "las reglas", "los planes", "los detalles", "las cifras",
                    "las ofertas", "las viejas costumbres", "las necesidades locales", "las opciones",
                    "las condiciones"),
            // Adverbs, not adjectives: nothing has to agree with the noun phrase before it.
            List.of("cambian|rápidamente", "apenas|cambian", "importan|mucho", "cambian|sin parar",
                    "mejoran|lentamente", "sorprenden|a todos", "necesitan|más tiempo", "avanzan|deprisa",
                    "plantean|nuevas preguntas", "varían|mucho", "reciben|más atención",
                    "evolucionan|sin pausa", "dependen|del contexto", "generan|debate",
                    "preocupan|a muchos", "crecen|despacio", "cambian|con frecuencia"),
            List.of("este tema", "la cuestión", "el asunto"));

    private static final Grammar FRENCH = new Grammar(false,
            List.of("{topic} : ce qu'il faut savoir", "{topic} au quotidien", "Questions sur {topic}",
                    "Regard sur {topic}"),
            "Ce court texte présente le thème {topic}.",
            List.of("Ce qui se passe", "Pourquoi c'est important", "Ce que disent les gens", "Et maintenant"),
            List.of("beaucoup de familles", "nos voisins", "les jeunes étudiants", "les personnes âgées",
                    "certains enseignants", "les commerçants", "beaucoup de parents", "les enfants",
                    "les petites entreprises", "les travailleurs", "les agriculteurs", "de nombreux experts",
                    "les nouveaux habitants", "certains journalistes", "les médecins", "beaucoup de conducteurs",
                    "les jeunes couples"),
            // "sur" before the topic, or the topic as object: "de" and "à" would merge with its article (du, au).
            List.of("s'informent|sur {topic}", "lisent|la presse", "posent|des questions",
                    "comparent|les prix", "partagent|leurs idées", "préparent|la suite",
                    "cherchent|des réponses", "suivent|{topic} de près", "font|des choix",
                    "visitent|la mairie", "écrivent|des lettres", "retrouvent|leurs amis",
                    "écoutent|la radio", "se renseignent|sur {topic}", "économisent|de l'argent",
                    "lisent|les rapports", "veulent|des informations", "s'entraident|volontiers",
                    "échangent|sur {topic}"),
            List.of("chaque matin", "le soir", "le week-end", "cette année", "chaque semaine",
                    "après le déjeuner", "ces jours-ci", "le lundi", "au printemps", "ce mois-ci", "tous les jours",
                    "en été", "le dimanche"),
            List.of("et", "mais", "car", "donc", "alors que"),
            List.of("les prix", "les coûts", "les règles", "les projets", "les détails", "les chiffres",
                    "les offres", "les vieilles habitudes", "les besoins locaux", "les options", "les conditions"),
            // Adverbs, not adjectives: nothing has to agree with the noun phrase before it.
            List.of("changent|vite", "changent|peu", "comptent|beaucoup", "évoluent|sans cesse",
                    "s'améliorent|lentement", "étonnent|les habitants", "prennent|du temps",
                    "avancent|rapidement", "soulèvent|des questions", "varient|beaucoup",
                    "attirent|plus d'attention", "évoluent|doucement", "dépendent|du contexte",
                    "font|débat", "inquiètent|le public", "progressent|lentement",
                    "changent|souvent"),
            List.of("ce sujet", "la question", "cette question"));

    /** The order of the parts: people first or the time first, alone or with a joined clause. */
    private enum Form { PEOPLE_FIRST, TIME_FIRST, PEOPLE_FIRST_JOINED, TIME_FIRST_JOINED }

    private static final List<Form> SIMPLE_FORMS = List.of(Form.PEOPLE_FIRST, Form.TIME_FIRST);
    private static final List<Form> MIXED_FORMS = List.of(Form.PEOPLE_FIRST, Form.TIME_FIRST_JOINED, Form.TIME_FIRST,
            Form.PEOPLE_FIRST_JOINED);
    private static final List<Form> RICH_FORMS = List.of(Form.PEOPLE_FIRST_JOINED, Form.TIME_FIRST_JOINED);
    /** Sentences to a paragraph: a section of 500 words reads better in several. */
    private static final int PARAGRAPH_SENTENCES = 6;

    private static final Map<String, Grammar> GRAMMARS = Map.of(
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
        Grammar grammar = grammarFor(prompt.language());
        // Deterministic: the same request gets the same article, another topic, level or length another one.
        // A series' next article (a schedule's, with earlier titles) is another article on the same topic.
        int seed = Math.floorMod(Objects.hash(prompt.topic(), prompt.level(), prompt.length(), prompt.language())
                + 7919 * prompt.earlierTitles().size(), 1 << 20);
        String title = title(grammar, seed, prompt);
        // Short articles get two sections: a 20-word section cannot be filled accurately with 15-word sentences.
        List<String> headings = prompt.length() < 250 ? grammar.headings().subList(0, 2) : grammar.headings();
        StringBuilder text = new StringBuilder("# ").append(title).append("\n\n*").append(prompt.sourceLine())
                .append("*\n\n> *").append(notice(prompt)).append("*\n");
        // The notice and the source line are labels, not article text: only title and headings use up the budget.
        int remaining = prompt.length() - MarkdownText.wordCount(title) - MarkdownText.wordCount(String.join(" ", headings));
        List<Form> forms = formsFor(prompt.level());
        int next = seed;
        for (int section = 0; section < headings.size(); section++) {
            text.append("\n## ").append(headings.get(section)).append("\n\n");
            // Each section aims at its share of what is left, so one section's rounding is made up by the next.
            int budget = Math.max(12, remaining / (headings.size() - section));
            int words = 0;
            int inParagraph = 0;
            boolean topicMentioned = false;
            if (section == 0) {
                // The lead names the topic once in full; the sentences after it may refer back to it.
                String lead = fill(grammar.lead(), prompt.topic());
                text.append(lead);
                words += MarkdownText.wordCount(lead);
                inParagraph++;
                topicMentioned = true;
            }
            while (true) {
                String topic = topicMentioned ? pick(grammar.anaphors(), next) : prompt.topic();
                String sentence = sentence(grammar, forms.get(next % forms.size()), next, topic);
                int sentenceWords = MarkdownText.wordCount(sentence);
                // A sentence goes in while it brings the section closer to its budget.
                if (words > 0 && Math.abs(words + sentenceWords - budget) >= Math.abs(words - budget)) {
                    break;
                }
                // A new paragraph only where at least two more sentences will follow it in this section.
                if (inParagraph >= PARAGRAPH_SENTENCES && budget - words > 2 * sentenceWords) {
                    text.append("\n\n");
                    inParagraph = 0;
                    topicMentioned = false;
                }
                text.append(inParagraph == 0 ? "" : " ").append(sentence);
                words += sentenceWords;
                topicMentioned |= pick(grammar.actions(), next).contains("{topic}");
                inParagraph++;
                next++;
            }
            remaining -= words;
            text.append('\n');
        }
        return text.toString();
    }

    /** Sentence number {@code i}: part {@code i mod n} of every pool. */
    private static String sentence(Grammar grammar, Form form, int i, String topic) {
        String people = pick(grammar.people(), i);
        String[] action = pick(grammar.actions(), i).replace("{topic}", topic).split("\\|", -1);
        String time = pick(grammar.times(), i);
        boolean timeFirst = form == Form.TIME_FIRST || form == Form.TIME_FIRST_JOINED;
        String clause;
        if (grammar.verbSecond()) {
            // German puts the finite verb second: after the time when it comes first, else after the people.
            clause = timeFirst ? join(time, action[0], people, action[1]) : join(people, action[0], time, action[1]);
        } else {
            clause = timeFirst ? time + ", " + join(people, action[0], action[1]) : join(people, action[0], action[1], time);
        }
        if (form == Form.PEOPLE_FIRST_JOINED || form == Form.TIME_FIRST_JOINED) {
            clause += ", " + join(pick(grammar.links(), i), pick(grammar.things(), i),
                    pick(grammar.happenings(), i).replace('|', ' '));
        }
        return capitalized(clause) + ".";
    }

    private static String pick(List<String> pool, int i) {
        return pool.get(i % pool.size());
    }

    private static String join(String... parts) {
        return Arrays.stream(parts).filter(p -> !p.isBlank()).map(String::strip).collect(Collectors.joining(" "));
    }

    /** The demo does not edit; it hands the draft back so the crew's review stage still runs end to end. */
    /**
     * The title: one of the language's templates, the first from the seed that the series has not used
     * yet; when a long series has used them all, numbered on from the series' length, so two runs in
     * a row never share a title.
     */
    private static String title(Grammar grammar, int seed, DemoPrompt prompt) {
        List<String> templates = grammar.titles();
        java.util.Set<String> used = new java.util.HashSet<>(prompt.earlierTitles());
        for (int i = 0; i < templates.size(); i++) {
            String candidate = fill(templates.get((seed + prompt.earlierTitles().size() + i) % templates.size()), prompt.topic());
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        int part = prompt.earlierTitles().size() + 1;
        String numbered = fill(templates.get(seed % templates.size()), prompt.topic()) + " (" + part + ")";
        while (used.contains(numbered)) {
            numbered = fill(templates.get(seed % templates.size()), prompt.topic()) + " (" + ++part + ")";
        }
        return numbered;
    }

    static String reviewed(DemoPrompt prompt) {
        return prompt.body().isBlank() ? article(prompt) : prompt.body() + "\n";
    }

    private static Grammar grammarFor(String language) {
        return GRAMMARS.getOrDefault(language.strip().toLowerCase(java.util.Locale.ROOT), ENGLISH);
    }

    static boolean writes(String language) {
        return GRAMMARS.containsKey(language.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static String notice(DemoPrompt prompt) {
        return DemoChatModel.NOTICE + (writes(prompt.language()) ? "" : " " + FALLBACK_NOTE + " a real model writes in " + prompt.language() + ".");
    }

    private static List<Form> formsFor(String level) {
        if (SIMPLE_LEVELS.contains(level)) {
            return SIMPLE_FORMS;
        }
        if (RICH_LEVELS.contains(level)) {
            return RICH_FORMS;
        }
        return MIXED_FORMS;
    }

    private static String fill(String template, String topic) {
        return capitalized(template.replace("{topic}", topic));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
