package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nothing lost, nothing run twice: worker processes killed with SIGKILL mid-job, and Redis
 * losing every key mid-run. Real processes from the packaged jars, real Redis and Postgres.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {

    /**
     * Fast beats so a killed worker is declared dead within seconds; half-second model calls, so a job takes a few
     * seconds and every kill (one each 3 s, 24 jobs running) lands mid-job.
     */
    private static final Map<String, String> WORKERS = Map.of(
            "OPAD_DEMO_DELAY", "500ms",
            "OPAD_WORKER_CONCURRENCY", "8",
            "OPAD_HEARTBEAT_INTERVAL", "1s",
            "OPAD_LEASE_TTL", "6s");

    private static OpadSystem system;
    private static final List<ServiceProcess> workers = new ArrayList<>();

    @BeforeAll
    static void start() {
        system = new OpadSystem(WORKERS);
        for (int i = 0; i < 3; i++) {
            workers.add(system.startWorker());
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void twoHundredJobsSurviveWorkersKilledEveryFewSeconds() throws Exception {
        long started = System.nanoTime();
        // Jobs are submitted while the killing already goes on.
        var submitting = java.util.concurrent.CompletableFuture.supplyAsync(() -> system.createAndGenerate(200));
        int kills = 0;
        List<java.util.concurrent.CompletableFuture<Void>> restarts = new ArrayList<>();
        long killUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < killUntil && (!submitting.isDone()
                || system.jobsIn(submitting.join(), "completed") < 200)) {
            Thread.sleep(3_000);
            ServiceProcess victim;
            synchronized (workers) {
                if (workers.isEmpty()) {
                    continue;
                }
                victim = workers.remove(kills % workers.size());
            }
            victim.kill();
            kills++;
            // The replacement starts in the background, so the next kill is not held up by its start.
            restarts.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                ServiceProcess replacement = system.startWorker();
                synchronized (workers) {
                    workers.add(replacement);
                }
            }));
        }
        restarts.forEach(java.util.concurrent.CompletableFuture::join);
        List<OpadSystem.Job> jobs = submitting.join();
        Waits.until("all 200 jobs to complete", Duration.ofSeconds(120),
                () -> system.jobsIn(jobs, "completed") == jobs.size());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        String ids = OpadSystem.ids(jobs);
        assertEquals(0, system.count("select count(*) from (select j.id from jobs j left join job_events e on e.job_id = j.id"
                + " and e.type = 'job.completed' where j.id in (" + ids + ") group by j.id having count(e.event_id) <> 1) x"),
                "exactly one job.completed event per job");
        for (OpadSystem.Job job : jobs) {
            assertEquals(1, system.storedResults(job), "exactly one stored result for job " + job.jobId());
        }
        long requeued = system.count("select count(*) from job_events where type = 'job.requeued' and job_id in (" + ids + ")");
        long maxAttempt = system.count("select max(attempt) from jobs where id in (" + ids + ")");
        long failedAttempts = system.count("select coalesce(sum(failures), 0) from jobs where id in (" + ids + ")");
        System.out.printf("chaos figures: 200 jobs, 3 workers, %d SIGKILLs, %d jobs recovered from dead workers,"
                + " max attempt %d, %d failed attempts, all completed in %d s%n", kills, requeued, maxAttempt, failedAttempts, seconds);
        assertTrue(kills >= 3, "the test killed workers " + kills + " times");
    }

    @Test
    @Order(2)
    void fiftyJobsCompleteAfterRedisLosesEverything() {
        List<OpadSystem.Job> jobs = system.createAndGenerate(50);
        Waits.until("some jobs to be under way", Duration.ofSeconds(30),
                () -> system.jobsIn(jobs, "completed") + system.jobsIn(jobs, "running") >= 10);
        system.redis.flushAll();
        long flushedAt = System.nanoTime();

        Waits.until("all 50 jobs to complete after FLUSHALL", Duration.ofSeconds(120),
                () -> system.jobsIn(jobs, "completed") == jobs.size());
        String ids = OpadSystem.ids(jobs);
        assertEquals(0, system.count("select count(*) from (select j.id from jobs j left join job_events e on e.job_id = j.id"
                + " and e.type = 'job.completed' where j.id in (" + ids + ") group by j.id having count(e.event_id) <> 1) x"));
        System.out.printf("flushall figures: 50 jobs, all completed %d s after FLUSHALL%n",
                (System.nanoTime() - flushedAt) / 1_000_000_000L);
    }
}
