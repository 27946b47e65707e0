package dev.opad.testing;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in the test JVM: s3proxy over an in-memory blob store, on a free loopback port,
 * checking AWS signatures against one key pair. {@link #client()} is a plain SDK client for looking
 * at what the storage under test really wrote.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY_ID = "opad-test-access-key";
    public static final String SECRET_ACCESS_KEY = "opad-test-secret-key";

    private final BlobStore blobs;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;
    private boolean running;

    private S3TestServer() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", ACCESS_KEY_ID);
        properties.setProperty("jclouds.credential", SECRET_ACCESS_KEY);
        blobs = BlobStores.create("transient", properties);
        proxy = S3Proxy.builder()
                .blobStore(blobs)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .stopTimeout(0)
                .build();
        proxy.start();
        for (long deadline = System.nanoTime() + 10_000_000_000L; !"STARTED".equals(proxy.getState()); ) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        running = true;
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of("auto"))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .build();
    }

    public static S3TestServer start() throws Exception {
        return new S3TestServer();
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    /** A new, empty bucket: tests share the server, never a bucket. */
    public String createBucket() {
        String bucket = "opad-" + UUID.randomUUID();
        client.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** The opad configuration that points at this server, path-style as MinIO-like servers need. */
    public Map<String, String> config(String bucket) {
        return Map.of(
                "opad.storage.type", "s3",
                "opad.storage.s3.endpoint", endpoint.toString(),
                "opad.storage.s3.region", "auto",
                "opad.storage.s3.bucket", bucket,
                "opad.storage.s3.access-key-id", ACCESS_KEY_ID,
                "opad.storage.s3.secret-access-key", SECRET_ACCESS_KEY,
                "opad.storage.s3.path-style", "true",
                "opad.storage.s3.timeout", "5s");
    }

    public void stop() throws Exception {
        if (running) {
            running = false;
            proxy.stop();
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        stop();
        blobs.close();
    }
}
