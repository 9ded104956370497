-- 0021: the one-stop desks (issue 16). A unit's desks (quầy), each with a printed sheet whose QR
-- code opens the dossier rating for that desk, and optionally the officers who serve there, from
-- whom the citizen may pick the one who received their dossier. A rating made through a desk is
-- linked to it (and to the officer picked) here, never to the citizen. The unit's leaders (a new
-- role) register desks and read the desk's and its officers' figures.
-- Forward-only: never edit this file once it has landed; add the next one instead.

ALTER TABLE grants DROP CONSTRAINT grants_role_check;
ALTER TABLE grants ADD CONSTRAINT grants_role_check CHECK (role IN ('admin', 'analyst', 'handler', 'clerk', 'leader'));

CREATE TABLE desks (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id          bigint      NOT NULL REFERENCES units (id),
    -- What the QR code's URL carries (`?desk=`): random, so that desks cannot be walked by number.
    code             text        NOT NULL UNIQUE CHECK (code ~ '^[A-Z2-7]{8}$'),
    -- What the citizen and the sheet read: "Quầy số 2 — Đất đai".
    label            text        NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
    created_by_login text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- A desk taken out of use keeps its ratings; its QR code no longer rates.
    retired_at       timestamptz
);

CREATE INDEX desks_unit_idx ON desks (unit_id, id);

CREATE TABLE desk_officers (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    desk_id          bigint      NOT NULL REFERENCES desks (id),
    -- The name on the officer's badge, as the citizen knows them at the desk.
    display_name     text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    added_by_login   text        NOT NULL,
    added_at         timestamptz NOT NULL DEFAULT now(),
    -- No longer serving at the desk: not offered to citizens any more; their ratings stay.
    retired_at       timestamptz
);

CREATE INDEX desk_officers_desk_idx ON desk_officers (desk_id, id);

-- One rating made through a desk: written in the statement that stores the response (the batch
-- writer), so that both commit or neither. `satisfied` and `answered` are the response's scale
-- answers counted as the satisfaction counts do (top-2 box), so that a desk's and an officer's
-- rates are sums over this narrow table, never a read of the answers. Like dossier_ratings, it has no
-- key into responses and is kept when a month of responses is dropped (0025): the figures stay.
CREATE TABLE desk_ratings (
    response_id      uuid        PRIMARY KEY,
    desk_id          bigint      NOT NULL REFERENCES desks (id),
    officer_id       bigint      REFERENCES desk_officers (id),
    rated_on         date        NOT NULL,
    satisfied        smallint    NOT NULL CHECK (satisfied >= 0),
    answered         smallint    NOT NULL CHECK (answered >= satisfied)
);

CREATE INDEX desk_ratings_desk_idx ON desk_ratings (desk_id, rated_on);

-- The server's role (0009) got SELECT, INSERT, UPDATE and DELETE by default privileges: desks and
-- officers are retired, never removed, and a rating is never changed or removed.
REVOKE DELETE, TRUNCATE ON desks, desk_officers FROM civicvoice_app;
REVOKE UPDATE, DELETE, TRUNCATE ON desk_ratings FROM civicvoice_app;
