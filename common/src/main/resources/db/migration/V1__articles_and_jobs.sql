-- Applied by the api at start (quarkus.flyway.migrate-at-start); the worker only validates.
CREATE TABLE articles (
    id           uuid PRIMARY KEY,
    language     text        NOT NULL,
    level        text        NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    length_words integer     NOT NULL CHECK (length_words BETWEEN 100 AND 2000),
    topic        text        NOT NULL CHECK (char_length(topic) BETWEEN 1 AND 200),
    status       text        NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'deleted')),
    title        text,
    storage_key  text,
    word_count   integer,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX articles_listing ON articles (created_at DESC) WHERE status <> 'deleted';

CREATE TABLE jobs (
    id          uuid PRIMARY KEY,
    article_id  uuid        NOT NULL REFERENCES articles (id),
    status      text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    attempt     integer     NOT NULL DEFAULT 0,
    progress    integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    stage       text        NOT NULL,
    message     text,
    error       text,
    created_at  timestamptz NOT NULL,
    started_at  timestamptz,
    finished_at timestamptz,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX jobs_by_article ON jobs (article_id, created_at DESC);

-- At most one active job per article, enforced by the database so concurrent requests cannot race past it.
CREATE UNIQUE INDEX jobs_one_active_per_article ON jobs (article_id) WHERE status IN ('queued', 'running');
