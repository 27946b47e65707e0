package dev.opad.storage;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real {@link StorageConfig} mapping (defaults and conversions included) over the given properties
 * only, with Quarkus's duration syntax ({@code 30s}) and expressions ({@code ${OPAD_S3_REGION:auto}}) as in the services.
 */
final class StorageConfigs {

    private StorageConfigs() {
    }

    static StorageConfig of(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(StorageConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 500))
                .build()
                .getConfigMapping(StorageConfig.class);
    }

    static StorageConfig of(Map<String, String> properties, String key, String value) {
        Map<String, String> changed = new HashMap<>(properties);
        changed.put(key, value);
        return of(changed);
    }
}
