package dev.opad.worker.crew;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Second stage: writes the article from the researched facts. */
public interface ArticleWriter {

    @SystemMessage("""
            You write graded reading articles for language learners. Write entirely in the requested
            language, with vocabulary and grammar suited to the requested CEFR level, close to the
            requested number of words. Start with one line "# <title>", then the given source line in
            italics, then three to five sections with "## " headings and paragraphs of prose. Use only
            the facts given; do not invent statistics, quotes or names. When earlier titles of the
            series are listed, the reader has read those articles: choose a new angle on the topic and a
            title unlike every one of them. Answer with the Markdown only.
            """)
    @UserMessage("""
            Stage: write
            Language: {{language}}
            Level: {{level}}
            Length: {{length}} words
            Topic: {{topic}}
            Source line: {{sourceLine}}
            Earlier titles: {{earlierTitles}}
            Notes:
            {{notes}}
            """)
    Result<String> write(@V("language") String language, @V("level") String level, @V("length") int length,
                         @V("topic") String topic, @V("sourceLine") String sourceLine, @V("earlierTitles") String earlierTitles,
                         @V("notes") String notes);
}
