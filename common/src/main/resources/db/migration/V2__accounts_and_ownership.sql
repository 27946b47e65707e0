-- Accounts (issue 3). Every article and job belongs to a user from now on. Rows written before
-- accounts existed keep a NULL owner and so are visible to no one.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL CHECK (char_length(email) <= 254),
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('user', 'admin')),
    created_at    timestamptz NOT NULL
);

-- Emails are stored lower-cased; the index makes a duplicate registration lose any race.
CREATE UNIQUE INDEX users_email ON users (email);

-- API tokens for scripts: only a SHA-256 of the token is kept; the prefix is for display.
CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id),
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    prefix       text        NOT NULL,
    token_hash   text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at DESC);

ALTER TABLE articles ADD COLUMN user_id uuid REFERENCES users (id);
ALTER TABLE jobs ADD COLUMN user_id uuid REFERENCES users (id);

DROP INDEX articles_listing;
CREATE INDEX articles_listing ON articles (user_id, created_at DESC) WHERE status <> 'deleted';
CREATE INDEX jobs_by_user ON jobs (user_id, created_at DESC);
