-- 0027: background exports (issue 14): a queue in PostgreSQL that any server takes jobs from.
-- Forward-only: never edit this file once it has landed; add the next number instead.
--
-- A server claims the oldest waiting job with FOR UPDATE SKIP LOCKED and holds a lease on it,
-- renewed while it works. A job whose lease ran out (its server was killed) is claimed again by
-- another: its attempt number goes up, the earlier attempt's chunks are deleted, and a write by
-- the earlier attempt (a server that was only slow) no longer matches and is refused.
-- The file is stored in chunks beside the job, so that any server serves it, until expires_at.

CREATE TABLE export_jobs (
    id               uuid        PRIMARY KEY,
    requested_by     bigint      NOT NULL REFERENCES users (id),
    requested_login  text        NOT NULL,
    form_id          text        NOT NULL,
    form_version     integer,
    unit_code        text        NOT NULL,
    first_day        date        NOT NULL,
    last_day         date        NOT NULL,
    format           text        NOT NULL CHECK (format IN ('csv', 'ndjson')),
    language         text        NOT NULL,
    state            text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    rows_expected    bigint,
    rows_written     bigint      NOT NULL DEFAULT 0,
    bytes_written    bigint      NOT NULL DEFAULT 0,
    attempt          integer     NOT NULL DEFAULT 0,
    lease_owner      text,
    lease_expires_at timestamptz,
    failure          text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    expires_at       timestamptz,
    CHECK (first_day <= last_day)
);

-- The claim's scan: only jobs still waiting or running are looked at.
CREATE INDEX export_jobs_open ON export_jobs (created_at) WHERE state IN ('queued', 'running');
-- The clean-up's scan.
CREATE INDEX export_jobs_expiry ON export_jobs (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX export_jobs_requester ON export_jobs (requested_by, created_at);

CREATE TABLE export_chunks (
    job_id  uuid    NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    seq     integer NOT NULL,
    content bytea   NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- The server (civicvoice_app, 0009) queues, claims, updates and, once expired, deletes jobs; it
-- writes a file's chunks and deletes them (a new attempt starts afresh), never rewrites one.
-- Said here rather than left to 0009's default privileges.
REVOKE ALL ON export_jobs FROM civicvoice_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON export_jobs TO civicvoice_app;
REVOKE ALL ON export_chunks FROM civicvoice_app;
GRANT SELECT, INSERT, DELETE ON export_chunks TO civicvoice_app;
