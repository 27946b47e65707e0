package dev.opad.worker.crew;

/**
 * The named stages a job reports, with the progress reached when each starts and ends. The wire
 * name is also the key of the stage's checkpoint.
 */
public enum CrewStage {
    RESEARCHING("researching", 5, 20, "Gathering facts for the topic"),
    WRITING("writing", 20, 55, "Writing the article"),
    REVIEWING("reviewing", 55, 75, "Reviewing for the level"),
    GLOSSARY("glossary", 75, 88, "Picking key words for the glossary"),
    STORING("storing", 90, 99, "Storing the article");

    private final String wireName;
    private final int startPercent;
    private final int endPercent;
    private final String message;

    CrewStage(String wireName, int startPercent, int endPercent, String message) {
        this.wireName = wireName;
        this.startPercent = startPercent;
        this.endPercent = endPercent;
        this.message = message;
    }

    public String wireName() {
        return wireName;
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
