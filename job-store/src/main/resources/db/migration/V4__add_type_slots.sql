-- Slots that cap how many handlers of one job type run at once across all workers. A worker takes a free or
-- expired slot before it runs a handler and frees it afterwards; the lease expiry frees slots of crashed workers.
CREATE TABLE job_type_slots (
    type        varchar(100) NOT NULL,
    slot        integer      NOT NULL,
    holder      varchar(100),
    expires_at  timestamptz,
    PRIMARY KEY (type, slot)
);
