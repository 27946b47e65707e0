package dev.opad.worker.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.source.SourceConfig;
import dev.opad.source.SourceUrlCheck;
import dev.opad.source.SourceUrlPolicy;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The beans the research stage and the api inject, built from {@code opad.source.*} with its defaults. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SourceBeansTest {

    @Inject
    SourceConfig config;

    @Inject
    SourceUrlPolicy policy;

    @Inject
    SourceFetcher fetcher;

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertEquals(Set.of(80, 443), config.allowedPorts());
        assertEquals(2048, config.maxUrlLength());
        assertEquals(Duration.ofSeconds(2), config.dnsTimeout());
        assertEquals(Duration.ofSeconds(10), config.fetch().timeout());
        assertEquals(2L * 1024 * 1024, config.fetch().maxBody().asLongValue());
        assertEquals(20_000, config.fetch().maxTextChars());
        assertEquals(3, config.fetch().maxRedirects());
    }

    @Test
    void theInjectedPolicyAndFetcherRefuseThisMachine() {
        assertInstanceOf(SourceUrlCheck.Refused.class, policy.check("http://169.254.169.254/latest/meta-data/"));
        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher.fetch("http://127.0.0.1/"));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }
}
