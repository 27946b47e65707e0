package dev.opad.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Map;

@ConfigMapping(prefix = "opad.usage")
public interface UsageConfig {

    /** Tokens one user may spend per UTC day; 0 switches the budget off. */
    @WithDefault("2000000")
    long dailyTokenBudget();

    /** USD per million tokens, by model name; a model not listed has an unknown cost. */
    Map<String, Price> prices();

    interface Price {
        BigDecimal inputPerMillion();

        BigDecimal outputPerMillion();
    }
}
