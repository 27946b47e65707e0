package dev.opad.e2e;

import static io.restassured.RestAssured.given;

import dev.opad.testing.FreePort;
import dev.opad.testing.JwtKeyFiles;
import dev.opad.testing.PostgresTestDatabase;
import dev.opad.testing.RedisServerProcess;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An opad installation for one test class: a private Redis, a throw-away database, the api, any
 * number of worker processes and, for browser tests, the web gateway, all from the packaged jars;
 * and a script user with an API token. Public for the browser tests in {@code dev.opad.e2e.browser}.
 */
public final class OpadSystem implements AutoCloseable {

    record Job(String articleId, String jobId) {
    }

    final RedisServerProcess redis = RedisServerProcess.start();
    final PostgresTestDatabase database = PostgresTestDatabase.create();
    final Path storage;
    private final Map<String, String> env = new HashMap<>();
    private final List<ServiceProcess> workers = new ArrayList<>();
    private final int apiPort;
    private final List<String> apiJvmOptions;
    private ServiceProcess api;
    private ServiceProcess web;
    private int workerNumber;
    private String token;

    /** @param settings NAME=value settings for every service */
    public OpadSystem(Map<String, String> settings) {
        this(settings, ServiceProcess.suiteJvmOptions());
    }

    /** @param apiJvmOptions JVM options for the api process; the other constructor gives it {@link ServiceProcess#suiteJvmOptions()} */
    OpadSystem(Map<String, String> settings, List<String> apiJvmOptions) {
        this.apiJvmOptions = List.copyOf(apiJvmOptions);
        try {
            storage = Files.createTempDirectory("opad-e2e-storage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JwtKeyFiles keys = JwtKeyFiles.generate();
        env.putAll(Map.of(
                "OPAD_JWT_PRIVATE_KEY", keys.privateKey().toString(),
                "OPAD_JWT_PUBLIC_KEY", keys.publicKey().toString(),
                "OPAD_REDIS_URL", redis.uri(),
                "OPAD_DB_URL", database.jdbcUrl(),
                "OPAD_DB_USER", database.user(),
                "OPAD_DB_PASSWORD", database.password(),
                "OPAD_STORAGE_DIR", storage.toString(),
                "OPAD_RATE_GENERATE_PER_HOUR", "100000"));
        env.putAll(settings);
        apiPort = FreePort.find();
        env.put("OPAD_API_URL", "http://127.0.0.1:" + apiPort);
        startApi();
    }

    public ServiceProcess api() {
        return api;
    }

    /** Stops the api (SIGTERM), e.g. to see what the UI shows while it is down; {@link #startApi()} brings it back. */
    public void stopApi() {
        api.close();
    }

    /** Starts the api on its port again, so that workers and the web gateway find it where they did. */
    public ServiceProcess startApi() {
        Map<String, String> apiEnv = new HashMap<>(env);
        apiEnv.put("OPAD_API_PORT", String.valueOf(apiPort));
        // As ./opad up does: the web gateway on this machine passes each browser's address.
        apiEnv.putIfAbsent("OPAD_TRUSTED_PROXIES", "127.0.0.1,::1");
        api = ServiceProcess.start("api", "api", apiPort, apiEnv, apiJvmOptions);
        return api;
    }

    /** Starts the web gateway (once), proxying to this system's api. */
    public ServiceProcess startWebGateway() {
        return startWebGateway(ServiceProcess.suiteJvmOptions());
    }

    /** Starts the web gateway (once) with these JVM options, e.g. those of {@code ./opad up}. */
    ServiceProcess startWebGateway(List<String> jvmOptions) {
        if (web == null) {
            int port = FreePort.find();
            Map<String, String> webEnv = new HashMap<>(env);
            webEnv.put("OPAD_WEB_PORT", String.valueOf(port));
            web = ServiceProcess.start("web", "web-gateway", port, webEnv, jvmOptions);
        }
        return web;
    }

    /** Where a browser opens opad: the web gateway's base URL, e.g. http://127.0.0.1:41234. */
    public String webUrl() {
        if (web == null) {
            throw new IllegalStateException("the web gateway is not running; call startWebGateway() first");
        }
        return web.baseUrl();
    }

    /** Starts one more worker process (a new worker id each time, as a restarted pod has). */
    public ServiceProcess startWorker() {
        return startWorker(Map.of());
    }

    /** With the suite's JVM options ({@link ServiceProcess#suiteJvmOptions()}). */
    public ServiceProcess startWorker(Map<String, String> overrides) {
        return startWorker(overrides, ServiceProcess.suiteJvmOptions());
    }

    ServiceProcess startWorker(Map<String, String> overrides, List<String> jvmOptions) {
        int port = FreePort.find();
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.putAll(overrides);
        workerEnv.put("OPAD_WORKER_PORT", String.valueOf(port));
        String name;
        synchronized (workers) {
            // Workers may be started from several threads at once; each needs a log of its own.
            name = "worker-" + (++workerNumber);
        }
        ServiceProcess worker = ServiceProcess.start(name, "worker", port, workerEnv, jvmOptions);
        synchronized (workers) {
            workers.add(worker);
        }
        return worker;
    }

    /** Registers a user, logs in and makes an API token; later calls use the token. */
    String token() {
        if (token == null) {
            String email = "e2e-" + UUID.randomUUID() + "@example.org";
            String password = "a long enough password";
            given().baseUri(api.baseUrl()).contentType(ContentType.JSON)
                    .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"E2E\"}")
                    .when().post("/auth/register").then().statusCode(202);
            String jwt = given().baseUri(api.baseUrl()).contentType(ContentType.JSON)
                    .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                    .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
            token = given().baseUri(api.baseUrl()).auth().oauth2(jwt).contentType(ContentType.JSON)
                    .body("{\"name\":\"e2e\"}").when().post("/auth/tokens").then().statusCode(201).extract().path("token");
        }
        return token;
    }

    List<Job> createAndGenerate(int count) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String articleId = given().baseUri(api.baseUrl()).auth().oauth2(token()).contentType(ContentType.JSON)
                    .body("{\"language\":\"German\",\"level\":\"B1\",\"length\":150,\"topic\":\"Chaos " + i + "\"}")
                    .when().post("/articles").then().statusCode(201).extract().path("id");
            String jobId = given().baseUri(api.baseUrl()).auth().oauth2(token())
                    .when().post("/articles/" + articleId + "/generate").then().statusCode(202).extract().path("job_id");
            jobs.add(new Job(articleId, jobId));
        }
        return jobs;
    }

    /** Stops every worker started so far (SIGTERM, so they hand their jobs back), e.g. to start one configured differently. */
    public void stopWorkers() {
        synchronized (workers) {
            for (ServiceProcess worker : workers) {
                if (!worker.terminate(30)) {
                    worker.kill();
                }
            }
            workers.clear();
        }
    }

    /** The directory the services store articles in (the filesystem storage). */
    public Path storage() {
        return storage;
    }

    /** Runs one SQL statement on the system's database, e.g. to put a row in a state no API call makes. */
    public void execute(String sql) {
        database.execute(sql);
    }

    long count(String sql) {
        return database.count(sql);
    }

    long jobsIn(List<Job> jobs, String status) {
        return count("select count(*) from jobs where status = '" + status + "' and id in (" + ids(jobs) + ")");
    }

    /** Stored Markdown objects of one job, over all its attempts. */
    long storedResults(Job job) {
        Path dir = storage.resolve("articles").resolve(job.articleId()).resolve(job.jobId());
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals("article.md")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ids(List<Job> jobs) {
        return String.join(",", jobs.stream().map(j -> "'" + j.jobId() + "'").toList());
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        synchronized (workers) {
            workers.forEach(ServiceProcess::kill);
        }
        api.close();
        redis.close();
        database.close();
    }
}
