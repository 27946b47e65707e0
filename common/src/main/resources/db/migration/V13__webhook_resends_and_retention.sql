-- A person's "send again" starts a fresh delivery window: the full back-off schedule again, and the retry
-- window (24 h) counted from the resend instead of from the event. The row keeps its id (the webhook-id) and
-- its total of tries; these say when it was last sent again and how many tries came before that.
alter table webhook_deliveries add column resent_at timestamptz;
alter table webhook_deliveries add column attempts_before_resend integer not null default 0;
-- a job's delivery log (GET /jobs/{id}/deliveries), newest first
create index webhook_deliveries_by_job on webhook_deliveries (job_id, created_at desc) where job_id is not null;
-- retention: finished deliveries, oldest first
create index webhook_deliveries_finished on webhook_deliveries (finished_at) where status <> 'pending';
