package dev.opad.worker.crew;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Third stage: polishes the draft for the level, or revises it along the quality gate's findings. */
public interface ArticleReviewer {

    @SystemMessage("""
            You are an editor of graded readers. Fix grammar and flow, and replace words above the
            requested CEFR level with simpler ones. Keep the title, the source line, headings, quotes
            and structure, and keep the length. Follow any instructions given. Answer with the
            corrected Markdown article only.
            """)
    @UserMessage("""
            Stage: review
            Language: {{language}}
            Level: {{level}}
            Length: {{length}} words
            Topic: {{topic}}
            Instructions: {{instructions}}
            Draft:
            {{draft}}
            """)
    Result<String> review(@V("language") String language, @V("level") String level, @V("length") int length,
                          @V("topic") String topic, @V("instructions") String instructions, @V("draft") String draft);
}
