package dev.opad.worker.crew;

/**
 * The named stages a job reports, with the progress reached when each starts and ends. The wire
 * name is also the key of the stage's checkpoint.
 */
public enum CrewStage {
    RESEARCHING("researching", "research", 5, 20, "Gathering facts for the topic"),
    WRITING("writing", "write", 20, 55, "Writing the article"),
    REVIEWING("reviewing", "review", 55, 75, "Reviewing for the level"),
    GLOSSARY("glossary", "glossary", 75, 88, "Picking key words for the glossary"),
    STORING("storing", null, 90, 99, "Storing the article");

    private final String wireName;
    private final String modelStage;
    private final int startPercent;
    private final int endPercent;
    private final String message;

    CrewStage(String wireName, String modelStage, int startPercent, int endPercent, String message) {
        this.wireName = wireName;
        this.modelStage = modelStage;
        this.startPercent = startPercent;
        this.endPercent = endPercent;
        this.message = message;
    }

    public String wireName() {
        return wireName;
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
