-- Reliable queue (issue 4): leases with fencing, retries with back-off, cancel, job events.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('queued', 'running', 'retrying', 'completed', 'failed', 'cancelled', 'discarded'));

-- The fencing token of the attempt that holds the lease; every write of a running job names it.
ALTER TABLE jobs ADD COLUMN lease_token uuid;
ALTER TABLE jobs ADD COLUMN worker_id text;
-- Attempts that ended in an error; the retry budget counts these, not restarts after a crash.
ALTER TABLE jobs ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1);
ALTER TABLE jobs ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE jobs ADD COLUMN cancel_requested_at timestamptz;
ALTER TABLE jobs ADD COLUMN trace_id text;
-- Bumped on every change; the Redis status copy only ever moves to a higher version.
ALTER TABLE jobs ADD COLUMN version bigint NOT NULL DEFAULT 0;

DROP INDEX jobs_one_active_per_article;
CREATE UNIQUE INDEX jobs_one_active_per_article ON jobs (article_id) WHERE status IN ('queued', 'running', 'retrying');
CREATE INDEX jobs_by_status ON jobs (status, updated_at);

CREATE TABLE job_events (
    event_id    uuid PRIMARY KEY,
    trace_id    text        NOT NULL,
    source      text        NOT NULL,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    job_id      uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    level       text        NOT NULL CHECK (level IN ('info', 'warn', 'error')),
    stage       text,
    data        jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX job_events_by_job ON job_events (job_id, occurred_at);
