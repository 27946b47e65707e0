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
            the facts given; do not invent statistics, quotes or names. Answer with the Markdown only.
            """)
    @UserMessage("""
            Stage: write
            Language: {{language}}
            Level: {{level}}
            Length: {{length}} words
            Topic: {{topic}}
            Source line: {{sourceLine}}
            Notes:
            {{notes}}
            """)
    Result<String> write(@V("language") String language, @V("level") String level, @V("length") int length,
                         @V("topic") String topic, @V("sourceLine") String sourceLine, @V("notes") String notes);
}
