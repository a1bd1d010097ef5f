-- What a monitored job reported while running, the check interval chosen last, and the error of every
-- failed attempt (a JSON array of {"attempt", "error", "at"} objects), kept after the job ends.
ALTER TABLE jobs ADD COLUMN progress jsonb;
ALTER TABLE jobs ADD COLUMN check_interval_ms bigint;
ALTER TABLE jobs ADD COLUMN attempt_errors jsonb NOT NULL DEFAULT '[]'::jsonb;
