-- Idempotency-Key (issue 4): a retried POST /articles or POST /articles/{id}/generate gets the
-- first answer again instead of a second article or job. The primary key decides which of
-- several concurrent requests does the work; the others wait for its answer and replay it.
-- Only 2xx answers are kept; a failed request deletes its row so the key can be used again.
CREATE TABLE idempotency_keys (
    user_id         uuid        NOT NULL REFERENCES users (id),
    key             text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    -- SHA-256 of method, path and canonical body: the same key with another request is refused.
    fingerprint     text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('in_progress', 'done')),
    response_status integer     CHECK (response_status BETWEEN 200 AND 299),
    response_body   text,
    location        text,
    -- Rows older than 24 h count as absent; they are deleted when their user next sends a key.
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, key),
    CHECK (status = 'in_progress' OR response_status IS NOT NULL)
);
