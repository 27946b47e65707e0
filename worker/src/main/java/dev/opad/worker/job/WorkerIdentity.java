package dev.opad.worker.job;

import dev.opad.worker.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This worker's id: names its processing list and heartbeat. A random suffix by default, so a
 * restarted process is a new worker and the reaper recovers what the old one held.
 */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity(WorkerConfig config) {
        this.id = config.id().orElseGet(WorkerIdentity::generated);
    }

    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
