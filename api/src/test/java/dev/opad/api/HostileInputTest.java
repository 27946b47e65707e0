package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input from every direction: every answer must be a 4xx problem+json, never a 5xx, and
 * nothing may be written.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class HostileInputTest {

    /** One hostile request. {@code asUser} sends the shared user's session token. */
    record Case(String name, String method, String path, String contentType, String body, boolean asUser, boolean rawBytes) {
        Case(String name, String method, String path, String contentType, String body, boolean asUser) {
            this(name, method, path, contentType, body, asUser, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String[] TABLES = {"users", "articles", "jobs", "api_tokens"};
    private static Map<String, Long> rowsBefore;

    private static final String ARTICLE = "{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"Energiepreise\"}";
    private static final String REGISTER = "{\"email\":\"hostile@example.org\",\"password\":\"long enough password\",\"name\":\"Hostile\"}";
    private static final String LOGIN = "{\"email\":\"hostile@example.org\",\"password\":\"long enough password\"}";
    private static final String TOKEN = "{\"name\":\"hostile\",\"expires_in_days\":30}";

    /** The JSON endpoints, each with a valid body to derive hostile ones from, and whether it needs a user. */
    private record Target(String path, String validBody, boolean asUser) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("/articles", ARTICLE, true),
            new Target("/auth/register", REGISTER, false),
            new Target("/auth/login", LOGIN, false),
            new Target("/auth/tokens", TOKEN, true));

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        malformedAndTruncated(cases);
        wrongTypes(cases);
        hugeStringsAndBodies(cases);
        dirtyText(cases);
        snippetsInStrictFields(cases);
        nonUuidIds(cases);
        wrongContentTypes(cases);
        badQueries(cases);
        return cases.stream();
    }

    @Test
    void thereAreAtLeastTwoHundredCases() {
        long count = cases().count();
        assertTrue(count >= 200, "only " + count + " hostile cases");
    }

    @BeforeAll
    static void countRows() {
        rowsBefore = counts();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndWritesNothing(Case c) {
        RequestSpecification request = given().config(RestAssuredConfig.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("X-Forwarded-For", TestUsers.randomAddress());
        if (c.asUser()) {
            request = request.auth().oauth2(TestUsers.shared().token());
        }
        if (c.contentType() != null) {
            request = request.contentType(c.contentType());
        }
        if (c.body() != null) {
            // Raw bytes keep invalid UTF-8 and lone surrogates intact; rest-assured encodes form bodies itself.
            boolean form = c.contentType() != null && c.contentType().startsWith("application/x-www-form-urlencoded");
            request = form ? request.body(c.body()) : request.body(c.body().getBytes(c.rawBytes()
                    ? java.nio.charset.StandardCharsets.ISO_8859_1 : java.nio.charset.StandardCharsets.UTF_8));
        }
        Response response = request.when().request(c.method(), c.path());

        int status = response.statusCode();
        assertTrue(status >= 400 && status < 500, c.name() + " answered " + status + ": " + response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"), c.name() + " content type " + response.contentType());
        assertEquals(status, response.jsonPath().getInt("status"), c.name());
        assertFalse(response.jsonPath().getString("detail").isBlank(), c.name());
        assertFalse(response.asString().contains("Exception"), c.name() + " leaks an exception: " + response.asString());
        assertFalse(response.asString().matches("(?s).*(Constraints|fasterxml|jackson|\\[Source|java\\.).*"),
                c.name() + " names the parser's internals: " + response.asString());
    }

    @AfterAll
    static void nothingWasWritten() {
        // The shared user may have been registered by the first case that needed it.
        Map<String, Long> after = counts();
        for (String table : TABLES) {
            long allowed = table.equals("users") ? 1 : 0;
            assertTrue(after.get(table) - rowsBefore.get(table) <= allowed,
                    table + " grew from " + rowsBefore.get(table) + " to " + after.get(table));
        }
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (String table : TABLES) {
            counts.put(table, RealInfrastructure.database().count("select count(*) from " + table));
        }
        return counts;
    }

    private static void malformedAndTruncated(List<Case> cases) {
        for (Target t : TARGETS) {
            String valid = t.validBody();
            for (int cut : new int[] {1, 2, 5, 10, valid.length() / 2, valid.length() - 2, valid.length() - 1}) {
                cases.add(post("truncated at " + cut + " " + t.path(), t, valid.substring(0, cut)));
            }
            cases.add(post("empty body " + t.path(), t, ""));
            cases.add(post("trailing garbage " + t.path(), t, valid + " {}"));
            cases.add(post("two documents " + t.path(), t, valid + valid));
            cases.add(post("single quotes " + t.path(), t, valid.replace('"', '\'')));
            cases.add(post("trailing comma " + t.path(), t, valid.replace("}", ",}")));
            cases.add(post("comment " + t.path(), t, "/* hi */" + valid));
            cases.add(post("array " + t.path(), t, "[" + valid + "]"));
            cases.add(post("null " + t.path(), t, "null"));
            cases.add(post("number " + t.path(), t, "42"));
            cases.add(post("nested 5000 deep " + t.path(), t, "[".repeat(5000) + "]".repeat(5000)));
            cases.add(post("duplicate key " + t.path(), t, valid.replace("{", "{\"name\":\"a\",\"name\":\"b\",")));
            cases.add(post("unknown field " + t.path(), t, valid.replace("{", "{\"is_admin\":true,")));
        }
    }

    private static void wrongTypes(List<Case> cases) {
        Map<String, List<String>> fields = Map.of(
                "/articles", List.of("language", "level", "length", "topic"),
                "/auth/register", List.of("email", "password", "name"),
                "/auth/login", List.of("email", "password"),
                "/auth/tokens", List.of("name", "expires_in_days"));
        for (Target t : TARGETS) {
            for (String field : fields.get(t.path())) {
                for (String wrong : new String[] {"123", "true", "[]", "{}", "null", "\"400\"", "400.5"}) {
                    String body = replaceField(t.validBody(), field, wrong);
                    if (!body.equals(t.validBody()) && isWrongFor(field, wrong)) {
                        cases.add(post(field + "=" + wrong + " " + t.path(), t, body));
                    }
                }
            }
        }
        Target articles = TARGETS.get(0);
        for (String length : new String[] {"-5", "0", "99", "2001", "1e309", "99999999999999999999", "-0.0", "NaN", "0x190"}) {
            cases.add(post("length " + length, articles, replaceField(ARTICLE, "length", length)));
        }
    }

    private static void hugeStringsAndBodies(List<Case> cases) {
        Target articles = TARGETS.get(0);
        cases.add(post("topic 201 chars", articles, replaceField(ARTICLE, "topic", quoted("x".repeat(201)))));
        cases.add(post("topic 10000 chars", articles, replaceField(ARTICLE, "topic", quoted("x".repeat(10_000)))));
        cases.add(post("language 10000 chars", articles, replaceField(ARTICLE, "language", quoted("G".repeat(10_000)))));
        cases.add(post("name 101 chars", TARGETS.get(1), replaceField(REGISTER, "name", quoted("n".repeat(101)))));
        cases.add(post("email 300 chars", TARGETS.get(1), replaceField(REGISTER, "email", quoted("a".repeat(290) + "@example.org"))));
        cases.add(post("password 201 chars", TARGETS.get(1), replaceField(REGISTER, "password", quoted("p".repeat(201)))));
        cases.add(post("login password 5000 chars", TARGETS.get(2), replaceField(LOGIN, "password", quoted("p".repeat(5000)))));
        cases.add(post("token name 101 chars", TARGETS.get(3), replaceField(TOKEN, "name", quoted("t".repeat(101)))));
        for (Target t : TARGETS) {
            cases.add(post("70 KiB body " + t.path(), t, replaceField(t.validBody(), firstField(t), quoted("x".repeat(70 * 1024)))));
            cases.add(post("1 MiB body " + t.path(), t, "{\"pad\":\"" + "y".repeat(1024 * 1024) + "\"}"));
        }
    }

    private static void dirtyText(List<Case> cases) {
        String[][] dirt = {
            {"NUL", "\\u0000"}, {"bell", "\\u0007"}, {"escape", "\\u001b[31m"}, {"newline", "\\n"}, {"tab", "\\t"},
            {"DEL", "\\u007f"}, {"NEL", "\\u0085"}, {"RTL override", "\\u202e"}, {"LTR embedding", "\\u202a"},
            {"RTL isolate", "\\u2067"}, {"zero-width space", "\\u200b"}, {"zero-width joiner", "\\u200d"},
            {"BOM", "\\ufeff"}, {"lone high surrogate", "\\ud800"}, {"lone low surrogate", "\\udc00"},
            {"noncharacter", "\\uffff"}, {"word joiner", "\\u2060"},
            // Issue 12, item 10: what got past the first rule, and the tag block a model reads.
            {"Arabic letter mark", "\\u061c"}, {"line separator", "\\u2028"}, {"paragraph separator", "\\u2029"},
            {"Mongolian vowel separator", "\\u180e"}, {"Hangul filler", "\\u3164"}, {"Hangul choseong filler", "\\u115f"},
            {"soft hyphen", "\\u00ad"}, {"combining grapheme joiner", "\\u034f"}, {"variation selector 16", "\\ufe0f"},
            {"Braille blank", "\\u2800"}, {"tag A", "\\udb40\\udc41"}, {"cancel tag", "\\udb40\\udc7f"},
            {"private use", "\\ue000"}, {"unassigned", "\\u0378"},
        };
        for (String[] d : dirt) {
            cases.add(post(d[0] + " in topic", TARGETS.get(0), replaceField(ARTICLE, "topic", "\"energy" + d[1] + "prices\"")));
            cases.add(post(d[0] + " in name", TARGETS.get(1), replaceField(REGISTER, "name", "\"Ho" + d[1] + "stile\"")));
            cases.add(post(d[0] + " in token name", TARGETS.get(3), replaceField(TOKEN, "name", "\"to" + d[1] + "ken\"")));
        }
        for (String[] d : new String[][] {{"NUL", "\\u0000"}, {"RTL override", "\\u202e"}, {"zero-width space", "\\u200b"}}) {
            cases.add(post(d[0] + " in language", TARGETS.get(0), replaceField(ARTICLE, "language", "\"Ger" + d[1] + "man\"")));
            cases.add(post(d[0] + " in level", TARGETS.get(0), replaceField(ARTICLE, "level", "\"B" + d[1] + "1\"")));
            cases.add(post(d[0] + " in email", TARGETS.get(1), replaceField(REGISTER, "email", "\"host" + d[1] + "ile@example.org\"")));
            cases.add(post(d[0] + " in token name", TARGETS.get(3), replaceField(TOKEN, "name", "\"to" + d[1] + "ken\"")));
            cases.add(post(d[0] + " in password", TARGETS.get(1), replaceField(REGISTER, "password", "\"long enough" + d[1] + "password\"")));
        }
        cases.add(post("invalid UTF-8", TARGETS.get(0), new String(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                java.nio.charset.StandardCharsets.ISO_8859_1)));
        // Issue 12, item 11: overlong forms of "/" and an encoded surrogate, inside a string value.
        for (String hex : new String[] {"C0AF", "E080AF", "F08080AF", "EDA080"}) {
            for (Target t : TARGETS) {
                cases.add(new Case("overlong/invalid UTF-8 " + hex + " " + t.path(), "POST", t.path(), "application/json",
                        replaceField(t.validBody(), firstField(t), "\"x" + latin1(hex) + "y\""), t.asUser(), true));
            }
        }
    }

    private static void snippetsInStrictFields(List<Case> cases) {
        String[] snippets = {"' OR '1'='1", "B1'; DROP TABLE articles; --", "<script>alert(1)</script>",
            "\" onmouseover=\"alert(1)", "${jndi:ldap://x/a}", "{{7*7}}", "../../etc/passwd", "%00"};
        for (String snippet : snippets) {
            String json = quoted(snippet.replace("\\", "\\\\").replace("\"", "\\\""));
            cases.add(post("snippet in level: " + snippet, TARGETS.get(0), replaceField(ARTICLE, "level", json)));
            cases.add(post("snippet in language: " + snippet, TARGETS.get(0), replaceField(ARTICLE, "language", json)));
            cases.add(post("snippet in email: " + snippet, TARGETS.get(1), replaceField(REGISTER, "email", json)));
        }
    }

    private static void nonUuidIds(List<Case> cases) {
        String[] ids = {"abc", "1", "' OR 1=1 --", "%00", "..%2F..%2Fetc%2Fpasswd", "<script>", "00000000-0000-0000-0000",
            "00000000-0000-0000-0000-000000000000-extra", "%E2%80%AE"};
        String[][] paths = {{"GET", "/articles/%s"}, {"DELETE", "/articles/%s"}, {"POST", "/articles/%s/generate"},
            {"GET", "/articles/%s/content"}, {"GET", "/jobs/%s"}, {"DELETE", "/auth/tokens/%s"}};
        for (String[] p : paths) {
            for (String id : ids) {
                cases.add(new Case(p[0] + " " + p[1].formatted(id), p[0], p[1].formatted(id), null, null, true));
            }
        }
    }

    private static void wrongContentTypes(List<Case> cases) {
        for (Target t : TARGETS) {
            for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream"}) {
                cases.add(new Case(type + " to " + t.path(), "POST", t.path(), type, t.validBody(), t.asUser()));
            }
        }
    }

    private static void badQueries(List<Case> cases) {
        String[][] queries = {{"size", "101"}, {"size", "0"}, {"size", "-1"}, {"size", "1e3"}, {"page", "-1"},
            {"page", "x"}, {"status", "' OR 1=1"}, {"status", "deleted"}, {"language", "<script>"}, {"level", "B1'--"},
            {"language", "%00"}};
        for (String[] q : queries) {
            cases.add(new Case("GET /articles?" + q[0] + "=" + q[1], "GET", "/articles?" + q[0] + "=" + q[1], null, null, true));
        }
        // Issue 12, item 8: page × size overflowed the offset (a 500).
        for (String q : new String[] {"page=2147483647", "page=21474837&size=100", "page=101&size=100", "page=99999999999"}) {
            cases.add(new Case("GET /articles?" + q, "GET", "/articles?" + q, null, null, true));
            cases.add(new Case("GET /jobs?" + q, "GET", "/jobs?" + q, null, null, true));
        }
        for (String[] q : new String[][] {{"status", "exploded"}, {"size", "1000"}, {"page", "nope"}}) {
            cases.add(new Case("GET /jobs?" + q[0] + "=" + q[1], "GET", "/jobs?" + q[0] + "=" + q[1], null, null, true));
        }
    }

    private static Case post(String name, Target target, String body) {
        return new Case(name, "POST", target.path(), "application/json", body, target.asUser());
    }

    private static String replaceField(String json, String field, String rawValue) {
        return json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[0-9]+)", java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + rawValue));
    }

    private static String firstField(Target target) {
        return target.path().equals("/articles") ? "topic" : "name".equals("name") && target.validBody().contains("\"name\"") ? "name" : "email";
    }

    /** Whether a JSON value is really of the wrong type for the field (strings where strings belong are fine). */
    private static boolean isWrongFor(String field, String value) {
        boolean numericField = field.equals("length") || field.equals("expires_in_days");
        if (numericField) {
            return !value.equals("123") && !(field.equals("expires_in_days") && value.equals("null"));
        }
        return !value.equals("\"400\"");
    }

    /** The bytes of {@code hex} as ISO-8859-1 characters, sent back as those very bytes (Case.rawBytes). */
    private static String latin1(String hex) {
        return new String(java.util.HexFormat.of().parseHex(hex), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
