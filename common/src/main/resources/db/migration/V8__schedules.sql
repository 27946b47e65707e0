-- Schedules: the daily story (issue 14). A schedule orders an article at each slot of its timing
-- rule; schedule_runs records every slot it fired or skipped. UNIQUE (schedule_id, scheduled_for)
-- is what makes a slot fire once, whatever number of workers run the scheduler.
CREATE TABLE schedules (
    id                       uuid PRIMARY KEY,
    user_id                  uuid        NOT NULL REFERENCES users (id),
    name                     text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    language                 text        NOT NULL,
    level                    text        NOT NULL,
    length_words             integer     NOT NULL CHECK (length_words BETWEEN 100 AND 2000),
    -- Either a list of topics used in turn, or one theme the crew finds new angles on.
    topics                   jsonb       CHECK (topics IS NULL OR jsonb_typeof(topics) = 'array'),
    theme                    text,
    source_text              text        CHECK (char_length(source_text) <= 20000),
    source_url               text        CHECK (char_length(source_url) <= 2048),
    -- The wire form of the timing rule without its zone: {"frequency", "time", "day_of_week", ...}.
    rule                     jsonb       NOT NULL,
    timezone                 text        NOT NULL,
    status                   text        NOT NULL CHECK (status IN ('active', 'paused')),
    paused_reason            text,
    consecutive_failures     integer     NOT NULL DEFAULT 0,
    max_consecutive_failures integer     NOT NULL DEFAULT 3 CHECK (max_consecutive_failures BETWEEN 1 AND 100),
    next_run_at              timestamptz,
    last_run_at              timestamptz,
    total_runs               integer     NOT NULL DEFAULT 0,
    total_completed          integer     NOT NULL DEFAULT 0,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    version                  bigint      NOT NULL DEFAULT 0,
    CHECK ((topics IS NULL) <> (theme IS NULL))
);

-- The scheduler's claim: active schedules by due time.
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE status = 'active';
CREATE INDEX schedules_by_user ON schedules (user_id, created_at DESC);

CREATE TABLE schedule_runs (
    id            uuid PRIMARY KEY,
    schedule_id   uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL REFERENCES users (id),
    scheduled_for timestamptz NOT NULL,
    fired_at      timestamptz NOT NULL,
    trigger       text        NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'catch-up')),
    outcome       text        NOT NULL CHECK (outcome IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'skipped')),
    skip_reason   text        CHECK (skip_reason IN ('overlap', 'missed', 'budget')),
    -- Checked at commit: the scheduler writes a batch's runs first (ON CONFLICT tells which slots are
    -- its own) and only then the articles and jobs of the runs it won.
    job_id        uuid        REFERENCES jobs (id) DEFERRABLE INITIALLY DEFERRED,
    article_id    uuid        REFERENCES articles (id) DEFERRABLE INITIALLY DEFERRED,
    tokens        bigint,
    cost_usd      numeric(14, 6),
    finished_at   timestamptz,
    CONSTRAINT schedule_runs_one_per_slot UNIQUE (schedule_id, scheduled_for),
    CHECK ((outcome = 'skipped') = (skip_reason IS NOT NULL))
);

-- A job's end finds its run; the overlap check finds a schedule's active run.
CREATE UNIQUE INDEX schedule_runs_by_job ON schedule_runs (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX schedule_runs_active ON schedule_runs (schedule_id) WHERE outcome IN ('queued', 'running');
CREATE INDEX schedule_runs_by_user ON schedule_runs (user_id, fired_at DESC);

-- An article ordered by a schedule names it: the crew reads the series' earlier titles from here.
ALTER TABLE articles ADD COLUMN schedule_id uuid REFERENCES schedules (id) ON DELETE SET NULL;
CREATE INDEX articles_by_schedule ON articles (schedule_id, created_at DESC) WHERE schedule_id IS NOT NULL;
