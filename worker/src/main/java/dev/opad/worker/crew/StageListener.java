package dev.opad.worker.crew;

/** Told when a stage starts and ends, so the job can publish its progress and checkpoint the stage's output. */
public interface StageListener {
    void started(CrewStage stage);

    /** A model call of the stage returned after {@code took}; its tokens are spent whatever happens to the job next. */
    default void called(CrewStage stage, String model, Integer inputTokens, Integer outputTokens, java.time.Duration took) {
    }

    /** {@code checkpoint} names the output (the stage, or the stage in the revision round). */
    void finished(CrewStage stage, String checkpoint, String output);

    /**
     * {@code stage} ended and the crew starts {@code next} at once, with nothing between that could fail: a listener
     * that writes progress may record both in one write. Told as the two calls by default.
     */
    default void finishedThenStarted(CrewStage stage, String checkpoint, String output, CrewStage next) {
        finished(stage, checkpoint, output);
        started(next);
    }
}
