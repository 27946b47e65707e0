package dev.opad.job;

import java.util.Locale;

/**
 * The stages a job reports while it is written, in the order it passes them: {@code queued} until a
 * worker starts it, then the crew's stages. The worker's {@code CrewStage} names its stages by these,
 * and the api's {@code GET /meta} lists them for the web UI, so the names live here alone.
 */
public enum JobStage {
    QUEUED,
    RESEARCHING,
    WRITING,
    REVIEWING,
    GLOSSARY,
    STORING;

    /** The lowercase name used in JSON and in the jobs table's stage column. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
