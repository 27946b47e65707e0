package dev.opad.source;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The resolver beans look host names up with: the JVM's, which a test may replace with a bean of its own. */
public class HostResolvers {

    @Produces
    @Singleton
    @DefaultBean
    HostResolver jdk() {
        return HostResolver.jdk();
    }
}
