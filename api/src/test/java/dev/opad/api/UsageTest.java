package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Usage as the worker records it, read back per article and per user; the daily budget stops new jobs. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class UsageTest {

    @Test
    void anArticlesUsageSumsItsCallsPerStage() {
        TestUsers.User user = TestUsers.register();
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        String job = user.given().when().post("/articles/" + article + "/generate").then().statusCode(202).extract().path("job_id");
        call(user, article, job, "writing", 1000, 2000, "0.001500");
        call(user, article, job, "writing", 100, 200, "0.000150");
        call(user, article, job, "reviewing", 500, 500, null);

        user.given().when().get("/articles/" + article + "/usage").then().statusCode(200)
                .body("totals.calls", equalTo(3))
                .body("totals.prompt_tokens", equalTo(1600))
                .body("totals.completion_tokens", equalTo(2700))
                .body("totals.total_tokens", equalTo(4300))
                .body("totals.cost_usd", equalTo(0.00165f))
                .body("totals.cost_complete", equalTo(false))
                .body("by_stage.find { it.stage == 'writing' }.totals.total_tokens", equalTo(3300))
                .body("calls[2].model", equalTo("gpt-test"));
        user.given().queryParam("days", 1).when().get("/usage/me").then().statusCode(200)
                .body("used_today", equalTo(4300))
                .body("by_day.size()", equalTo(1))
                .body("by_stage.size()", equalTo(2));
        user.given().queryParam("days", 0).when().get("/usage/me").then().statusCode(400);
    }

    @Test
    void aUsedUpDailyBudgetRefusesNewJobsWithWhenItResets() {
        TestUsers.User user = TestUsers.register();
        String first = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        String job = user.given().when().post("/articles/" + first + "/generate").then().statusCode(202).extract().path("job_id");
        call(user, first, job, "writing", 1_000_000, 1_000_000, null);

        String second = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        user.given().when().post("/articles/" + second + "/generate").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("resets at midnight UTC"));
        user.given().when().get("/usage/me").then().body("remaining_today", equalTo(0));
    }

    private static void call(TestUsers.User user, String article, String job, String stage, int in, int out, String cost) {
        RealInfrastructure.database().execute("insert into model_usage (id, user_id, article_id, job_id, attempt, stage,"
                + " provider, model, prompt_tokens, completion_tokens, total_tokens, cost_usd, created_at) values ("
                + "gen_random_uuid(), '" + user.id() + "', '" + article + "', '" + job + "', 1, '" + stage + "', 'openai',"
                + " 'gpt-test', " + in + ", " + out + ", " + (in + out) + ", " + (cost == null ? "null" : cost) + ", now())");
    }
}
