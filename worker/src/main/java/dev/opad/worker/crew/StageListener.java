package dev.opad.worker.crew;

/** Told when a stage starts and ends, so the job can publish its progress. */
public interface StageListener {
    void started(CrewStage stage);

    void finished(CrewStage stage);
}
