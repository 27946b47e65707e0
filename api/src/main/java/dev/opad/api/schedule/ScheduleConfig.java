package dev.opad.api.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.schedules")
public interface ScheduleConfig {

    /** Schedules one account may have: each one spends model tokens on its own, every day. */
    @WithDefault("${OPAD_SCHEDULES_MAX_PER_USER:20}")
    int maxPerUser();
}
