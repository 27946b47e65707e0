package dev.opad.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * P11: live job streams ({@code GET /jobs/{id}/events/stream}, issue 16) against the packaged api.
 *
 * <p>(a) 10,000 streams open at once on one api, each on a job of its own, from 500 users (20 each,
 * the api's default {@code OPAD_STREAM_MAX_PER_USER}; no limit is raised); the api's VmRSS from
 * /proc with all of them open, over a hold longer than one heartbeat period, against its RSS before
 * the first stream. Every stream must have received its first status and a heartbeat comment.
 *
 * <p>(b) 1,000 of them stay open; status changes are written at a fixed rate, round-robin over their
 * jobs, through {@link JobStatusCache#put} — the worker's status write: the versioned SET and the
 * PUBLISH on {@code <prefix>:job-status} in one script — and the time from just before that write to
 * the event (its id is the status version) arriving at the stream's client is recorded for every
 * event after a warm-up; p50, p99 and max, and how many writes no event answered.
 *
 * <p>Set-up that is not measured: users are inserted by SQL and their session JWTs signed here with
 * the api's key pair and the claims {@code SessionTokens} issues (500 logins would hash 500 passwords);
 * the jobs are rows inserted by SQL and their status keys written with {@link JobStatusCache#put}; a stream
 * reads only the key (the first status and the owner check), the row only if Redis does not answer. The client is one Vert.x HTTP client on 2 event loops in this
 * process: each stream is one HTTP/1.1 connection, its bytes parsed for {@code id:} lines and comments.
 *
 * <p>Usage: {@code StreamBench <redis-port> <log-dir>}. Settings: {@code -Dbench.p11.streams} (10000),
 * {@code .latency-streams} (1000), {@code .rate} (status writes per second, 500), {@code .seconds}
 * (measured, 20), {@code .warmup} (5 s of writes not counted), {@code .hold} (20 s with all streams open),
 * {@code .settle} (20 s between closing the other streams and (b)).
 */
public final class StreamBench {

    private static final int PER_USER = 20; // the api's default OPAD_STREAM_MAX_PER_USER
    /** Opens in flight at once; a slow open holds its place until it ends, so the api is never sent more than this. */
    private static final int OPENING_AT_ONCE = 64;

    private final int redisPort;
    private final Path logDir;
    private final RedisClients clients = new RedisClients();
    private final RedisDataSource redis;
    private final int streamCount = Integer.getInteger("bench.p11.streams", 10_000);
    private final int latencyStreams = Integer.getInteger("bench.p11.latency-streams", 1_000);
    private final int rate = Integer.getInteger("bench.p11.rate", 500);
    private final int seconds = Integer.getInteger("bench.p11.seconds", 20);
    private final int warmUpSeconds = Integer.getInteger("bench.p11.warmup", 5);
    private final int holdSeconds = Integer.getInteger("bench.p11.hold", 20);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private StreamBench(int redisPort, Path logDir) {
        this.redisPort = redisPort;
        this.logDir = logDir;
        this.redis = clients.dataSource("redis://127.0.0.1:" + redisPort, 8, 1024, Duration.ofSeconds(10));
    }

    public static void main(String[] args) {
        StreamBench bench = new StreamBench(Integer.parseInt(args[0]), Path.of(args[1]));
        int status = 0;
        try {
            bench.run();
        } catch (Exception e) {
            status = 1;
            Results.note("P11 failed: " + e);
            e.printStackTrace(System.out);
        }
        bench.clients.close();
        System.exit(status);
    }

    private void run() throws Exception {
        String prefix = "bench-p11";
        redis.execute("FLUSHALL");
        QueueConfig queueConfig = Configs.of(QueueConfig.class, Map.of("keyPrefix", prefix, "statusTtl", Duration.ofHours(24)));
        JobStatusCache statuses = new JobStatusCache(redis, new QueueKeys(queueConfig), queueConfig, json);
        redis.execute("PING"); // Mutiny's context set-up, once, before threads share the client
        PrivateKey key = privateKey(Path.of(requiredEnv("BENCH_JWT_PRIVATE_KEY")));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (Database db = Database.create("p11"); Service api = Service.start(prefix + "-api", "api", env(db, prefix), logDir)) {
            int userCount = (streamCount + PER_USER - 1) / PER_USER;
            db.execute("INSERT INTO users (id, email, name, password_hash, role, created_at) "
                    + "SELECT gen_random_uuid(), 'p11-' || i || '@bench.invalid', 'P11 user ' || i, 'not-a-hash', 'user', now() "
                    + "FROM generate_series(1, " + userCount + ") i");
            List<String> userIds = db.texts("SELECT id FROM users WHERE email LIKE 'p11-%' ORDER BY email");
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < streamCount; i++) {
                UUID owner = UUID.fromString(userIds.get(i / PER_USER));
                Stream stream = new Stream(i, UUID.randomUUID(), owner, i % PER_USER == 0 ? token(key, owner)
                        : streams.get(i - i % PER_USER).token);
                statuses.put(view(stream, 1, 0));
                streams.add(stream);
            }
            // The jobs' rows too (article id = job id), so that a status read that falls back to Postgres
            // (Redis slow under load) finds the job as it would in production, rather than answering 404.
            for (int from = 0; from < streams.size(); from += 1000) {
                StringBuilder articles = new StringBuilder();
                StringBuilder jobs = new StringBuilder();
                for (Stream stream : streams.subList(from, Math.min(streams.size(), from + 1000))) {
                    String sep = articles.isEmpty() ? "" : ",";
                    articles.append(sep).append("('").append(stream.jobId).append("','English','B1',150,'Live streams','running',now(),now(),'")
                            .append(stream.owner).append("')");
                    jobs.append(sep).append("('").append(stream.jobId).append("','").append(stream.jobId)
                            .append("','running',1,0,'writing',now(),now(),'").append(stream.owner).append("',1)");
                }
                db.execute("INSERT INTO articles (id, language, level, length_words, topic, status, created_at, updated_at, user_id) VALUES "
                        + articles);
                db.execute("INSERT INTO jobs (id, article_id, status, attempt, progress, stage, created_at, updated_at, user_id, version) VALUES "
                        + jobs);
            }
            checkOneRead(api, streams.get(0));
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                            .setDefaultPort(api.port).setKeepAlive(true).setIdleTimeout(0).setConnectTimeout(10_000),
                    new PoolOptions().setHttp1MaxSize(streamCount + 100).setMaxWaitQueueSize(-1));

            openAndHold(vertx, api, http, streams);
            latency(api, statuses, streams.subList(0, Math.min(latencyStreams, streams.size())), streams);
            streams.forEach(Stream::close);
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (a) 10,000 streams open, the api's RSS
    // ---------------------------------------------------------------------------------------------

    private void openAndHold(Vertx vertx, Service api, HttpClient http, List<Stream> streams) throws Exception {
        double idleRss = api.rssMiB();
        Results.note(String.format("P11 api RSS before any stream: %.0f MiB", idleRss));
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(300);
        for (Stream stream : streams) {
            if (!opening.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            stream.open(vertx, http, refusals, opening::release);
            if ((stream.index + 1) % 2000 == 0) {
                Results.note(String.format("P11: %d streams asked for after %.1f s", stream.index + 1, (System.nanoTime() - started) / 1e9));
            }
        }
        opening.tryAcquire(OPENING_AT_ONCE, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        double openSeconds = (System.nanoTime() - started) / 1e9;
        long open = streams.stream().filter(s -> s.firstStatus.get() > 0).count();
        Results.note(String.format("P11: %d of %d streams open with their first status after %.1f s; refused or failed: %s",
                open, streams.size(), openSeconds, refusals));
        streams.forEach(s -> s.heartbeats.set(0));
        // Hold longer than a heartbeat period (15 s): RSS with every stream open and each sent a heartbeat.
        double maxRss = 0;
        double cpuBefore = api.cpuSeconds();
        for (int s = 0; s < holdSeconds; s++) {
            Thread.sleep(1000);
            maxRss = Math.max(maxRss, api.rssMiB());
        }
        double cpuHold = api.cpuSeconds() - cpuBefore;
        double endRss = api.rssMiB();
        long alive = streams.stream().filter(s -> s.firstStatus.get() > 0 && !s.ended.get()).count();
        long withoutHeartbeat = streams.stream().filter(s -> s.firstStatus.get() > 0 && s.heartbeats.get() == 0).count();
        Results.note(String.format("P11: %d streams still open after %d s; %d of them without a heartbeat in that time; api RSS "
                        + "max %.0f MiB, at the end %.0f MiB (%.1f KiB per stream over idle); api CPU while holding %.2f s",
                alive, holdSeconds, withoutHeartbeat, maxRss, endRss, (maxRss - idleRss) * 1024 / Math.max(1, alive), cpuHold));
        Results.put("p11.target_streams", streams.size());
        Results.put("p11.open_streams", alive);
        Results.put("p11.open_seconds", openSeconds);
        Results.put("p11.no_heartbeat", withoutHeartbeat);
        Results.put("p11.rss_idle_mib", idleRss);
        Results.put("p11.rss_mib", maxRss);
    }

    // ---------------------------------------------------------------------------------------------
    // (b) status write → event at the client, 1,000 streams
    // ---------------------------------------------------------------------------------------------

    private void latency(Service api, JobStatusCache statuses, List<Stream> measured, List<Stream> all) throws Exception {
        for (Stream stream : all.subList(measured.size(), all.size())) {
            stream.close();
        }
        // The api notices a client's hang-up only when it next writes to the stream, i.e. at the next heartbeat
        // (15 s), and logs an error for each: wait past one, so that (b) measures the 1,000 streams alone.
        Thread.sleep(Integer.getInteger("bench.p11.settle", 20) * 1000L);
        long open = measured.stream().filter(s -> s.firstStatus.get() > 0 && !s.ended.get()).count();
        int versions = (rate * (seconds + warmUpSeconds)) / measured.size() + 3;
        AtomicLongArray writtenAt = new AtomicLongArray(measured.size() * versions);
        Latencies latencies = new Latencies(rate * (seconds + warmUpSeconds) + 1000);
        AtomicLong counted = new AtomicLong();
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
        for (Stream stream : measured) {
            stream.onEvent = (version, arrived) -> {
                if (version < 2 || version - 2 >= versions) {
                    return; // the first status (version 1), sent at the open
                }
                long written = writtenAt.get(stream.index * versions + (int) (version - 2));
                if (written >= measureFrom) {
                    latencies.add(arrived - written);
                    counted.incrementAndGet();
                }
            };
        }
        int writers = 4;
        long interval = TimeUnit.SECONDS.toNanos(1) * writers / rate;
        long writeStart = System.nanoTime();
        long writeEnd = writeStart + TimeUnit.SECONDS.toNanos(seconds + warmUpSeconds);
        AtomicLong measuredWrites = new AtomicLong();
        AtomicLong writeErrors = new AtomicLong();
        double cpuBefore = api.cpuSeconds();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().name("p11-writer-" + w).start(() -> {
                // writer w owns jobs w, w + writers, ...; each write is the job's next version
                int[] nextVersion = new int[measured.size()];
                long n = 0;
                int job = writer;
                while (true) {
                    long due = writeStart + n * interval + writer * interval / writers;
                    if (due >= writeEnd) {
                        return;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Stream stream = measured.get(job);
                    int version = nextVersion[job] == 0 ? 2 : nextVersion[job];
                    if (version - 2 < versions) {
                        long now = System.nanoTime();
                        writtenAt.set(stream.index * versions + version - 2, now);
                        try {
                            statuses.put(view(stream, version, (version * 7) % 100));
                            if (now >= measureFrom) {
                                measuredWrites.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            writeErrors.incrementAndGet();
                        }
                        nextVersion[job] = version + 1;
                    }
                    n++;
                    job += writers;
                    if (job >= measured.size()) {
                        job = writer;
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Thread.sleep(2000); // the last events arrive
        double cpu = api.cpuSeconds() - cpuBefore;
        long missed = measuredWrites.get() - counted.get();
        double achieved = measuredWrites.get() / (double) seconds;
        Results.note(String.format("P11 latency: %d streams open; %d status writes in %d s (%.0f/s) after %d s of warm-up, "
                        + "%d events arrived: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d writes without an event, %d write errors; "
                        + "api CPU %.3f ms per event",
                open, measuredWrites.get(), seconds, achieved, warmUpSeconds, counted.get(), latencies.quantileMs(0.5),
                latencies.quantileMs(0.9), latencies.quantileMs(0.99), latencies.quantileMs(1.0), missed, writeErrors.get(),
                cpu * 1000 / Math.max(1, measuredWrites.get() + (long) warmUpSeconds * rate)));
        Results.put("p11.latency.streams", open);
        Results.put("p11.latency.writes_per_s", achieved);
        Results.put("p11.latency.events", counted.get());
        Results.put("p11.latency.missed", missed + writeErrors.get());
        Results.put("p11.latency.p50_ms", latencies.quantileMs(0.5));
        Results.put("p11.latency.p99_ms", latencies.quantileMs(0.99));
        Results.put("p11.latency.max_ms", latencies.quantileMs(1.0));
    }

    // ---------------------------------------------------------------------------------------------
    // One stream's client side
    // ---------------------------------------------------------------------------------------------

    /** Receives an event's version and the nanoTime it arrived. */
    interface EventSink {
        void event(long version, long arrivedNanos);
    }

    /** One stream: its job, its owner's token, and what its connection received. */
    private static final class Stream {

        final int index;
        final UUID jobId;
        final UUID owner;
        final String token;
        final AtomicLong firstStatus = new AtomicLong();
        final AtomicInteger heartbeats = new AtomicInteger();
        final AtomicBoolean ended = new AtomicBoolean();
        volatile EventSink onEvent = (version, arrived) -> { };
        private volatile HttpClientRequest request;
        private volatile HttpClientResponse response;
        // parser state, touched only by this connection's event loop
        private final StringBuilder line = new StringBuilder();
        private long pendingId = -1;

        Stream(int index, UUID jobId, UUID owner, String token) {
            this.index = index;
            this.jobId = jobId;
            this.owner = owner;
            this.token = token;
        }

        /** Opens the stream; {@code done} runs once: at its first status, its refusal, or after 30 s without either. */
        void open(Vertx vertx, HttpClient http, Map<String, AtomicInteger> refusals, Runnable done) {
            AtomicBoolean once = new AtomicBoolean();
            Runnable opened = () -> {
                if (once.compareAndSet(false, true)) {
                    done.run();
                }
            };
            vertx.setTimer(60_000, timer -> {
                if (firstStatus.get() == 0 && !once.get()) {
                    refusals.computeIfAbsent("no first status within 60 s", k -> new AtomicInteger()).incrementAndGet();
                    ended.set(true);
                    HttpClientRequest sent = request;
                    if (sent != null) {
                        sent.reset(); // closes the connection: the open is over, on both sides
                    }
                    opened.run();
                }
            });
            http.request(HttpMethod.GET, "/jobs/" + jobId + "/events/stream")
                    .compose(request -> (this.request = request).putHeader("Authorization", "Bearer " + token)
                            .putHeader("Accept", "text/event-stream").send())
                    .onSuccess(answer -> {
                        response = answer;
                        if (answer.statusCode() != 200) {
                            refusals.computeIfAbsent("status " + answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                            ended.set(true);
                            answer.request().connection().close();
                            opened.run();
                            return;
                        }
                        answer.handler(bytes -> received(bytes, opened));
                        answer.endHandler(end -> ended.set(true));
                        answer.exceptionHandler(e -> ended.set(true));
                    })
                    .onFailure(e -> {
                        refusals.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                        ended.set(true);
                        opened.run();
                    });
        }

        private void received(Buffer bytes, Runnable opened) {
            long arrived = System.nanoTime();
            String text = bytes.toString(StandardCharsets.UTF_8);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                if (end == 0) { // a blank line ends an event
                    if (pendingId >= 0) {
                        if (firstStatus.compareAndSet(0, pendingId)) {
                            opened.run();
                        }
                        onEvent.event(pendingId, arrived);
                    }
                    pendingId = -1;
                } else if (line.charAt(0) == ':') {
                    heartbeats.incrementAndGet(); // the comment that opens a stream counts too; reset before the hold
                } else if (line.length() > 3 && line.charAt(0) == 'i' && line.charAt(1) == 'd' && line.charAt(2) == ':') {
                    pendingId = Long.parseLong(line.substring(3, end).trim());
                }
                line.setLength(0);
            }
        }

        void close() {
            HttpClientResponse answer = response;
            if (answer != null && !ended.getAndSet(true)) {
                answer.request().connection().close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Set-up
    // ---------------------------------------------------------------------------------------------

    private static JobStatusView view(Stream stream, long version, int progress) {
        Instant now = Instant.now();
        return new JobStatusView(stream.jobId, stream.jobId, stream.owner, JobState.RUNNING, progress, "writing",
                "Writing the article", null, 1, 3, null, version, now, now);
    }

    /** One GET /jobs/{id} with a signed token, so a refused token shows up as such and not as 10,000 failed streams. */
    private static void checkOneRead(Service api, Stream stream) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (RawHttp http = new RawHttp(api.port)) {
            int status = http.exchange(RawHttp.request("GET", "/jobs/" + stream.jobId, stream.token, null), body);
            if (status != 200) {
                throw new IllegalStateException("GET /jobs/{id} with a bench token answered " + status + ": " + body);
            }
        }
    }

    /** A session JWT as {@code SessionTokens} issues it (RS256; iss, jti, sub, upn, groups, iat, exp). */
    private String token(PrivateKey key, UUID user) throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "opad");
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("sub", user.toString());
        claims.put("upn", user.toString());
        claims.put("groups", List.of("user"));
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(json.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + base64.encodeToString(rsa.sign());
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private Map<String, String> env(Database db, String prefix) throws IOException {
        Map<String, String> env = new HashMap<>();
        Path storage = Files.createDirectories(logDir.resolve("storage-" + prefix));
        env.putAll(Map.of(
                "OPAD_JWT_PRIVATE_KEY", requiredEnv("BENCH_JWT_PRIVATE_KEY"),
                "OPAD_JWT_PUBLIC_KEY", requiredEnv("BENCH_JWT_PUBLIC_KEY"),
                "OPAD_REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "OPAD_DB_URL", db.jdbcUrl(),
                "OPAD_DB_USER", Database.USER,
                "OPAD_STORAGE_DIR", storage.toString(),
                "OPAD_QUEUE_PREFIX", prefix));
        return env;
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set; run the benchmarks with bench/run-all.sh");
        }
        return value;
    }
}
