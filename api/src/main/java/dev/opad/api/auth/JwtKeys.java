package dev.opad.api.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the JWT key pair. Without it every login would fail at run time;
 * failing at start says what is missing while someone is watching.
 */
@Startup
@ApplicationScoped
public class JwtKeys {

    public JwtKeys(@ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> privateKey,
                   @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKey) {
        require(privateKey, "OPAD_JWT_PRIVATE_KEY", "private key (PKCS#8 PEM) that signs session tokens");
        require(publicKey, "OPAD_JWT_PUBLIC_KEY", "public key (PEM) that verifies them");
    }

    private static void require(Optional<String> location, String variable, String what) {
        String path = location.filter(p -> !p.isBlank()).orElseThrow(() -> new IllegalStateException(
                "set " + variable + " to the file holding the " + what + " (./opad up generates a pair in .opad/keys)"));
        String file = path.startsWith("file:") ? path.substring("file:".length()) : path;
        if (!path.startsWith("classpath:") && !Files.isReadable(Path.of(file))) {
            throw new IllegalStateException(variable + " points at " + file + ", which is not a readable file");
        }
    }
}
