package dev.opad.queue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 (EVALSHA): the body crosses the wire and is hashed by Redis once
 * per server instead of on every call, which matters on the queue's hot path. A server that does
 * not know the script yet (new, restarted, or SCRIPT FLUSHed) answers NOSCRIPT and gets the body
 * once by EVAL, which also caches it there. This is what ioredis and so BullMQ do.
 */
public final class LuaScript {

    private final String source;
    private final String sha1;

    public LuaScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** {@code keysThenArgs}: the {@code keyCount} keys first, then the arguments, as EVAL takes them. */
    public Response run(RedisDataSource redis, int keyCount, String... keysThenArgs) {
        try {
            return redis.execute("EVALSHA", command(sha1, keyCount, keysThenArgs));
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            return redis.execute("EVAL", command(source, keyCount, keysThenArgs));
        }
    }

    /** The same, without blocking: for callers on the event loop. */
    public Uni<Response> run(ReactiveRedisDataSource redis, int keyCount, String... keysThenArgs) {
        return redis.execute("EVALSHA", command(sha1, keyCount, keysThenArgs))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.execute("EVAL", command(source, keyCount, keysThenArgs)));
    }

    public String source() {
        return source;
    }

    private static String[] command(String script, int keyCount, String[] keysThenArgs) {
        String[] all = new String[keysThenArgs.length + 2];
        all[0] = script;
        all[1] = String.valueOf(keyCount);
        System.arraycopy(keysThenArgs, 0, all, 2, keysThenArgs.length);
        return all;
    }

    /** The client hands the error reply over as the exception or as its cause. */
    static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
