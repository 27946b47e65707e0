package dev.opad.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest} application's article storage at a real S3 server (s3proxy) with a fresh bucket. */
public class RealS3 implements QuarkusTestResourceLifecycleManager {

    private static volatile S3TestServer server;
    private static volatile String bucket;

    @Override
    public Map<String, String> start() {
        try {
            server = S3TestServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the S3 test server", e);
        }
        bucket = server.createBucket();
        return server.config(bucket);
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the S3 test server", e);
        }
    }

    public static S3TestServer server() {
        return server;
    }

    public static String bucket() {
        return bucket;
    }
}
