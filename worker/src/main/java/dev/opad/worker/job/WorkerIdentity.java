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
        return hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The machine's (or pod's) name, as the heartbeat reports it; "worker" when it has none. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
