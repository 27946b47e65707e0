package dev.opad.worker.crew;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** First stage: gathers the facts the article may use, from the given source or the model's own knowledge. */
public interface ArticleResearcher {

    @SystemMessage("""
            You research facts for a reading article for language learners. List 6 to 12 short, plain
            facts about the topic as Markdown bullet points. Use only the source material when one is
            given; otherwise use well-established general knowledge and say nothing you are unsure of.
            No invented numbers, quotes or names. Answer with the bullet points only.
            """)
    @UserMessage("""
            Stage: research
            Language: {{language}}
            Level: {{level}}
            Length: {{length}} words
            Topic: {{topic}}
            Source:
            {{source}}
            """)
    Result<String> research(@V("language") String language, @V("level") String level, @V("length") int length,
                            @V("topic") String topic, @V("source") String source);
}
