-- Issue 15: the worker registry. Redis's heartbeat keys say whether a worker is alive right now
-- (the reaper acts on them); this table remembers every worker for 24 h after its last beat, with
-- what it did, for operators (GET /admin/workers, the operations page, the opad_workers gauges).
create table workers (
    id                    text primary key,
    host                  text,
    version               text,
    started_at            timestamptz not null,
    last_heartbeat_at     timestamptz not null,
    -- the worker's beat period: its state (alive, late, dead) is read against its own rhythm
    heartbeat_interval_ms integer     not null check (heartbeat_interval_ms > 0),
    stopped_at            timestamptz,
    jobs_done             bigint      not null default 0,
    jobs_failed           bigint      not null default 0,
    running               integer     not null default 0,
    concurrency           integer     not null
);
create index workers_by_last_heartbeat on workers (last_heartbeat_at);

-- Retention removes a deleted article's stored objects some days after the delete.
alter table articles add column deleted_at timestamptz;
-- set once its objects are gone, so retention does not look at it again
alter table articles add column objects_removed_at timestamptz;
create index articles_deleted_for_retention on articles (deleted_at) where status = 'deleted' and objects_removed_at is null;
-- retention finds the history of jobs that finished long ago
create index jobs_by_finished_at on jobs (finished_at) where finished_at is not null;
-- the operations page's last-hour figures read job events by time
create index job_events_by_time on job_events (occurred_at);
