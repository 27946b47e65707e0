package dev.opad.api.feed;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Generator;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes a feed as Atom 1.0 (RFC 4287) with ROME. Ids are {@code urn:uuid:} of the article (the feed: of the user
 * or schedule), so they never change, whatever the URL; "updated" is the article's completion, never "now".
 * An entry's language and level are Atom categories in opad's own schemes ({@value #LANGUAGE_SCHEME}: the
 * ISO 639-1 code, labelled with the name; {@value #LEVEL_SCHEME}: the CEFR level), since Atom has no element for
 * either and ROME writes no {@code xml:lang} on entries.
 */
@ApplicationScoped
public class AtomFeedWriter {

    static final String LANGUAGE_SCHEME = "urn:opad:language";
    static final String LEVEL_SCHEME = "urn:opad:level";
    private static final String ATOM = "atom_1.0";

    private final FeedUrls urls;

    public AtomFeedWriter(FeedUrls urls) {
        this.urls = urls;
    }

    /** @param html each entry's article as safe HTML, or empty when its stored text is missing */
    String write(FeedSnapshot snapshot, Function<FeedEntry, Optional<String>> html) {
        FeedSubject subject = snapshot.subject();
        Feed feed = new Feed(ATOM);
        feed.setId(urn(subject.id()));
        feed.setTitle(subject.kind() == FeedSubject.Kind.USER
                ? "opad: articles for " + subject.name() : "opad: " + subject.name());
        feed.setUpdated(Date.from(snapshot.updated()));
        feed.setAuthors(List.of(opad()));
        Generator generator = new Generator();
        generator.setValue("opad");
        feed.setGenerator(generator);
        feed.setAlternateLinks(List.of(link("alternate", subject.kind() == FeedSubject.Kind.USER
                ? urls.library() : urls.schedule(subject.id()), "text/html")));
        feed.setOtherLinks(List.of(link("self", urls.feed(subject.secret()), "application/atom+xml")));
        feed.setEntries(snapshot.entries().stream().map(entry -> entry(entry, html.apply(entry))).toList());
        try {
            return new WireFeedOutput().outputString(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("the feed could not be written", e);
        }
    }

    private Entry entry(FeedEntry article, Optional<String> html) {
        Entry entry = new Entry();
        entry.setId(urn(article.id()));
        entry.setTitle(article.title() == null ? article.topic() : article.title());
        entry.setUpdated(Date.from(article.completedAt()));
        entry.setAlternateLinks(List.of(link("alternate", urls.article(article.id()), "text/html")));
        entry.setCategories(List.of(
                category(LANGUAGE_SCHEME, article.languageCode(), article.language()),
                category(LEVEL_SCHEME, article.level(), "Level " + article.level())));
        entry.setSummary(text(summary(article)));
        html.ifPresent(body -> {
            Content content = new Content();
            content.setType("html");
            content.setValue(body);
            entry.setContents(List.of(content));
        });
        return entry;
    }

    private static String summary(FeedEntry article) {
        String words = article.wordCount() == null ? "" : ", " + article.wordCount() + " words";
        return article.language() + ", level " + article.level() + words + ". Topic: " + article.topic();
    }

    private static String urn(UUID id) {
        return "urn:uuid:" + id;
    }

    private static Person opad() {
        Person person = new Person();
        person.setName("opad");
        return person;
    }

    private static Link link(String rel, String href, String type) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(href);
        link.setType(type);
        return link;
    }

    private static Category category(String scheme, String term, String label) {
        Category category = new Category();
        category.setScheme(scheme);
        category.setTerm(term);
        category.setLabel(label);
        return category;
    }

    private static Content text(String value) {
        Content content = new Content();
        content.setType("text");
        content.setValue(value);
        return content;
    }
}
