package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The abuse tests run a service with the JVM options {@code ./opad up} gives it; this keeps the two copies equal. */
class ServiceJvmOptionsTest {

    @Test
    void theTestsRunServicesWithTheOptionsOfOpadUp() throws IOException {
        Path root = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize();
        Matcher line = Pattern.compile("(?m)^OPAD_JVM_OPTIONS=\\(([^)]*)\\)").matcher(Files.readString(root.resolve("opad")));
        List<String> inOpad = line.find() ? Arrays.asList(line.group(1).trim().split("\\s+")) : List.of();
        assertEquals(inOpad, ServiceProcess.OPAD_JVM_OPTIONS);
    }
}
