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
    public ArticleView create(UUID owner, CreateArticleRequest request) {
        Language language = Language.parse(request.language()).orElseThrow();
        ArticleEntity article = ArticleEntity.request(owner, language, request.level().toUpperCase(Locale.ROOT),
                request.length(), request.topic().strip());
        article.persist();
        return ArticleView.of(article);
    }

    @Transactional
    public ArticleView get(UUID owner, UUID id) {
        return ArticleView.of(findOwned(owner, id));
    }

    @Transactional
    public ArticlePage list(UUID owner, ArticleFilter filter, PageRequest page) {
        var query = ArticleEntity.<ArticleEntity>find(filter.query(), filter.parameters().and("owner", owner))
                .page(Page.of(page.page(), page.size()));
        List<ArticleView> items = query.list().stream().map(ArticleView::of).toList();
        return new ArticlePage(items, page.page(), page.size(), query.count());
    }

    @Transactional
    public void delete(UUID owner, UUID id) {
        findOwned(owner, id).markDeleted();
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

    private static ArticleEntity findOwned(UUID owner, UUID id) {
        return ArticleEntity.findOwned(id, owner).orElseThrow(() -> NotFoundProblem.article(id));
    }
}
