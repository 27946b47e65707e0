package dev.opad.worker.job;

import java.util.UUID;

/** The attempt no longer holds its job's lease; it must stop and write nothing more. */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(UUID jobId) {
        super("lease on job " + jobId + " lost; another attempt owns the job now");
    }
}
