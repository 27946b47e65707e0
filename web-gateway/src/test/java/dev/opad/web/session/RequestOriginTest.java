package dev.opad.web.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestOriginTest {

    @ParameterizedTest
    @CsvSource({
            "https://opad.example.org,      https://opad.example.org",
            "HTTPS://Opad.Example.org,      https://opad.example.org",
            "https://opad.example.org:443,  https://opad.example.org",
            "http://opad.example.org:80,    http://opad.example.org",
            "http://localhost:8080,         http://localhost:8080",
            "https://opad.example.org:8443, https://opad.example.org:8443",
            "http://[::1]:8080,             http://[::1]:8080",
            "http://web_gateway:8080/,      http://web_gateway:8080"})
    void spellsAnOriginOneWay(String origin, String canonical) {
        assertEquals(Optional.of(canonical), RequestOrigin.normalize(origin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "opad.example.org", "file:///etc/passwd", "javascript://x",
            "https://", "https://evil.example/opad.example.org", "https://user@opad.example.org", "https://a b"})
    void refusesWhatIsNoWebOrigin(String origin) {
        assertEquals(Optional.empty(), RequestOrigin.normalize(origin));
    }
}
