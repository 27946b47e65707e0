package dev.opad.webhook;

import dev.opad.source.HostResolver;
import dev.opad.source.SourceConfig;
import dev.opad.source.SourceUrlCheck;
import dev.opad.source.SourceUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Which URLs opad sends webhooks to: the same SSRF policy as a source URL ({@link SourceUrlPolicy}: public
 * http(s) on 80 or 443, every address the name resolves to public, resolved with a time limit), except the
 * hosts in {@code opad.webhook.allowed-private-hosts}, which may be private and use any port. The api checks
 * at registration; the worker checks again before every try and connects only to the addresses that check
 * approved, so a name that resolves elsewhere by then (DNS rebinding) gets no request.
 */
@ApplicationScoped
public class WebhookUrlPolicy {

    private final SourceUrlPolicy policy;

    public WebhookUrlPolicy(WebhookConfig webhooks, SourceConfig sources, HostResolver resolver) {
        this.policy = SourceUrlPolicy.builder()
                .subject("the webhook URL")
                .allowedPorts(SourceUrlPolicy.DEFAULT_PORTS)
                .maxUrlLength(sources.maxUrlLength())
                .dnsTimeout(sources.dnsTimeout())
                .resolver(resolver)
                .trustedHosts(webhooks.allowedPrivateHosts().orElse(Set.of()))
                .build();
    }

    /** Resolves the host, so it may take up to the DNS time limit; never throws for a bad URL. */
    public SourceUrlCheck check(String url) {
        return policy.check(url);
    }
}
