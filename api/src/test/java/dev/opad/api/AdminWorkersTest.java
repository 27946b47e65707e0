package dev.opad.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.api.admin.SystemGauges;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker registry as operators read it: states by the age of each worker's last beat, for a day. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AdminWorkersTest {

    @Inject
    SystemGauges gauges;

    @Test
    void anAdminSeesEveryWorkerOfTheLastDayWithItsStateAliveOnesFirst() {
        RealInfrastructure.database().execute("delete from workers");
        RealInfrastructure.database().execute("""
                insert into workers (id, host, version, started_at, last_heartbeat_at, heartbeat_interval_ms, stopped_at,
                                     jobs_done, jobs_failed, running, concurrency) values
                ('w-zeta-alive', 'node-1', '0.1.0', now() - interval '1 hour', now() - interval '2 seconds', 5000, null, 40, 2, 3, 64),
                ('w-alpha-late', 'node-2', '0.1.0', now() - interval '1 hour', now() - interval '12 seconds', 5000, null, 7, 0, 1, 64),
                ('w-beta-dead', 'node-3', '0.1.0', now() - interval '2 hours', now() - interval '10 minutes', 5000, null, 3, 1, 0, 8),
                ('w-gamma-stopped', 'node-4', '0.0.9', now() - interval '3 hours', now() - interval '2 hours', 5000,
                 now() - interval '2 hours', 9, 0, 0, 8),
                ('w-old', 'node-5', '0.0.9', now() - interval '30 hours', now() - interval '25 hours', 5000, null, 1, 0, 0, 8)
                """);

        JsonPath answer = TestUsers.admin().given().when().get("/admin/workers")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();

        List<Map<String, Object>> workers = answer.getList("workers");
        assertEquals(List.of("w-zeta-alive", "w-alpha-late", "w-beta-dead", "w-gamma-stopped"),
                workers.stream().map(w -> w.get("id")).toList(), "alive first, then by id; a day-old one is gone");
        assertEquals(List.of("alive", "late", "dead", "stopped"), workers.stream().map(w -> w.get("state")).toList());
        Map<String, Object> alive = workers.get(0);
        assertEquals("node-1", alive.get("host"));
        assertEquals(40, alive.get("jobs_done"));
        assertEquals(2, alive.get("jobs_failed"));
        assertEquals(3, alive.get("running"));
        assertEquals(64, alive.get("concurrency"));
        int uptime = (Integer) alive.get("uptime_seconds");
        assertTrue(uptime >= 3590 && uptime <= 3600, "from start to last beat: " + uptime);
        assertTrue(((String) alive.get("last_heartbeat")).endsWith("Z"));
        assertTrue(answer.getString("generated_at").endsWith("Z"));

        gauges.sample();
        String scrape = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String state : new String[] {"alive", "late", "dead", "stopped"}) {
            assertTrue(scrape.contains("opad_workers{state=\"" + state + "\"} 1.0"), state + " in " + grep(scrape));
        }
        assertTrue(scrape.contains("opad_worker_last_heartbeat_timestamp_seconds{worker=\"w-beta-dead\"}"), grep(scrape));
        assertFalse(scrape.contains("worker=\"w-gamma-stopped\""), "a stopped worker is not offline: no series");
    }

    @Test
    void onlyAdminsReadTheRegistry() {
        TestUsers.shared().given().when().get("/admin/workers").then().statusCode(403);
        RestAssured.given().get("/admin/workers").then().statusCode(401);
    }

    private static String grep(String scrape) {
        return String.join("\n", scrape.lines().filter(l -> l.startsWith("opad_worker")).toList());
    }
}
