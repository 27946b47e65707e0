package dev.opad.api.article;

import dev.opad.api.problem.NotFoundProblem;
import dev.opad.article.ArticleEntity;
import dev.opad.article.ArticleStatus;
import dev.opad.article.Language;
import dev.opad.storage.ArticleStorage;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
public class ArticleService {

    private final ArticleStorage storage;

    public ArticleService(ArticleStorage storage) {
        this.storage = storage;
    }

    @Transactional
    public ArticleView create(CreateArticleRequest request) {
        Language language = Language.parse(request.language()).orElseThrow();
        ArticleEntity article = ArticleEntity.request(language, request.level().toUpperCase(Locale.ROOT),
                request.length(), request.topic().strip());
        article.persist();
        return ArticleView.of(article);
    }

    @Transactional
    public ArticleView get(UUID id) {
        return ArticleView.of(findLive(id));
    }

    @Transactional
    public ArticlePage list(ArticleFilter filter, PageRequest page) {
        var query = ArticleEntity.<ArticleEntity>find(filter.query(), filter.parameters())
                .page(Page.of(page.page(), page.size()));
        List<ArticleView> items = query.list().stream().map(ArticleView::of).toList();
        return new ArticlePage(items, page.page(), page.size(), query.count());
    }

    @Transactional
    public void delete(UUID id) {
        findLive(id).markDeleted();
    }

    /** The finished article's Markdown, read from storage. */
    @Transactional
    public byte[] content(UUID id) {
        ArticleEntity article = findLive(id);
        if (article.status() != ArticleStatus.COMPLETED || article.storageKey == null) {
            throw new NotFoundProblem("Article " + id + " has no content yet (status: " + article.status().wireName() + ")");
        }
        return storage.get(article.storageKey)
                .orElseThrow(() -> new IllegalStateException("stored object missing for completed article " + id));
    }

    private static ArticleEntity findLive(UUID id) {
        return ArticleEntity.findLive(id).orElseThrow(() -> NotFoundProblem.article(id));
    }
}
