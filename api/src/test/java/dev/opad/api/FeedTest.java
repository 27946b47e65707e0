package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import dev.opad.article.ArticleEntity;
import dev.opad.storage.ArticleStorage;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Atom feeds, read the way a feed reader reads them and parsed with ROME: one entry per completed article,
 * newest first, with stable ids, the completion as "updated", the reader's HTML escaped once, nobody else's
 * articles, conditional GETs, rotation, and the limit per address. Articles are completed here as the worker
 * completes them: the Markdown stored, then {@link ArticleEntity#markCompleted} in a transaction.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class FeedTest {

    private static final String PUBLIC_URL = "http://127.0.0.1:8080";
    private static final String GERMAN_B1 = ArticleResourceTest.GERMAN_B1;

    @Inject
    ArticleStorage storage;

    @Test
    void aUsersFeedHasOneEntryPerCompletedArticleNewestFirst() throws FeedException {
        TestUsers.User reader = TestUsers.register();
        UUID first = completed(reader, "Energiepreise steigen", "# Energiepreise\n\nDie Preise steigen.");
        UUID second = completed(reader, "Der Winter kommt", "# Winter\n\nEs wird kalt.");
        ArticleResourceTest.createArticle(reader, GERMAN_B1); // pending: not in the feed
        UUID deleted = completed(reader, "Gelöscht", "Weg.");
        reader.given().when().delete("/articles/" + deleted).then().statusCode(204);
        UUID strangers = completed(TestUsers.register(), "Fremd", "Nicht deins.");

        Feed feed = parse(fetch(feedUrl(reader)));

        assertEquals(List.of(urn(second), urn(first)), ids(feed), "completed ones only, newest first");
        assertFalse(ids(feed).contains(urn(strangers)), "no other user's article");
        assertEquals("urn:uuid:" + reader.id(), feed.getId());
        assertEquals(completedAt(second), feed.getUpdated().toInstant(), "the feed's updated is its newest entry's");
        Entry newest = feed.getEntries().getFirst();
        assertEquals("Der Winter kommt", newest.getTitle());
        assertEquals(completedAt(second), newest.getUpdated().toInstant());
        assertEquals(completedAt(first), feed.getEntries().get(1).getUpdated().toInstant());
        assertEquals(PUBLIC_URL + "/#/articles/" + second, alternate(newest.getAlternateLinks()));
        assertEquals(Map.of("urn:opad:language", "de", "urn:opad:level", "B1"), categories(newest));
        assertTrue(newest.getSummary().getValue().contains("energy prices"), newest.getSummary().getValue());
        Content content = newest.getContents().getFirst();
        assertEquals("html", content.getType());
        assertTrue(content.getValue().contains("<h1>Winter</h1>"), content.getValue());
        assertEquals(feedUrl(reader), self(feed));
    }

    @Test
    void idsStayTheSameAcrossFetchesAndNewArticles() throws FeedException {
        TestUsers.User reader = TestUsers.register();
        completed(reader, "Eins", "Eins.");
        completed(reader, "Zwei", "Zwei.");
        String once = fetch(feedUrl(reader));
        String again = fetch(feedUrl(reader));
        assertEquals(once, again, "nothing changed, so nothing in the document does ('updated' is never 'now')");

        UUID third = completed(reader, "Drei", "Drei.");
        List<String> later = ids(parse(fetch(feedUrl(reader))));
        assertEquals(urn(third), later.getFirst());
        assertEquals(ids(parse(once)), later.subList(1, 3), "the earlier entries keep their ids and order");
    }

    @Test
    void theArticleIsHtmlEscapedOnceAndNothingUnsafeSurvives() throws FeedException {
        TestUsers.User reader = TestUsers.register();
        completed(reader, "Fish & <Chips>", """
                # Essen & Trinken

                Ein **fettes** Wort, <script>alert(1)</script> und [ein Link](javascript:alert(1)).
                """);
        String xml = fetch(feedUrl(reader));
        assertFalse(xml.contains("<script"), "no markup of the article's own is an element of the document");
        assertFalse(xml.contains("<strong>"), "the HTML travels as escaped text (type=\"html\")");

        Entry entry = parse(xml).getEntries().getFirst();
        assertEquals("Fish & <Chips>", entry.getTitle(), "text escaped once, read back as written");
        String html = entry.getContents().getFirst().getValue();
        assertTrue(html.contains("<strong>fettes</strong>"), html);
        assertTrue(html.contains("<h1>Essen &amp; Trinken</h1>"), html);
        assertTrue(html.contains("&lt;script&gt;"), "the article's raw HTML is shown as text: " + html);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("javascript:"), html);
    }

    @Test
    void anEmptyFeedParsesAndIsDatedByItsOwner() throws FeedException {
        TestUsers.User reader = TestUsers.register();
        Feed feed = parse(fetch(feedUrl(reader)));
        assertTrue(feed.getEntries().isEmpty());
        assertNotEquals(null, feed.getUpdated());
    }

    @Test
    void aConditionalGetIsNotModifiedUntilTheFeedChanges() {
        TestUsers.User reader = TestUsers.register();
        completed(reader, "Eins", "Eins.");
        String path = path(feedUrl(reader));
        ExtractableResponse<Response> first = feedReader().when().get(path).then().statusCode(200)
                .header("ETag", startsWith("W/\"")).header("Last-Modified", notNullValue())
                .header("Cache-Control", equalTo("private, max-age=300")).extract();
        String tag = first.header("ETag");

        feedReader().header("If-None-Match", tag).when().get(path).then().statusCode(304).body(emptyString())
                .header("ETag", equalTo(tag));
        feedReader().header("If-Modified-Since", first.header("Last-Modified")).when().get(path).then().statusCode(304);

        completed(reader, "Zwei", "Zwei.");
        feedReader().header("If-None-Match", tag).when().get(path).then().statusCode(200).header("ETag", not(equalTo(tag)));
    }

    @Test
    void rotatingEndsTheOldUrlAtOnce() throws FeedException {
        TestUsers.User reader = TestUsers.register();
        UUID article = completed(reader, "Eins", "Eins.");
        String old = feedUrl(reader);
        fetch(old);

        String rotated = reader.given().when().post("/auth/feed/rotate")
                .then().statusCode(200).extract().path("feed_url");
        assertNotEquals(old, rotated);
        assertEquals(rotated, feedUrl(reader), "GET /auth/me shows the new one");
        feedReader().when().get(path(old)).then().statusCode(404).contentType("application/problem+json")
                .body("detail", startsWith("No feed at this address"));
        Feed feed = parse(fetch(rotated));
        assertEquals(List.of(urn(article)), ids(feed), "the same feed under its new address");
        assertEquals("urn:uuid:" + reader.id(), feed.getId());

        given().when().post("/auth/feed/rotate").then().statusCode(401);
    }

    @Test
    void aSchedulesFeedHasOnlyTheArticlesItOrdered() throws FeedException {
        TestUsers.User reader = TestUsers.register();
        String schedule = reader.given().contentType(ContentType.JSON).body("""
                {"name":"Morgennachrichten","language":"German","level":"B1","length":400,"theme":"Energie",\
                "rule":{"frequency":"daily","time":"07:00","timezone":"Europe/Berlin"}}""")
                .when().post("/schedules").then().statusCode(201).extract().path("id");
        UUID ordered = completed(reader, "Vom Plan", "Geplant.");
        setSchedule(ordered, UUID.fromString(schedule));
        completed(reader, "Von Hand", "Bestellt.");

        String url = reader.given().when().get("/schedules/" + schedule).then().statusCode(200)
                .body("feed_url", startsWith(PUBLIC_URL + "/api/feeds/")).extract().path("feed_url");
        assertNotEquals(feedUrl(reader), url);
        Feed feed = parse(fetch(url));
        assertEquals(List.of(urn(ordered)), ids(feed));
        assertEquals("opad: Morgennachrichten", feed.getTitle());
        assertEquals(PUBLIC_URL + "/#/schedules/" + schedule, alternate(feed.getAlternateLinks()));
        assertEquals(2, parse(fetch(feedUrl(reader))).getEntries().size(), "the user's feed has both");

        TestUsers.register().given().when().post("/schedules/" + schedule + "/feed/rotate").then().statusCode(404);
        String rotated = reader.given().when().post("/schedules/" + schedule + "/feed/rotate")
                .then().statusCode(200).body("id", equalTo(schedule)).extract().path("feed_url");
        assertNotEquals(url, rotated);
        feedReader().when().get(path(url)).then().statusCode(404);
        assertEquals(List.of(urn(ordered)), ids(parse(fetch(rotated))));
    }

    @Test
    void unknownAndMalformedAddressesAreNotFound() {
        feedReader().when().get("/feeds/" + "A".repeat(43) + ".atom").then().statusCode(404).contentType("application/problem+json");
        feedReader().when().get("/feeds/x.atom").then().statusCode(404).contentType("application/problem+json");
        feedReader().when().get("/feeds/" + "A".repeat(43)).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theMeViewNamesTheFeedOnThePublicHost() {
        TestUsers.User reader = TestUsers.register();
        String url = feedUrl(reader);
        assertTrue(url.matches("http://127\\.0\\.0\\.1:8080/api/feeds/[A-Za-z0-9_-]{43}\\.atom"), url);
        assertNotEquals(url, feedUrl(TestUsers.register()), "each user has their own");
    }

    /** Strangers may fetch feeds, so each address has a bucket (30 a minute by default), taken before any lookup. */
    @Test
    void anAddressThatFetchesTooOftenIsToldToWait() {
        String address = TestUsers.randomAddress();
        String unknown = "/feeds/" + "B".repeat(43) + ".atom";
        for (int i = 0; i < 30; i++) {
            given().header("X-Forwarded-For", address).when().get(unknown).then().statusCode(404);
        }
        given().header("X-Forwarded-For", address).when().get(unknown)
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        given().header("X-Forwarded-For", TestUsers.randomAddress()).when().get(unknown).then().statusCode(404);
    }

    /** Completes a new article of {@code owner} as the worker does: its Markdown stored, then the row. */
    private UUID completed(TestUsers.User owner, String title, String markdown) {
        UUID id = UUID.fromString(ArticleResourceTest.createArticle(owner, GERMAN_B1));
        String key = "articles/" + id + "/" + UUID.randomUUID() + "/1/article.md";
        storage.put(key, markdown.getBytes(StandardCharsets.UTF_8), "text/markdown");
        QuarkusTransaction.requiringNew().run(() -> ArticleEntity.<ArticleEntity>findById(id)
                .markCompleted(title, key, markdown.split("\\s+").length));
        return id;
    }

    private static void setSchedule(UUID article, UUID schedule) {
        QuarkusTransaction.requiringNew().run(() -> ArticleEntity.<ArticleEntity>findById(article).scheduleId = schedule);
    }

    /** As Atom writes it: to the second. */
    private static Instant completedAt(UUID article) {
        return QuarkusTransaction.requiringNew().call(() -> ArticleEntity.<ArticleEntity>findById(article).completedAt)
                .truncatedTo(ChronoUnit.SECONDS);
    }

    private static String feedUrl(TestUsers.User user) {
        return user.given().when().get("/auth/me").then().statusCode(200).extract().path("feed_url");
    }

    /** The feed URL names the public host (the gateway); the test asks the api behind it. */
    private static String path(String feedUrl) {
        assertTrue(feedUrl.startsWith(PUBLIC_URL + "/api/feeds/"), feedUrl);
        return feedUrl.substring((PUBLIC_URL + "/api").length());
    }

    private static String fetch(String feedUrl) {
        return feedReader().when().get(path(feedUrl)).then().statusCode(200)
                .contentType(startsWith("application/atom+xml")).extract().asString();
    }

    /** A feed reader somewhere: its own address, so the limit per address never adds up across tests. */
    private static RequestSpecification feedReader() {
        return given().header("X-Forwarded-For", TestUsers.randomAddress());
    }

    private static Feed parse(String xml) throws FeedException {
        return (Feed) new WireFeedInput().build(new StringReader(xml));
    }

    private static List<String> ids(Feed feed) {
        return feed.getEntries().stream().map(Entry::getId).toList();
    }

    private static String urn(UUID id) {
        return "urn:uuid:" + id;
    }

    private static String alternate(List<Link> links) {
        return links.stream().filter(link -> "alternate".equals(link.getRel())).findFirst().orElseThrow().getHref();
    }

    private static String self(Feed feed) {
        return feed.getOtherLinks().stream().filter(link -> "self".equals(link.getRel())).findFirst().orElseThrow().getHref();
    }

    private static Map<String, String> categories(Entry entry) {
        return entry.getCategories().stream().collect(Collectors.toMap(Category::getScheme, Category::getTerm));
    }
}
