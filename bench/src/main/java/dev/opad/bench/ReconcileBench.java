package dev.opad.bench;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P9: one reconciler round's question to Redis with a long backlog: of the 500 oldest queued jobs
 * (what the reconciler reads from Postgres), which does Redis know nowhere? Measured two ways:
 * <ul>
 *   <li>before issue 12: per id LPOS from the head of the queue, ZSCORE, EXISTS, and LPOS in every
 *       registered worker's processing list, as the reconciler did;</li>
 *   <li>now: {@link JobQueue#untracked}, one script.</li>
 * </ul>
 * Each for ids that sit at the queue's tail (the usual case: the oldest wait there) and for ids
 * Redis lost (every list read to its end). The figure is the time Redis spent executing the round's
 * commands (INFO commandstats, reset before each round), which is how long it served nobody else,
 * and the round's wall time at the client.
 *
 * <p>Usage: {@code ReconcileBench <redis-uri> <backlog> <ids>}.
 */
public final class ReconcileBench {

    private static final Pattern USEC = Pattern.compile("usec=(\\d+)");
    private static final int WORKERS = 4;
    private static final int PER_WORKER = 64;

    private ReconcileBench() {
    }

    public static void main(String[] args) {
        String uri = args[0];
        int backlog = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        String prefix = "bench-p9-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisClients clients = new RedisClients()) {
            RedisDataSource redis = clients.dataSource(uri, 4, 24, Duration.ofSeconds(30));
            QueueConfig queueConfig = Configs.of(QueueConfig.class,
                    Map.of("keyPrefix", prefix, "statusTtl", Duration.ofHours(1)));
            QueueKeys keys = new QueueKeys(queueConfig);
            JobQueue queue = new JobQueue(redis, keys, new JobStatusCache(redis, keys, queueConfig, JsonMapper.builder().build()));

            List<String> ids = new ArrayList<>(backlog);
            for (int i = 0; i < backlog; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            for (int from = 0; from < backlog; from += 1000) {
                redis.list(String.class).lpush(keys.jobs(), ids.subList(from, Math.min(backlog, from + 1000)).toArray(String[]::new));
            }
            for (int w = 0; w < WORKERS; w++) {
                String worker = "bench-worker-" + w;
                redis.set(String.class).sadd(keys.workers(), worker);
                for (int j = 0; j < PER_WORKER; j++) {
                    redis.list(String.class).lpush(keys.processing(worker), UUID.randomUUID().toString());
                }
            }
            List<UUID> oldest = ids.subList(0, batch).stream().map(UUID::fromString).toList();
            List<UUID> lost = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                lost.add(UUID.randomUUID());
            }
            Results.note("P9: backlog " + backlog + " ids, " + WORKERS + " workers with " + PER_WORKER
                    + " ids each, " + batch + " ids asked per round");
            for (int round = 0; round < 2; round++) { // the first round warms up
                boolean report = round == 1;
                measure(redis, "p9.before.present", report, () -> check(0, perId(redis, keys, oldest)));
                measure(redis, "p9.before.lost", report, () -> check(batch, perId(redis, keys, lost)));
                measure(redis, "p9.opad.present", report, () -> check(0, queue.untracked(oldest).size()));
                measure(redis, "p9.opad.lost", report, () -> check(batch, queue.untracked(lost).size()));
            }
        }
        System.exit(0); // Vert.x keeps non-daemon threads
    }

    /** The reconciler before issue 12: JobQueue.isTracked, then every processing list, one id at a time. */
    private static int perId(RedisDataSource redis, QueueKeys keys, List<UUID> jobIds) {
        int missing = 0;
        for (UUID jobId : jobIds) {
            String id = jobId.toString();
            boolean tracked = redis.list(String.class).lpos(keys.jobs(), id).isPresent()
                    || redis.sortedSet(String.class).zscore(keys.delayed(), id).isPresent()
                    || redis.key(String.class).exists(keys.lease(jobId));
            if (!tracked) {
                for (String worker : redis.set(String.class).smembers(keys.workers())) {
                    if (redis.list(String.class).lpos(keys.processing(worker), id).isPresent()) {
                        tracked = true;
                        break;
                    }
                }
            }
            missing += tracked ? 0 : 1;
        }
        return missing;
    }

    private static void check(int expected, int found) {
        if (expected != found) {
            throw new IllegalStateException("expected " + expected + " untracked ids, found " + found);
        }
    }

    private static void measure(RedisDataSource redis, String key, boolean report, Runnable round) {
        redis.execute("CONFIG", "RESETSTAT");
        long started = System.nanoTime();
        round.run();
        double wallMs = (System.nanoTime() - started) / 1e6;
        double redisMs = commandMicros(redis) / 1000.0;
        if (report) {
            Results.note(String.format("P9 %s: Redis busy %.1f ms, round %.1f ms", key, redisMs, wallMs));
            Results.put(key + ".redis_ms", redisMs);
            Results.put(key + ".round_ms", wallMs);
        }
    }

    /** Microseconds Redis spent in commands since the reset, the INFO call itself left out. */
    private static long commandMicros(RedisDataSource redis) {
        long total = 0;
        for (String line : redis.execute("INFO", "commandstats").toString().split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:") && !line.startsWith("cmdstat_config")) {
                Matcher usec = USEC.matcher(line);
                if (usec.find()) {
                    total += Long.parseLong(usec.group(1));
                }
            }
        }
        return total;
    }
}
