package dev.opad.worker.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.opad.storage.ArticleStorage;
import dev.opad.storage.StoredObject;
import dev.opad.worker.crew.ArticleRequest;
import dev.opad.worker.crew.CrewResult;
import dev.opad.worker.model.ModelChoice;
import dev.opad.worker.model.StageModels;
import java.util.Map;
import java.util.TreeMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes a finished article to storage and proves it is there: both objects are read back and
 * compared before the job may complete. Keys include the job id and the attempt, so an attempt
 * whose lease expired can never overwrite what the attempt that took over wrote; the lease is
 * checked before and after the upload, and a loser removes what it wrote.
 */
@ApplicationScoped
public class ArticlePublisher {

    static final String MARKDOWN_TYPE = "text/markdown; charset=utf-8";
    static final String JSON_TYPE = "application/json";

    private final ArticleStorage storage;
    private final ObjectMapper json;
    private final StageModels models;
    private final JobLeases leases;

    public ArticlePublisher(ArticleStorage storage, ObjectMapper json, StageModels models, JobLeases leases) {
        this.storage = storage;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.models = models;
        this.leases = leases;
    }

    public static String jobPrefix(UUID articleId, UUID jobId) {
        return "articles/" + articleId + "/" + jobId + "/";
    }

    public static String markdownKey(UUID articleId, UUID jobId, int attempt) {
        return jobPrefix(articleId, jobId) + attempt + "/article.md";
    }

    public static String manifestKey(UUID articleId, UUID jobId, int attempt) {
        return jobPrefix(articleId, jobId) + attempt + "/article.json";
    }

    /** Returns the key of the verified Markdown object. */
    public String publish(UUID articleId, Lease lease, int attempt, ArticleRequest request, CrewResult result) {
        UUID jobId = lease.jobId();
        if (!leases.holds(lease)) {
            throw new LeaseLostException(jobId);
        }
        StoredObject markdown = storage.put(markdownKey(articleId, jobId, attempt),
                result.markdown().getBytes(StandardCharsets.UTF_8), MARKDOWN_TYPE);
        ArticleManifest manifest = new ArticleManifest(articleId, jobId, attempt,
                new ArticleManifest.Inputs(request.language(), request.level(), request.length(), request.topic()),
                model(result), result.title(), result.wordCount(), result.sourceLine(), result.glossary(), result.gate(),
                markdown.key(), markdown.sha256(),
                result.stages(), Instant.now());
        StoredObject manifestObject = storage.put(manifestKey(articleId, jobId, attempt), toJson(manifest), JSON_TYPE);
        if (!leases.holds(lease)) {
            storage.delete(markdown.key());
            storage.delete(manifestObject.key());
            throw new LeaseLostException(jobId);
        }
        if (!storage.verify(markdown) || !storage.verify(manifestObject)) {
            throw new IllegalStateException("storage did not return what was written for job " + jobId);
        }
        return markdown.key();
    }

    /** The article row's learner data, as JSON documents. */
    public JobLedger.LearnerData learnerData(CrewResult result) {
        try {
            return new JobLedger.LearnerData(result.gate().detectedLanguage(), json.writeValueAsString(result.gate()),
                    json.writeValueAsString(result.glossary()), json.writeValueAsString(model(result)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise learner data", e);
        }
    }

    /** After completion: objects of attempts that died before completing are garbage. Best effort. */
    public void removeOtherAttempts(UUID articleId, UUID jobId, String keptMarkdownKey) {
        String keptFolder = keptMarkdownKey.substring(0, keptMarkdownKey.lastIndexOf('/') + 1);
        try {
            storage.list(jobPrefix(articleId, jobId)).stream()
                    .filter(key -> !key.startsWith(keptFolder))
                    .forEach(storage::delete);
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(ArticlePublisher.class)
                    .warnf("could not remove other attempts' objects of job %s: %s", jobId, e.getMessage());
        }
    }

    private ArticleManifest.Model model(CrewResult result) {
        ModelChoice main = models.defaultChoice();
        Map<String, String> stages = new TreeMap<>();
        StageModels.STAGES.forEach(stage -> stages.put(stage, models.describe(stage)));
        String name = result.modelName() != null ? result.modelName() : main.modelName();
        boolean demo = StageModels.STAGES.stream().allMatch(stage -> models.choice(stage).isDemo());
        return new ArticleManifest.Model(main.provider().name().toLowerCase(java.util.Locale.ROOT), name, demo, stages);
    }

    private byte[] toJson(ArticleManifest manifest) {
        try {
            return json.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise article manifest", e);
        }
    }

}
