package dev.opad.worker.quality;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One glossary line for a learner: the word as it appears in the article, its dictionary form, its
 * part of speech, a definition and an example sentence taken from the article. Models answer in
 * snake_case, so that is the wire name; extra fields a model adds are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GlossaryEntry(String word, String lemma,
                            @JsonProperty("part_of_speech") @JsonAlias("partOfSpeech") String partOfSpeech,
                            String definition, String example) {
}
