-- 0020: paper forms typed in at the one-stop desk, in batches (issue 16). A batch is one stack of
-- paper forms of one survey, for one unit, answered on the day written on the paper, with the
-- number of forms the stack holds. A clerk types each form of the stack (pass 1); when the batch
-- asks for double entry a second clerk types the stack again (pass 2). Nothing is counted until
-- the batch is: pass 1 has as many forms as the stack and, with double entry, both passes agree
-- on every form. Then each form becomes a response (channel paper, on the paper's day) under the
-- id kept here, so that counting again after an interruption stores nothing twice.
-- Forward-only: never edit this file once it has landed; add the next one instead.

CREATE TABLE paper_batches (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    form_id          text        NOT NULL,
    form_version     integer     NOT NULL,
    unit_id          bigint      NOT NULL REFERENCES units (id),
    paper_date       date        NOT NULL,
    declared_count   integer     NOT NULL CHECK (declared_count BETWEEN 1 AND 500),
    double_entry     boolean     NOT NULL,
    -- What the clerk writes on the stack's cover ("Quầy 2, sáng 05/03"), to find it again.
    label            text        NOT NULL CHECK (length(label) <= 200),
    created_by_id    bigint      REFERENCES users (id),
    created_by_login text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    counted_at       timestamptz,
    counted_by_login text,
    FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version),
    CHECK ((counted_at IS NULL) = (counted_by_login IS NULL))
);

CREATE INDEX paper_batches_open_idx ON paper_batches (unit_id, id) WHERE counted_at IS NULL;

-- One typed form: its place in the stack, the pass, the answers as validated against the form
-- version. Typing a place again (a correction, while the batch is open) replaces its answers.
CREATE TABLE paper_entries (
    batch_id         bigint      NOT NULL REFERENCES paper_batches (id),
    pass             smallint    NOT NULL CHECK (pass IN (1, 2)),
    position         integer     NOT NULL CHECK (position BETWEEN 1 AND 500),
    answers          jsonb       NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
    -- The response's id once counted (pass 1's; pass 2 only checks it).
    response_id      uuid        NOT NULL UNIQUE,
    entered_by_id    bigint      REFERENCES users (id),
    entered_by_login text        NOT NULL,
    entered_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, pass, position)
);

-- The server's role (0009) got SELECT, INSERT, UPDATE and DELETE by default privileges: a batch
-- and its forms are corrected while open and kept after, never removed.
REVOKE DELETE, TRUNCATE ON paper_batches, paper_entries FROM civicvoice_app;
