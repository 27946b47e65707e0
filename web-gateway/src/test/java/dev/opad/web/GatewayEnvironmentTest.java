package dev.opad.web;

import dev.opad.web.metrics.MetricsSwitch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.opad.web.client.ApiConfig;
import dev.opad.web.http.GatewayLimits;
import dev.opad.web.session.SessionConfig;
import dev.opad.web.trace.TraceConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The variables README documents reach the gateway's settings, now that each default is written once: the gateway's
 * real application.properties and mappings, with a map standing in for the process environment.
 */
class GatewayEnvironmentTest {

    /** One documented variable, a value for it, and what the gateway then sees. */
    record Variable(String name, String value, Function<SmallRyeConfig, Object> setting, Object expected) {
        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    static Stream<Variable> documentedVariables() {
        return Stream.of(
                new Variable("OPAD_API_HEALTH_TIMEOUT", "3s", c -> c.getConfigMapping(ApiConfig.class).healthTimeout(),
                        Duration.ofSeconds(3)),
                new Variable("OPAD_SESSION_SECURE_COOKIE", "always", c -> session(c).secureCookie(),
                        SessionConfig.SecureCookie.ALWAYS),
                new Variable("OPAD_TRUSTED_ORIGINS", "https://opad.example.org", c -> session(c).trustedOrigins(),
                        Optional.of(List.of("https://opad.example.org"))),
                new Variable("OPAD_WEB_MAX_BODY_SIZE", "1K", c -> c.getConfigMapping(GatewayLimits.class).maxBodySize(),
                        new MemorySize(BigInteger.valueOf(1024))),
                new Variable("OPAD_WEB_MAX_BODY_SIZE", "1K", c -> c.getRawValue("quarkus.http.limits.max-body-size"), "1K"),
                new Variable("OPAD_METRICS_ENABLED", "false",
                        c -> c.getConfigMapping(MetricsSwitch.MetricsConfig.class).enabled(), false),
                new Variable("OPAD_OTLP_ENDPOINT", "http://collector:4318", c -> c.getConfigMapping(TraceConfig.class).otlpEndpoint(),
                        Optional.of(URI.create("http://collector:4318"))),
                new Variable("OPAD_OTLP_ENDPOINT", "http://collector:4318",
                        c -> c.getOptionalValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class),
                        Optional.of("http://collector:4318")),
                new Variable("OPAD_API_URL", "http://api:8081", c -> c.getRawValue("quarkus.rest-client.opad-api.url"),
                        "http://api:8081"));
    }

    @ParameterizedTest
    @MethodSource("documentedVariables")
    void theDocumentedVariableSetsTheSetting(Variable variable) throws IOException {
        assertEquals(variable.expected(), variable.setting().apply(config(Map.of(variable.name(), variable.value()))));
    }

    /** Without the variable the setting keeps its default, which must differ from the test's value to prove anything. */
    @ParameterizedTest
    @MethodSource("documentedVariables")
    void withoutTheVariableTheSettingIsSomethingElse(Variable variable) throws IOException {
        Object unset = variable.setting().apply(config(Map.of()));
        assertNotEquals(variable.expected(), unset, variable.name() + " set to its default proves nothing");
    }

    private static SmallRyeConfig config(Map<String, String> env) throws IOException {
        URL properties = GatewayEnvironmentTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(ApiConfig.class)
                .withMapping(SessionConfig.class)
                .withMapping(GatewayLimits.class)
                .withMapping(TraceConfig.class)
                .withMapping(MetricsSwitch.MetricsConfig.class)
                .build();
    }

    private static SessionConfig session(SmallRyeConfig config) {
        return config.getConfigMapping(SessionConfig.class);
    }
}
