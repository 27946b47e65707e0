-- The content crew (issue 5): user-supplied sources, learner data (JSON documents kept as text;
-- the api returns them as they are), and per-stage checkpoints.
ALTER TABLE articles ADD COLUMN source_text text CHECK (char_length(source_text) <= 20000);
ALTER TABLE articles ADD COLUMN source_url text CHECK (char_length(source_url) <= 2048);
ALTER TABLE articles ADD COLUMN detected_language text;
ALTER TABLE articles ADD COLUMN gate_report text;
ALTER TABLE articles ADD COLUMN glossary text;
ALTER TABLE articles ADD COLUMN models text;

-- Each completed stage's output, so a retry resumes after the last completed stage instead of
-- paying for it again. Written in the same transaction as the stage's completion.
CREATE TABLE job_checkpoints (
    job_id     uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    stage      text        NOT NULL,
    output     text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (job_id, stage)
);
