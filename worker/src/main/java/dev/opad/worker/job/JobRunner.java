package dev.opad.worker.job;

import dev.opad.worker.crew.ArticleCrew;
import dev.opad.worker.crew.CrewResult;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.crew.StageListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Runs one job from queued to completed or failed. */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobLedger ledger;
    private final ArticleCrew crew;
    private final ArticlePublisher publisher;

    public JobRunner(JobLedger ledger, ArticleCrew crew, ArticlePublisher publisher) {
        this.ledger = ledger;
        this.crew = crew;
        this.publisher = publisher;
    }

    public void run(UUID jobId) {
        var started = ledger.start(jobId);
        if (started.isEmpty()) {
            LOG.infof("skipping job %s: unknown or no longer queued", jobId);
            return;
        }
        var job = started.get();
        LOG.infof("job %s started (article %s, attempt %d)", jobId, job.articleId(), job.attempt());
        try {
            CrewResult result = crew.write(job.request(), progressOf(jobId));
            ledger.stage(jobId, CrewStage.STORING, CrewStage.STORING.startPercent());
            String key = publisher.publish(job.articleId(), jobId, job.attempt(), job.request(), result);
            ledger.complete(jobId, key, result.title(), result.wordCount());
            LOG.infof("job %s completed: %d words at %s", jobId, result.wordCount(), key);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed", jobId);
            ledger.fail(jobId, reason(e));
        }
    }

    private StageListener progressOf(UUID jobId) {
        return new StageListener() {
            @Override
            public void started(CrewStage stage) {
                ledger.stage(jobId, stage, stage.startPercent());
            }

            @Override
            public void finished(CrewStage stage) {
                ledger.stage(jobId, stage, stage.endPercent());
            }
        };
    }

    /** A short reason a user can read; the stack trace stays in the worker's log. */
    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }
}
