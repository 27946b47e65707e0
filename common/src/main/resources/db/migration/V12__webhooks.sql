-- Issue 16: signed webhooks (Standard Webhooks). An endpoint is a user's URL with the event types it
-- wants; a delivery is one event for one URL: the outbox row, written in the transaction of the change
-- it reports, then sent by a worker until it succeeds or gives up.
create table webhook_endpoints (
    id                         uuid        primary key,
    user_id                    uuid        not null references users (id) on delete cascade,
    url                        text        not null,
    -- the event types it receives (job.completed, job.failed, job.cancelled, schedule.paused)
    events                     text[]      not null,
    description                text,
    -- whsec_<base64 of 32 random bytes>: kept as is, since signing needs the key itself
    secret                     text        not null,
    -- after a rotation the old secret signs too, until this time, so receivers can switch over
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    -- the first failed delivery since the last success; an endpoint failing for days is disabled
    failing_since              timestamptz,
    disabled_at                timestamptz,
    disabled_reason            text,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);
create index webhook_endpoints_by_user on webhook_endpoints (user_id);

-- One-off callbacks (generate's callback_url) are signed with the user's callback secret, as QStash
-- signs with the account's keys: there is no endpoint row to hold one.
create table webhook_callback_secrets (
    user_id                    uuid        primary key references users (id) on delete cascade,
    secret                     text        not null,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    created_at                 timestamptz not null
);

alter table jobs add column callback_url text;

create table webhook_deliveries (
    -- the webhook-id header: the same on every try, so a receiver can drop duplicates
    id               uuid        primary key,
    user_id          uuid        not null references users (id) on delete cascade,
    -- null for a one-off callback
    endpoint_id      uuid        references webhook_endpoints (id) on delete cascade,
    url              text        not null,
    event_type       text        not null,
    -- the exact bytes signed and sent, the same on every try
    payload          text        not null,
    job_id           uuid,
    schedule_id      uuid,
    -- pending → succeeded | failed (gave up after the retry window); see WebhookDeliveryEntity
    status           text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    -- a sender's claim: another worker takes the delivery over when it passes (the sender crashed)
    claimed_until    timestamptz,
    claimed_by       text,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    last_duration_ms integer,
    created_at       timestamptz not null,
    finished_at      timestamptz
);
-- the senders' queue: due pending deliveries, oldest first
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
-- an endpoint's delivery log, newest first
create index webhook_deliveries_by_endpoint on webhook_deliveries (endpoint_id, created_at desc);
create index webhook_deliveries_by_user on webhook_deliveries (user_id, created_at desc);
