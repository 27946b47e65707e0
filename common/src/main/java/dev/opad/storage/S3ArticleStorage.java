package dev.opad.storage;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Stores objects in an S3-compatible bucket: Cloudflare R2, MinIO or AWS S3. Every upload carries
 * its SHA-256 ({@code x-amz-checksum-sha256}), so the server refuses bytes that were damaged on the
 * way. Any failure of the server or the network is a {@link StorageUnavailableException}; only a
 * missing object is not an error. Not a bean itself: {@link ArticleStorageProducer} builds it when
 * {@code opad.storage.type=s3}.
 */
public class S3ArticleStorage implements ArticleStorage, AutoCloseable {

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final S3Client s3;
    private final String bucket;

    public S3ArticleStorage(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Builds the client the configuration describes, or says everything that is wrong with the configuration. */
    public static S3ArticleStorage connect(StorageConfig.S3 config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("S3 storage is misconfigured: " + String.join("; ", problems),
                    Set.of("opad.storage.s3.bucket", "opad.storage.s3.endpoint", "opad.storage.s3.region",
                            "opad.storage.s3.access-key-id", "opad.storage.s3.secret-access-key"));
        }
        return new S3ArticleStorage(clientBuilder(config).build(), config.bucket().orElseThrow().strip());
    }

    static S3ClientBuilder clientBuilder(StorageConfig.S3 config) {
        Duration timeout = config.timeout();
        S3ClientBuilder client = S3Client.builder()
                .region(Region.of(config.region().strip()))
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(credentials(config))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                        .socketTimeout(timeout))
                // Since SDK 2.30 every upload gets a CRC32 trailer in aws-chunked encoding unless told
                // otherwise; R2 and several self-hosted servers reject that. We send a SHA-256 of our own.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout));
        config.endpoint().ifPresent(client::endpointOverride);
        return client;
    }

    static List<String> problems(StorageConfig.S3 config) {
        List<String> problems = new ArrayList<>();
        if (config.bucket().filter(b -> !b.isBlank()).isEmpty()) {
            problems.add("opad.storage.type=s3 needs a bucket: set opad.storage.s3.bucket (OPAD_S3_BUCKET)");
        }
        if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
            problems.add("set both opad.storage.s3.access-key-id and opad.storage.s3.secret-access-key"
                    + " (OPAD_S3_ACCESS_KEY_ID, OPAD_S3_SECRET_ACCESS_KEY), or neither to use the AWS default"
                    + " credential chain");
        }
        Optional<URI> endpoint = config.endpoint();
        if (endpoint.isPresent() && !isHttpUrl(endpoint.get())) {
            problems.add("opad.storage.s3.endpoint (OPAD_S3_ENDPOINT) must be an http(s) URL such as"
                    + " https://<account>.r2.cloudflarestorage.com, not '" + endpoint.get() + "'");
        }
        if (endpoint.isEmpty() && config.region().strip().equalsIgnoreCase("auto")) {
            problems.add("without opad.storage.s3.endpoint (OPAD_S3_ENDPOINT) the bucket is on AWS, which needs"
                    + " the bucket's region in opad.storage.s3.region (OPAD_S3_REGION); 'auto' is for R2");
        }
        return problems;
    }

    private static boolean isHttpUrl(URI uri) {
        return uri.isAbsolute() && uri.getHost() != null
                && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    }

    /** A configured key pair wins; the default chain is only for deployments that give none (an AWS role). */
    private static AwsCredentialsProvider credentials(StorageConfig.S3 config) {
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** For the startup log line: where, never with which secret. */
    public String describe() {
        return "bucket " + bucket + " at " + s3.serviceClientConfiguration().endpointOverride()
                .map(URI::toString).orElse("AWS") + " (region " + s3.serviceClientConfiguration().region() + ")";
    }

    @Override
    public StoredObject put(String key, byte[] content, String contentType) {
        checkKey(key);
        String sha256 = Digests.sha256(content);
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentLength((long) content.length)
                .checksumSHA256(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)))
                .build();
        try {
            s3.putObject(request, RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw unavailable("write", key, e);
        }
        return new StoredObject(key, contentType, content.length, sha256);
    }

    @Override
    public Optional<byte[]> get(String key) {
        checkKey(key);
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (isMissingObject(e)) {
                return Optional.empty();
            }
            throw unavailable("read", key, e);
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        checkKey(prefix);
        try {
            // The paginator follows continuation tokens; a bucket answers at most 1000 keys a page.
            return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        } catch (SdkException e) {
            throw unavailable("list", prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        checkKey(key);
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            // S3 answers 204 for a missing key; a server that says "no such key" means the same.
        } catch (S3Exception e) {
            if (!isMissingObject(e)) {
                throw unavailable("delete", key, e);
            }
        } catch (SdkException e) {
            throw unavailable("delete", key, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    /** A 404 means the object is not there, unless the bucket itself is missing: that is a broken setup. */
    private static boolean isMissingObject(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 404 && !"NoSuchBucket".equals(code);
    }

    private StorageUnavailableException unavailable(String action, String key, SdkException e) {
        return new StorageUnavailableException("cannot " + action + " " + key + " in bucket " + bucket + ": "
                + e.getMessage(), e);
    }

    /**
     * Refuses what the filesystem storage refuses (an empty key, one that climbs out with "..") and,
     * so that keys stay portable between the two, any "." or ".." segment and a leading "/".
     */
    private static void checkKey(String key) {
        boolean dotSegment = false;
        for (String segment : key.split("/", -1)) {
            dotSegment |= segment.equals(".") || segment.equals("..");
        }
        if (key.isBlank() || key.startsWith("/") || dotSegment) {
            throw new IllegalArgumentException("storage key outside the bucket's objects: " + key);
        }
    }
}
