package dev.opad.storage;

import dev.opad.testing.S3TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** The S3 storage against a real S3 server (s3proxy) on loopback, through the configuration the services use. */
class S3ArticleStorageTest extends ArticleStorageContract {

    private static S3TestServer server;

    private String bucket;
    private S3ArticleStorage storage;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void createStorage() {
        bucket = server.createBucket();
        storage = connect(server.config(bucket));
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Override
    protected ArticleStorage storage() {
        return storage;
    }

    private static S3ArticleStorage connect(Map<String, String> properties) {
        return connect(StorageConfigs.of(properties));
    }

    private static S3ArticleStorage connect(StorageConfig config) {
        return (S3ArticleStorage) ArticleStorageProducer.create(config);
    }

    @Test
    void theBucketKeepsEachObjectsContentType() {
        storage.put("articles/a1/j1/1/article.md", utf8("# Title\n"), MARKDOWN);
        storage.put("articles/a1/j1/1/article.json", utf8("{\"title\":\"Title\"}"), JSON);

        HeadObjectResponse markdown = server.client().headObject(h -> h.bucket(bucket).key("articles/a1/j1/1/article.md"));
        HeadObjectResponse json = server.client().headObject(h -> h.bucket(bucket).key("articles/a1/j1/1/article.json"));

        assertEquals(MARKDOWN, markdown.contentType());
        assertEquals(8L, markdown.contentLength());
        assertEquals(JSON, json.contentType());
    }

    @Test
    void theUploadCarriesItsSha256() {
        StoredObject stored = storage.put("articles/a1/j1/1/article.md", utf8("checked on arrival"), MARKDOWN);

        HeadObjectResponse head = server.client().headObject(h -> h.bucket(bucket).key(stored.key())
                .checksumMode(ChecksumMode.ENABLED));

        assertEquals(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(stored.sha256())), head.checksumSHA256());
    }

    @Test
    void listFollowsThePagesOfALargePrefix() {
        String prefix = "articles/a1/j1/";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1003; i++) {
            keys.add(prefix + i + "/article.md");
        }
        keys.parallelStream().forEach(key -> storage.put(key, utf8(key), MARKDOWN));
        storage.put("articles/a1/j2/1/article.md", utf8("another job"), MARKDOWN);

        ListObjectsV2Response firstPage = server.client().listObjectsV2(l -> l.bucket(bucket).prefix(prefix));
        assertTrue(firstPage.isTruncated(), "the server answers more than 1003 keys in pages");
        assertTrue(firstPage.contents().size() <= 1000, firstPage.contents().size() + " keys in one page");

        assertEquals(new TreeSet<>(keys), new TreeSet<>(storage.list(prefix)));
        assertEquals(1003, storage.list(prefix).size());
    }

    /** Only computes URLs, no request: the SDK itself falls back to path-style for an IP address like the test server's. */
    @Test
    void pathStyleDecidesWhereTheBucketGoesInTheUrl() {
        Map<String, String> minio = Map.of("opad.storage.type", "s3", "opad.storage.s3.bucket", "opad-articles",
                "opad.storage.s3.endpoint", "http://minio.internal:9000", "opad.storage.s3.path-style", "true");
        Map<String, String> r2 = Map.of("opad.storage.type", "s3", "opad.storage.s3.bucket", "opad-articles",
                "opad.storage.s3.endpoint", "https://0123456789abcdef.r2.cloudflarestorage.com");
        try (var pathStyle = S3ArticleStorage.clientBuilder(StorageConfigs.of(minio).s3()).build();
                var virtualHost = S3ArticleStorage.clientBuilder(StorageConfigs.of(r2).s3()).build()) {
            assertEquals("http://minio.internal:9000/opad-articles/articles/a.md",
                    pathStyle.utilities().getUrl(g -> g.bucket("opad-articles").key("articles/a.md")).toString());
            assertEquals("https://opad-articles.0123456789abcdef.r2.cloudflarestorage.com/articles/a.md",
                    virtualHost.utilities().getUrl(g -> g.bucket("opad-articles").key("articles/a.md")).toString());
        }
    }

    @Test
    void wrongCredentialsFailLoudly() {
        try (S3ArticleStorage intruder = connect(
                StorageConfigs.of(server.config(bucket), "opad.storage.s3.secret-access-key", "not-the-secret"))) {

            StorageUnavailableException e = assertUnavailable(
                    () -> intruder.put("articles/a1/j1/1/article.md", utf8("# Title"), MARKDOWN));

            assertTrue(e.getMessage().contains("403"), e.getMessage());
            assertUnavailable(() -> intruder.get("articles/a1/j1/1/article.md"));
        }
        assertEquals(List.of(), storage.list("articles/"), "nothing was written");
    }

    @Test
    void aMissingBucketIsAFailureNotAMissingObject() {
        try (S3ArticleStorage elsewhere = connect(StorageConfigs.of(server.config(bucket), "opad.storage.s3.bucket",
                "opad-no-such-bucket"))) {
            assertUnavailable(() -> elsewhere.get("articles/a1/j1/1/article.md"));
            assertUnavailable(() -> elsewhere.put("articles/a1/j1/1/article.md", utf8("# Title"), MARKDOWN));
            assertUnavailable(() -> elsewhere.list("articles/"));
        }
    }

    @Test
    void aStoppedServerFailsEveryCall() throws Exception {
        try (S3TestServer doomed = S3TestServer.start()) {
            String doomedBucket = doomed.createBucket();
            try (S3ArticleStorage storage = connect(doomed.config(doomedBucket))) {
                storage.put("articles/a1/j1/1/article.md", utf8("# Before"), MARKDOWN);
                doomed.stop();

                assertUnavailable(() -> storage.put("articles/a1/j1/1/article.md", utf8("# After"), MARKDOWN));
                assertUnavailable(() -> storage.get("articles/a1/j1/1/article.md"));
                assertUnavailable(() -> storage.list("articles/"));
                assertUnavailable(() -> storage.delete("articles/a1/j1/1/article.md"));
            }
        }
    }

    /** The worker's failure classifier retries an {@link UncheckedIOException}; that is the point of the type. */
    private static StorageUnavailableException assertUnavailable(Executable call) {
        StorageUnavailableException e = assertThrows(StorageUnavailableException.class, call);
        assertInstanceOf(UncheckedIOException.class, e);
        return e;
    }
}
