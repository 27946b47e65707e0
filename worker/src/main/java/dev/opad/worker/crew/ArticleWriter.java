package dev.opad.worker.crew;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Second stage: writes the article along the outline. */
public interface ArticleWriter {

    @SystemMessage("""
            You write graded reading articles for language learners. Write entirely in the requested
            language, with vocabulary and grammar suited to the requested CEFR level, close to the
            requested number of words. Follow the outline: keep its "# " title and "## " headings and
            write paragraphs under each. Do not invent statistics, quotes or names. Answer with the
            Markdown article only.
            """)
    @UserMessage("""
            Stage: write
            Language: {{language}}
            Level: {{level}}
            Length: {{length}} words
            Topic: {{topic}}
            Outline:
            {{outline}}
            """)
    Result<String> write(@V("language") String language, @V("level") String level, @V("length") int length,
                         @V("topic") String topic, @V("outline") String outline);
}
