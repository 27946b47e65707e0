package dev.opad.worker.crew;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Fourth stage: the key words of the finished article, as structured JSON. */
public interface GlossaryMaker {

    @SystemMessage("""
            You make glossaries for graded readers. Pick 8 to 15 words from the article that a learner at
            the given level may not know. Answer with a JSON array only, no prose and no code fence, of
            objects with the fields "word" (exactly as it appears in the article), "lemma",
            "part_of_speech", "definition" (short, in the article's language, at the level) and
            "example" (a sentence copied from the article that contains the word).
            """)
    @UserMessage("""
            Stage: glossary
            Language: {{language}}
            Level: {{level}}
            Article:
            {{article}}
            """)
    Result<String> glossary(@V("language") String language, @V("level") String level, @V("article") String article);
}
