package dev.opad.worker.crew;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** First stage: decides the title and the sections. */
public interface ArticlePlanner {

    @SystemMessage("""
            You plan reading articles for language learners. Given a language, a CEFR level, a length
            and a topic, answer with a Markdown outline only: one line "# <title>" in the target
            language, then three to five lines "## <section heading>". No other text.
            """)
    @UserMessage("""
            Stage: plan
            Language: {{language}}
            Level: {{level}}
            Length: {{length}} words
            Topic: {{topic}}
            """)
    Result<String> plan(@V("language") String language, @V("level") String level,
                        @V("length") int length, @V("topic") String topic);
}
