package dev.opad.worker.quality;

import dev.opad.article.Language;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the gate checks: the article as Markdown against what was asked for. {@code glossary} is
 * {@code null} when no glossary was made; an empty list is a glossary with no entries, and fails.
 */
public record GateInput(Language language, int requestedLength, String level, String markdown,
                        List<GlossaryEntry> glossary) {

    public GateInput {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(markdown, "markdown");
        // Not List.copyOf: a model's JSON may hold a null entry, which the glossary check reports.
        glossary = glossary == null ? null : Collections.unmodifiableList(new ArrayList<>(glossary));
    }

    public GateInput(Language language, int requestedLength, String level, String markdown) {
        this(language, requestedLength, level, markdown, null);
    }

    /** The level as it reads in an instruction, or nothing when none was given. */
    String atLevel() {
        return level == null || level.isBlank() ? "" : " at level " + level.strip();
    }
}
