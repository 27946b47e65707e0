package dev.opad.source;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The policy the api checks submitted source URLs with, and the worker checks them again with. */
public class SourceUrlPolicies {

    @Produces
    @Singleton
    SourceUrlPolicy sourceUrlPolicy(SourceConfig config) {
        return SourceUrlPolicy.from(config);
    }
}
