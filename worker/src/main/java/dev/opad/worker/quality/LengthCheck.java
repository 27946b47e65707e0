package dev.opad.worker.quality;

import java.util.List;

/** Is the article within {@link #TOLERANCE} of the requested length, counted by {@link WordCount}? */
final class LengthCheck {

    static final double TOLERANCE = 0.2;

    private LengthCheck() {
    }

    static List<Finding> check(int words, GateInput input) {
        int requested = input.requestedLength();
        if (requested <= 0) {
            return List.of();
        }
        int least = (int) Math.ceil(requested * (1 - TOLERANCE));
        int most = (int) Math.floor(requested * (1 + TOLERANCE));
        if (words < least) {
            return List.of(new Finding(Finding.LENGTH, ("The article is too short: it has about %d words, but %d were "
                    + "requested (%d to %d is fine). Extend it to about %d words with more content in new or longer "
                    + "paragraphs, not with filler or repetition.").formatted(words, requested, least, most, requested)));
        }
        if (words > most) {
            return List.of(new Finding(Finding.LENGTH, ("The article is too long: it has about %d words, but %d were "
                    + "requested (%d to %d is fine). Shorten it to about %d words, keeping the title and the main points.")
                    .formatted(words, requested, least, most, requested)));
        }
        return List.of();
    }
}
