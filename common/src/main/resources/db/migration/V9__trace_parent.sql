-- Traces (issue 15): the W3C traceparent of the span that ordered the job (the api's generate, "run now" or
-- the scheduler). Each attempt's span in the worker is its child, so one trace goes from the request through
-- every attempt; jobs.trace_id (and so job_events.trace_id) is that trace's id. NULL for jobs queued before
-- this migration or with tracing disabled.
ALTER TABLE jobs ADD COLUMN trace_parent text
    CHECK (trace_parent IS NULL OR trace_parent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
