-- Every model call's tokens and cost (issue 5), also for attempts that later failed or were cancelled.
CREATE TABLE model_usage (
    id                uuid PRIMARY KEY,
    user_id           uuid,
    article_id        uuid        NOT NULL,
    job_id            uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt           integer     NOT NULL,
    stage             text        NOT NULL,
    provider          text        NOT NULL,
    model             text        NOT NULL,
    prompt_tokens     integer     NOT NULL DEFAULT 0,
    completion_tokens integer     NOT NULL DEFAULT 0,
    total_tokens      integer     NOT NULL DEFAULT 0,
    -- NULL when the model is not in the price table: tokens still count, the cost is unknown.
    cost_usd          numeric(14, 6),
    created_at        timestamptz NOT NULL
);

CREATE INDEX model_usage_by_article ON model_usage (article_id, created_at);
CREATE INDEX model_usage_by_user ON model_usage (user_id, created_at);
