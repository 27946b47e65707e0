package dev.opad.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the opad api for the Schedules page's browser tests, in memory: one account, the codes of
 * {@code GET /meta} (the copy the UI's own tests use), and the schedule calls with their state —
 * created schedules are listed, paused, resumed, run (a second run while the first is active is a 409,
 * as in the api), their runs listed, deleted. The preview computes plausible next runs for the simple
 * frequencies and refuses a rule the way the api does (a 400 naming {@code rule.cron} and so on); it
 * is a stand-in for the UI, not a second implementation of the api's timing rules.
 *
 * <p>Every call is kept in {@link #journal()} as "METHOD /path?query", so a test can check what the
 * page sent (e.g. that a delete asked to stop the active run).
 */
final class FakeScheduleApi implements AutoCloseable {

    static final String EMAIL = "lea@example.org";
    static final String PASSWORD = "a long enough password";
    private static final String TOKEN = "fake-access-token-for-the-schedules-page";
    /** A schedule with a history: a written article, a skipped run and a failed one. */
    static final String SEEDED_ID = "9f1e2d3c-4b5a-4698-8776-a5b4c3d2e1f0";
    static final String SEEDED_ARTICLE_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    static final String SEEDED_JOB_ID = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";
    static final String PAUSED_REASON = "paused by you";
    private static final Set<String> FREQUENCIES = Set.of("hourly", "every_3_hours", "every_6_hours", "daily", "weekly", "monthly", "cron");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern SCHEDULE = Pattern.compile("/schedules/([0-9a-f-]{36})(/pause|/resume|/run|/runs)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final String meta;
    private final Map<String, ObjectNode> schedules = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> runs = new LinkedHashMap<>();
    private final List<String> journal = new ArrayList<>();

    private FakeScheduleApi(HttpServer server, String meta) {
        this.server = server;
        this.meta = meta;
    }

    static FakeScheduleApi start() {
        Path root = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize();
        try {
            String meta = Files.readString(root.resolve("web-gateway/src/test/js/meta.json"));
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeScheduleApi api = new FakeScheduleApi(server, meta);
            api.seed();
            server.createContext("/", api::serve);
            server.setExecutor(api.threads);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("the fake api did not start", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<String> journal() {
        return List.copyOf(journal);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // --- dispatch ---------------------------------------------------------------------------------

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer;
            synchronized (this) {
                journal.add(method + " " + path + (query == null ? "" : "?" + query));
                answer = answer(method, path, query == null ? "" : query, body, exchange.getRequestHeaders().getFirst("Authorization"));
            }
            byte[] bytes = answer.body == null ? null : answer.body.getBytes(StandardCharsets.UTF_8);
            if (answer.body != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.status >= 400 ? "application/problem+json" : "application/json");
            }
            exchange.sendResponseHeaders(answer.status, bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer answer(String method, String path, String query, byte[] body, String authorization) {
        String call = method + " " + path;
        switch (call) {
            case "GET /health":
                return new Answer(200, "{\"status\":\"UP\",\"services\":{\"redis\":{\"status\":\"UP\"},\"database\":{\"status\":\"UP\"}}}");
            case "GET /meta":
                return new Answer(200, meta);
            case "POST /auth/login":
                JsonNode login = read(body);
                if (login != null && EMAIL.equals(login.path("email").asText()) && PASSWORD.equals(login.path("password").asText())) {
                    return new Answer(200, "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                            + "\"expires_at\":\"" + Instant.now().plusSeconds(3600) + "\"}");
                }
                return problem(401, "Wrong email or password.");
            default:
                break;
        }
        if (!("Bearer " + TOKEN).equals(authorization)) {
            return problem(401, "Log in first.");
        }
        try {
            return signedIn(method, path, query, body);
        } catch (Invalid invalid) {
            return new Answer(400, node().put("type", "/problems/validation").put("title", "Bad Request").put("status", 400)
                    .put("detail", invalid.field + " " + invalid.getMessage())
                    .set("errors", JSON.createArrayNode().add(node().put("field", invalid.field).put("message", invalid.getMessage())))
                    .toString());
        }
    }

    private Answer signedIn(String method, String path, String query, byte[] body) {
        if (method.equals("GET") && path.equals("/auth/me")) {
            return new Answer(200, "{\"id\":\"5d7f2c8e-9b1a-4e3f-8c2d-1a2b3c4d5e6f\",\"email\":\"" + EMAIL + "\",\"name\":\"Lea\",\"roles\":[\"user\"]}");
        }
        if (method.equals("POST") && path.equals("/auth/logout")) {
            return new Answer(204, null);
        }
        if (method.equals("GET") && path.equals("/activity")) {
            return new Answer(200, node().set("items", activity()).toString());
        }
        if (path.equals("/schedules/preview") && method.equals("POST")) {
            JsonNode request = read(body);
            Rule rule = Rule.parse(request == null ? null : request.get("rule"));
            ArrayNode next = JSON.createArrayNode();
            rule.nextRuns(Instant.now(), request.path("count").asInt(10)).forEach(run -> next.add(node()
                    .put("local", run.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                    .put("utc", DateTimeFormatter.ISO_INSTANT.format(run.toInstant()))));
            return new Answer(200, node().put("description", rule.describe()).set("next_runs", next).toString());
        }
        if (path.equals("/schedules")) {
            return switch (method) {
                case "GET" -> new Answer(200, node().set("items", JSON.valueToTree(schedules.values())).toString());
                case "POST" -> create(read(body));
                default -> problem(405, "Not allowed.");
            };
        }
        Matcher one = SCHEDULE.matcher(path);
        if (!one.matches() || !schedules.containsKey(one.group(1))) {
            return problem(404, "No such thing: " + path);
        }
        String id = one.group(1);
        ObjectNode schedule = schedules.get(id);
        String action = one.group(2) == null ? "" : one.group(2);
        return switch (method + " " + action) {
            case "GET " -> new Answer(200, schedule.toString());
            case "PATCH " -> change(schedule, read(body));
            case "DELETE " -> {
                schedules.remove(id);
                runs.remove(id);
                yield new Answer(204, null);
            }
            case "POST /pause" -> {
                schedule.put("status", "paused").put("paused_reason", PAUSED_REASON).putNull("next_run_at");
                yield new Answer(200, schedule.toString());
            }
            case "POST /resume" -> {
                schedule.put("status", "active").putNull("paused_reason");
                schedule.put("next_run_at", nextRun(schedule));
                yield new Answer(200, schedule.toString());
            }
            case "POST /run" -> runNow(id, schedule);
            case "GET /runs" -> new Answer(200, node().set("items", JSON.valueToTree(runs.get(id).reversed())).toString());
            default -> problem(405, "Not allowed.");
        };
    }

    // --- schedules --------------------------------------------------------------------------------

    private Answer create(JsonNode request) {
        if (request == null) {
            throw new Invalid("body", "must be a JSON object");
        }
        if (request.path("name").asText("").isBlank()) {
            throw new Invalid("name", "must not be blank");
        }
        boolean topics = request.path("topics").isArray() && !request.path("topics").isEmpty();
        boolean theme = !request.path("theme").asText("").isBlank();
        if (topics == theme) {
            throw new Invalid("topics", "give either topics (one or more) or a theme");
        }
        Rule.parse(request.get("rule"));
        String id = UUID.randomUUID().toString();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode schedule = node().put("id", id);
        schedule.set("name", request.get("name"));
        for (String field : List.of("language", "level", "length", "topics", "theme", "source_url", "source_text", "rule")) {
            schedule.set(field, request.hasNonNull(field) ? request.get(field) : JSON.nullNode());
        }
        schedule.put("status", "active").putNull("paused_reason")
                .put("max_consecutive_failures", request.path("max_consecutive_failures").asInt(3))
                .put("consecutive_failures", 0).putNull("last_run_at")
                .put("total_runs", 0).put("total_completed", 0).put("created_at", now).put("updated_at", now);
        describe(schedule);
        schedules.put(id, schedule);
        runs.put(id, new ArrayList<>());
        return new Answer(201, schedule.toString());
    }

    private Answer change(ObjectNode schedule, JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new Invalid("body", "must be a JSON object");
        }
        if (request.has("rule")) {
            Rule.parse(request.get("rule"));
        }
        request.fields().forEachRemaining(field -> schedule.set(field.getKey(), field.getValue()));
        // Topics and a theme exclude each other: the one sent replaces the other.
        if (request.hasNonNull("topics")) {
            schedule.putNull("theme");
        } else if (request.hasNonNull("theme")) {
            schedule.putNull("topics");
        }
        schedule.put("updated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        describe(schedule);
        return new Answer(200, schedule.toString());
    }

    private Answer runNow(String id, ObjectNode schedule) {
        List<ObjectNode> history = runs.get(id);
        if (!history.isEmpty() && Set.of("queued", "running").contains(history.getLast().path("outcome").asText())) {
            return problem(409, "The previous run of “" + schedule.path("name").asText() + "” is still being written.");
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode run = run("manual", "queued", null, UUID.randomUUID().toString(), UUID.randomUUID().toString(), now);
        history.add(run);
        schedule.put("total_runs", schedule.path("total_runs").asInt() + 1).put("last_run_at", now);
        return new Answer(202, run.toString());
    }

    private static void describe(ObjectNode schedule) {
        Rule rule = Rule.parse(schedule.get("rule"));
        schedule.put("description", rule.describe());
        schedule.put("next_run_at", schedule.path("status").asText().equals("paused") ? null : nextRun(schedule));
    }

    private static String nextRun(ObjectNode schedule) {
        return DateTimeFormatter.ISO_INSTANT.format(Rule.parse(schedule.get("rule")).nextRuns(Instant.now(), 1).getFirst().toInstant());
    }

    private void seed() {
        ObjectNode rule = node().put("frequency", "weekly").put("time", "18:00").put("timezone", "Europe/Berlin").put("day_of_week", "friday");
        ObjectNode request = node().put("name", "Weekly digest").put("language", "German").put("level", "B2").put("length", 600)
                .put("theme", "Wissenschaft und Technik");
        request.set("rule", rule);
        String id = read(create(request).body.getBytes(StandardCharsets.UTF_8)).path("id").asText();
        ObjectNode schedule = schedules.remove(id);
        // Three Fridays back, newest last, as a weekly schedule at 18:00 in Berlin would have run.
        Instant lastFriday = ZonedDateTime.now(ZoneId.of("Europe/Berlin")).with(LocalTime.of(18, 0))
                .with(TemporalAdjusters.previous(DayOfWeek.FRIDAY)).toInstant();
        String first = lastFriday.minus(14, ChronoUnit.DAYS).toString();
        String second = lastFriday.minus(7, ChronoUnit.DAYS).toString();
        String third = lastFriday.toString();
        schedule.put("id", SEEDED_ID).put("total_runs", 3).put("total_completed", 1).put("consecutive_failures", 1)
                .put("last_run_at", third);
        schedules.put(SEEDED_ID, schedule);
        runs.remove(id);
        List<ObjectNode> history = new ArrayList<>();
        history.add(run("scheduled", "completed", null, SEEDED_JOB_ID, SEEDED_ARTICLE_ID, first)
                .put("tokens", 3120).put("cost_usd", 0.0016).put("finished_at", lastFriday.minus(14, ChronoUnit.DAYS).plusSeconds(130).toString()));
        history.add(run("scheduled", "skipped", "overlap", null, null, second));
        history.add(run("manual", "failed", null, UUID.randomUUID().toString(), null, third)
                .put("finished_at", lastFriday.plusSeconds(60).toString()));
        runs.put(SEEDED_ID, history);
    }

    private static ObjectNode run(String trigger, String outcome, String skipReason, String jobId, String articleId, String at) {
        ObjectNode run = node().put("id", UUID.randomUUID().toString()).put("scheduled_for", at).put("fired_at", at)
                .put("trigger", trigger).put("outcome", outcome).put("skip_reason", skipReason)
                .put("job_id", jobId).put("article_id", articleId);
        return run.putNull("tokens").putNull("cost_usd").putNull("finished_at");
    }

    private ArrayNode activity() {
        ArrayNode items = JSON.createArrayNode();
        runs.forEach((id, history) -> history.reversed().forEach(run -> items.add(node().put("kind", "schedule_run")
                .put("at", run.path("fired_at").asText()).put("schedule_id", id)
                .put("schedule_name", schedules.get(id).path("name").asText())
                .put("job_id", run.path("job_id").asText(null)).put("article_id", run.path("article_id").asText(null))
                .put("title", run.path("article_id").isNull() ? null : "Neues aus der Forschung")
                .put("status", run.path("outcome").asText()))));
        return items;
    }

    // --- timing rules, as far as the page needs them --------------------------------------------

    /** A refusal naming the field at fault, as the api's 400 does. */
    private static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private record Rule(String frequency, LocalTime time, ZoneId zone, DayOfWeek dayOfWeek, String dayOfMonth, String cron) {

        static Rule parse(JsonNode rule) {
            if (rule == null || !rule.isObject()) {
                throw new Invalid("rule", "is required");
            }
            String frequency = rule.path("frequency").asText("");
            if (!FREQUENCIES.contains(frequency)) {
                throw new Invalid("rule.frequency", "must be one of hourly, every_3_hours, every_6_hours, daily, weekly, monthly, cron");
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(rule.path("timezone").asText(""));
            } catch (DateTimeException e) {
                throw new Invalid("rule.timezone", "is not a time zone; use a name such as Europe/Berlin");
            }
            if (frequency.equals("cron")) {
                String cron = rule.path("cron").asText("").trim();
                String[] fields = cron.split("\\s+");
                if (fields.length != 5) {
                    throw new Invalid("rule.cron", "must have 5 fields: minute hour day-of-month month day-of-week");
                }
                LocalTime at = LocalTime.of(number(fields[1], 7, 23), number(fields[0], 0, 59));
                return new Rule(frequency, at, zone, null, null, cron);
            }
            Matcher time = TIME.matcher(rule.path("time").asText(""));
            if (!time.matches()) {
                throw new Invalid("rule.time", "must be a time of day such as 07:00");
            }
            DayOfWeek day = null;
            if (frequency.equals("weekly")) {
                try {
                    day = DayOfWeek.valueOf(rule.path("day_of_week").asText("").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new Invalid("rule.day_of_week", "must be a day of the week, e.g. monday");
                }
            }
            String dayOfMonth = null;
            if (frequency.equals("monthly")) {
                dayOfMonth = rule.path("day_of_month").asText("");
                if (!dayOfMonth.equals("last") && number(dayOfMonth, -1, 31) < 1) {
                    throw new Invalid("rule.day_of_month", "must be 1–31 or \"last\"");
                }
            }
            return new Rule(frequency, LocalTime.parse(time.group()), zone, day, dayOfMonth, null);
        }

        String describe() {
            String at = time.toString();
            String when = switch (frequency) {
                case "hourly" -> "every hour at minute " + time.getMinute();
                case "every_3_hours" -> "every 3 hours from " + at;
                case "every_6_hours" -> "every 6 hours from " + at;
                case "daily" -> "every day at " + at;
                case "weekly" -> "every " + dayOfWeek.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " at " + at;
                case "monthly" -> (dayOfMonth.equals("last") ? "on the last day of every month" : "on day " + dayOfMonth + " of every month")
                        + " at " + at;
                default -> "at \"" + cron + "\"";
            };
            return when + " (" + zone.getId() + ")";
        }

        List<ZonedDateTime> nextRuns(Instant from, int count) {
            ZonedDateTime now = from.atZone(zone);
            ZonedDateTime next = now.truncatedTo(ChronoUnit.DAYS).with(time);
            List<ZonedDateTime> found = new ArrayList<>();
            while (found.size() < count) {
                if (next.isAfter(now) && fits(next)) {
                    found.add(next);
                }
                next = switch (frequency) {
                    case "hourly" -> next.plusHours(1);
                    case "every_3_hours" -> next.plusHours(3);
                    case "every_6_hours" -> next.plusHours(6);
                    default -> next.plusDays(1);
                };
            }
            return found;
        }

        private boolean fits(ZonedDateTime day) {
            return switch (frequency) {
                case "weekly" -> day.getDayOfWeek() == dayOfWeek;
                case "monthly" -> dayOfMonth.equals("last")
                        ? day.getDayOfMonth() == day.toLocalDate().lengthOfMonth()
                        : day.getDayOfMonth() == Math.min(Integer.parseInt(dayOfMonth), day.toLocalDate().lengthOfMonth());
                default -> true;
            };
        }

        private static int number(String text, int otherwise, int max) {
            try {
                int value = Integer.parseInt(text);
                return value >= 0 && value <= max ? value : otherwise;
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
    }

    // --- plumbing ---------------------------------------------------------------------------------

    private static ObjectNode node() {
        return JSON.createObjectNode();
    }

    private static JsonNode read(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Answer problem(int status, String detail) {
        return new Answer(status, node().put("type", "about:blank").put("status", status).put("detail", detail).toString());
    }
}
