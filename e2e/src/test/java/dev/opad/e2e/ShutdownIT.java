package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SIGTERM with jobs running: they go back to the queue, uncounted as failures, and another worker finishes them. */
class ShutdownIT {

    @Test
    void runningJobsAreHandedBackOnSigtermAndFinishedElsewhere() {
        try (OpadSystem system = new OpadSystem(Map.of("OPAD_DEMO_DELAY", "1500ms", "OPAD_HEARTBEAT_INTERVAL", "1s"))) {
            ServiceProcess first = system.startWorker(Map.of("OPAD_WORKER_SHUTDOWN_GRACE", "1s"));
            List<OpadSystem.Job> jobs = system.createAndGenerate(5);
            Waits.until("all five to run", Duration.ofSeconds(20), () -> system.jobsIn(jobs, "running") == 5);

            assertTrue(first.terminate(30), "the worker exits after SIGTERM");
            String ids = OpadSystem.ids(jobs);
            assertEquals(5, system.jobsIn(jobs, "queued"), "handed back to the queue");
            assertEquals(0, system.count("select coalesce(sum(failures), 0) from jobs where id in (" + ids + ")"),
                    "not counted as failed attempts");
            assertEquals(5, system.count("select count(*) from job_events where type = 'job.requeued' and job_id in (" + ids + ")"));

            system.startWorker();
            Waits.until("another worker to finish them", Duration.ofSeconds(60), () -> system.jobsIn(jobs, "completed") == 5);
            assertEquals(0, system.count("select count(*) from jobs where status = 'failed' and id in (" + ids + ")"));
        }
    }
}
