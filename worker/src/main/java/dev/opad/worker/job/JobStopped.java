package dev.opad.worker.job;

/** Thrown between stages when the attempt was told to stop. */
class JobStopped extends RuntimeException {
    JobStopped(RunningJobs.StopReason reason) {
        super("stopped: " + reason);
    }
}
