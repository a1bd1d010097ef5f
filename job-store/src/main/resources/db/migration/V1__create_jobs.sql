-- One row per job. The status lifecycle is pending -> running -> completed | failed,
-- and cancelled from pending or running; a terminal row never changes status again.
CREATE TABLE jobs (
    id               uuid         PRIMARY KEY,
    type             varchar(100) NOT NULL,
    status           varchar(16)  NOT NULL DEFAULT 'pending',
    payload          jsonb        NOT NULL,
    result           jsonb,
    error            text,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    attempt          integer      NOT NULL DEFAULT 0,
    max_attempts     integer      NOT NULL,
    retry_delay_ms   bigint       NOT NULL,
    timeout_ms       bigint       NOT NULL,
    poll_interval_ms bigint       NOT NULL,
    deadline_at      timestamptz,
    next_check_at    timestamptz,
    checks           integer      NOT NULL DEFAULT 0,
    last_error       text,
    runpod_job_id    varchar(200),
    runpod_status    varchar(40),
    idempotency_key  varchar(200),
    CONSTRAINT jobs_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT jobs_idempotency_key_unique UNIQUE (idempotency_key)
);

CREATE INDEX jobs_status_type_idx ON jobs (status, type);
CREATE INDEX jobs_created_at_idx ON jobs (created_at);

-- Messages written in the same transaction as the row change they announce, and
-- published after commit; a relay republishes rows whose publish was not confirmed.
CREATE TABLE job_outbox (
    id           bigserial    PRIMARY KEY,
    job_id       uuid         NOT NULL,
    exchange     varchar(255) NOT NULL,
    routing_key  varchar(255) NOT NULL,
    message_id   varchar(100) NOT NULL,
    body         text         NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    publish_attempts integer  NOT NULL DEFAULT 0
);

CREATE INDEX job_outbox_created_at_idx ON job_outbox (created_at);
