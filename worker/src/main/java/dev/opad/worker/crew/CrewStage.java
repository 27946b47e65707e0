package dev.opad.worker.crew;

/** The named stages a job reports, with the progress reached when each starts and ends. */
public enum CrewStage {
    PLANNING("planning", 5, 25, "Planning the article"),
    WRITING("writing", 25, 65, "Writing the article"),
    REVIEWING("reviewing", 65, 90, "Reviewing for the level"),
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
