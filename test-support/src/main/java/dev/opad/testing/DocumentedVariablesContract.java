package dev.opad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The variables README documents reach a service's settings, now that each default is written once, in its
 * {@code @ConfigMapping} interface: the service's real application.properties and mappings, with a map standing
 * in for the process environment, read as Quarkus reads them. A service's test names its mappings and lists
 * its {@link #documentedVariables()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // so the list of variables can be the subclass's instance method
public abstract class DocumentedVariablesContract {

    /** One documented variable, a value for it, and what the service then sees. */
    public record Variable(String name, String value, Function<SmallRyeConfig, Object> setting, Object expected) {
        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    private final List<Class<?>> mappings;

    protected DocumentedVariablesContract(Class<?>... mappings) {
        this.mappings = List.of(mappings);
    }

    protected abstract Stream<Variable> documentedVariables();

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

    /** The service's settings with {@code env} as the process environment, and {@code more} sources above it. */
    protected SmallRyeConfig config(Map<String, String> env, PropertiesConfigSource... more) throws IOException {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(more);
        mappings.forEach(builder::withMapping);
        return builder.build();
    }
}
