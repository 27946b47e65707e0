package dev.opad.api.article;

import java.util.List;

public record ArticlePage(List<ArticleView> items, int page, int size, long total) {
}
