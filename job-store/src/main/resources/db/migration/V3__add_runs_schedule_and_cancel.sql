-- run: which run of the job this is; a retry through the API starts run + 1 and keeps the history.
-- run_at: the job must not start before this time (scheduled jobs).
-- remote_cancelled_at: when the handler cancelled the remote work of a job cancelled through the API.
ALTER TABLE jobs ADD COLUMN run integer NOT NULL DEFAULT 1;
ALTER TABLE jobs ADD COLUMN run_at timestamptz;
ALTER TABLE jobs ADD COLUMN remote_cancelled_at timestamptz;

-- deliver_at: publish through the delay queues so the message arrives at this time, not before.
ALTER TABLE job_outbox ADD COLUMN deliver_at timestamptz;

CREATE INDEX jobs_completed_at_idx ON jobs (completed_at);
