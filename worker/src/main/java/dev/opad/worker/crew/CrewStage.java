package dev.opad.worker.crew;

import dev.opad.job.JobStage;

/**
 * The named stages a job reports, with the progress reached when each starts and ends. Their names
 * are {@link JobStage}'s (one list for the worker, the api and the web UI); the wire name is also
 * the key of the stage's checkpoint.
 */
public enum CrewStage {
    RESEARCHING(JobStage.RESEARCHING, "research", 5, 20, "Gathering facts for the topic"),
    WRITING(JobStage.WRITING, "write", 20, 55, "Writing the article"),
    REVIEWING(JobStage.REVIEWING, "review", 55, 75, "Reviewing for the level"),
    GLOSSARY(JobStage.GLOSSARY, "glossary", 75, 88, "Picking key words for the glossary"),
    STORING(JobStage.STORING, null, 90, 99, "Storing the article");

    private final JobStage stage;
    private final String modelStage;
    private final int startPercent;
    private final int endPercent;
    private final String message;

    CrewStage(JobStage stage, String modelStage, int startPercent, int endPercent, String message) {
        this.stage = stage;
        this.modelStage = modelStage;
        this.startPercent = startPercent;
        this.endPercent = endPercent;
        this.message = message;
    }

    public String wireName() {
        return stage.wireName();
    }

    /** The stage name the model configuration uses (OPAD_MODEL_&lt;STAGE&gt;_…); null for storing. */
    public String modelStage() {
        return modelStage;
    }

    /** Whether the stage calls a model, so the owner's daily token budget must have room before it starts. */
    public boolean spendsTokens() {
        return modelStage != null;
    }

    public int startPercent() {
        return startPercent;
    }

    public int endPercent() {
        return endPercent;
    }

    public String message() {
        return message;
    }
}
