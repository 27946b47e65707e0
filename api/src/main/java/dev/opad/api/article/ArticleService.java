package dev.opad.api.article;

import dev.opad.api.job.JobControl;
import dev.opad.api.problem.ConflictProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.article.ArticleEntity;
import dev.opad.article.ArticleStatus;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.storage.ArticleStorage;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ArticleService {

    private final ArticleStorage storage;
    private final SourceChecks sources;
    private final JobControl jobs;

    public ArticleService(ArticleStorage storage, SourceChecks sources, JobControl jobs) {
        this.storage = storage;
        this.sources = sources;
        this.jobs = jobs;
    }

    /** The source is checked before the transaction: the DNS lookup of a source URL may take up to two seconds. */
    public ArticleView create(UUID owner, CreateArticleRequest request) {
        sources.check(request.sourceUrl(), request.sourceText());
        return persist(owner, request);
    }

    @Transactional
    ArticleView persist(UUID owner, CreateArticleRequest request) {
        Language language = Language.parse(request.language()).orElseThrow();
        ArticleEntity article = ArticleEntity.request(owner, language, request.level().toUpperCase(Locale.ROOT),
                request.length(), request.topic().strip());
        article.sourceText = SourceChecks.blankToNull(request.sourceText());
        article.sourceUrl = SourceChecks.blankToNull(request.sourceUrl());
        article.persist();
        return ArticleView.of(article);
    }

    @Transactional
    public ArticleView get(UUID owner, UUID id) {
        ArticleEntity article = findOwned(owner, id);
        return ArticleView.of(article, latestJobs(List.of(id)).get(id));
    }

    @Transactional
    public ArticlePage list(UUID owner, ArticleFilter filter, PageRequest page) {
        var query = ArticleEntity.<ArticleEntity>find(filter.query(), filter.parameters().and("owner", owner))
                .page(Page.of(page.page(), page.size()));
        List<ArticleEntity> found = query.list();
        Map<UUID, UUID> jobs = latestJobs(found.stream().map(article -> article.id).toList());
        List<ArticleView> items = found.stream().map(article -> ArticleView.of(article, jobs.get(article.id))).toList();
        return new ArticlePage(items, page.page(), page.size(), query.count());
    }

    /**
     * Soft-deletes the article and cancels its active job, if any, as its owner would: nobody reads
     * a deleted article, so its tokens would be wasted. (A worker that takes the job all the same
     * cancels it when it starts.)
     */
    public void delete(UUID owner, UUID id) {
        markDeleted(owner, id).ifPresent(jobId -> {
            try {
                jobs.cancel(owner, false, jobId);
            } catch (ConflictProblem finishedMeanwhile) {
                // it ended on its own between the two transactions: nothing left to stop
            }
        });
    }

    /** The article's active job, if it has one. */
    @Transactional
    Optional<UUID> markDeleted(UUID owner, UUID id) {
        findOwned(owner, id).markDeleted();
        return JobEntity.<JobEntity>find("articleId = ?1 and status in ?2", id, JobState.active())
                .firstResultOptional().map(JobEntity::id);
    }

    /** The finished article's Markdown, read from storage. */
    @Transactional
    public byte[] content(UUID owner, UUID id) {
        ArticleEntity article = findOwned(owner, id);
        if (article.status() != ArticleStatus.COMPLETED || article.storageKey == null) {
            throw new NotFoundProblem("Article " + id + " has no content yet (status: " + article.status().wireName() + ")");
        }
        return storage.get(article.storageKey)
                .orElseThrow(() -> new IllegalStateException("stored object missing for completed article " + id));
    }

    /** Each article's most recent job, in one query for a whole page. */
    private static Map<UUID, UUID> latestJobs(List<UUID> articleIds) {
        if (articleIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = JobEntity.getEntityManager().createQuery("""
                select j.articleId, j.id from JobEntity j
                where j.articleId in :ids
                  and j.createdAt = (select max(k.createdAt) from JobEntity k where k.articleId = j.articleId)""",
                Object[].class).setParameter("ids", articleIds).getResultList();
        Map<UUID, UUID> latest = new HashMap<>();
        rows.forEach(row -> latest.put((UUID) row[0], (UUID) row[1]));
        return latest;
    }

    private static ArticleEntity findOwned(UUID owner, UUID id) {
        return ArticleEntity.findOwned(id, owner).orElseThrow(() -> NotFoundProblem.article(id));
    }
}
