package dev.opad.storage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which storage the services get from {@code opad.storage.*}, and how a broken S3 setup is reported at start. */
class ArticleStorageProducerTest {

    private static final Map<String, String> R2 = Map.of(
            "opad.storage.type", "s3",
            "opad.storage.s3.endpoint", "https://0123456789abcdef.r2.cloudflarestorage.com",
            "opad.storage.s3.bucket", "opad-articles",
            "opad.storage.s3.access-key-id", "key-id",
            "opad.storage.s3.secret-access-key", "secret");

    @Test
    void theFilesystemIsTheDefault() {
        assertInstanceOf(FilesystemArticleStorage.class, ArticleStorageProducer.create(StorageConfigs.of(Map.of())));
    }

    @Test
    void typeS3WithABucketGivesTheS3Storage() {
        try (var storage = (S3ArticleStorage) ArticleStorageProducer.create(StorageConfigs.of(R2))) {
            assertTrue(storage.describe().contains("opad-articles"), storage.describe());
            assertTrue(storage.describe().contains("region auto"), storage.describe());
        }
    }

    @Test
    void theTypeIsReadCaseInsensitively() {
        assertInstanceOf(S3ArticleStorage.class,
                ArticleStorageProducer.create(StorageConfigs.of(R2, "opad.storage.type", "S3")));
    }

    @Test
    void noCredentialsMeansTheDefaultChain() {
        Map<String, String> roleBased = Map.of(
                "opad.storage.type", "s3",
                "opad.storage.s3.region", "eu-central-1",
                "opad.storage.s3.bucket", "opad-articles");
        try (var storage = (S3ArticleStorage) ArticleStorageProducer.create(StorageConfigs.of(roleBased))) {
            assertTrue(storage.describe().contains("at AWS"), storage.describe());
        }
    }

    @Test
    void s3WithoutABucketFailsFast() {
        assertMisconfigured(StorageConfigs.of(Map.of("opad.storage.type", "s3",
                "opad.storage.s3.endpoint", "http://localhost:9000")), "OPAD_S3_BUCKET");
    }

    @Test
    void aKeyIdWithoutItsSecretFailsFast() {
        assertMisconfigured(StorageConfigs.of(Map.of("opad.storage.type", "s3",
                "opad.storage.s3.endpoint", "http://localhost:9000",
                "opad.storage.s3.bucket", "opad-articles",
                "opad.storage.s3.access-key-id", "key-id")), "OPAD_S3_SECRET_ACCESS_KEY");
    }

    @Test
    void awsNeedsARealRegion() {
        assertMisconfigured(StorageConfigs.of(Map.of("opad.storage.type", "s3",
                "opad.storage.s3.bucket", "opad-articles")), "OPAD_S3_REGION");
    }

    @Test
    void theEndpointMustBeAnHttpUrl() {
        assertMisconfigured(StorageConfigs.of(R2, "opad.storage.s3.endpoint", "r2.cloudflarestorage.com"),
                "OPAD_S3_ENDPOINT");
    }

    private static void assertMisconfigured(StorageConfig config, String mentioned) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ArticleStorageProducer.create(config));
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }
}
