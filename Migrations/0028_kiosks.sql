-- 0028: kiosk devices at the one-stop desks (issue 16). A kiosk is a tablet on a desk's counter
-- that shows the dossier rating, touch-first, to the citizen just served. A unit's leader (or an
-- admin) registers it on the desk's page and gets its token once: the device opens
-- /kiosk/{token} with it and resends what it took while offline to POST /api/v1/responses with it
-- as a bearer token. Only the token's SHA-256 is kept, so a copy of the database opens no kiosk.
-- The kiosk is bound to one desk, and through it to the desk's unit (a desk never changes unit,
-- so the unit is not repeated here where it could disagree). A revoked kiosk is refused at once.
-- Forward-only: never edit this file once it has landed; add the next one instead.

CREATE TABLE kiosks (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    desk_id          bigint      NOT NULL REFERENCES desks (id),
    -- What staff read to tell the devices apart: "Máy tính bảng quầy 2".
    label            text        NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
    token_hash       text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_by_login text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- When the device last opened a page or sent a response: a kiosk silent for days is worth a look.
    last_seen_at     timestamptz,
    revoked_at       timestamptz,
    revoked_by_login text,
    CHECK ((revoked_at IS NULL) = (revoked_by_login IS NULL))
);

CREATE INDEX kiosks_desk_idx ON kiosks (desk_id, id);

-- Kiosks are revoked, never removed: the audit log and the responses' channel keep referring to them.
REVOKE DELETE, TRUNCATE ON kiosks FROM civicvoice_app;
