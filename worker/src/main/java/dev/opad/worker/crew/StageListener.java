package dev.opad.worker.crew;

/** Told when a stage starts and ends, so the job can publish its progress and checkpoint the stage's output. */
public interface StageListener {
    void started(CrewStage stage);

    /** A model call of the stage returned after {@code took}; its tokens are spent whatever happens to the job next. */
    default void called(CrewStage stage, String model, Integer inputTokens, Integer outputTokens, java.time.Duration took) {
    }

    /** {@code checkpoint} names the output (the stage, or the stage in the revision round). */
    void finished(CrewStage stage, String checkpoint, String output);
}
