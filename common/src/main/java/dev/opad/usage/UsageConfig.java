package dev.opad.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.usage")
public interface UsageConfig {

    /** Tokens one user may spend per UTC day; 0 switches the budget off. */
    @WithDefault("${OPAD_DAILY_TOKEN_BUDGET:2000000}")
    long dailyTokenBudget();

    /** USD per million tokens, by model name; a model not listed has an unknown cost. */
    Map<String, Price> prices();

    interface Price {
        BigDecimal inputPerMillion();

        BigDecimal outputPerMillion();
    }
}
