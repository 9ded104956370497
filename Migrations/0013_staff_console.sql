-- 0013: the staff console (issue 12): one-time passwords, one-time links to set or reset a
-- password, and the scope of API tokens. Forward-only: never edit this file once it has landed.

-- An account created with a one-time password (shown once to the admin who made it) must choose
-- its own password at the first sign-in: until then its session opens only its account page.
ALTER TABLE users ADD COLUMN password_must_change boolean NOT NULL DEFAULT false;

-- One-time links to set a new account's password or reset a forgotten one. Only the SHA-256 of
-- the link's secret is kept (the link is shown once); a link works once, before it expires.
CREATE TABLE password_links (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id),
    token_hash text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    purpose    text        NOT NULL CHECK (purpose IN ('set', 'reset')),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX password_links_user_id_idx ON password_links (user_id);

-- What a token may do: everything its user's grants allow ('full'), or read metrics only
-- (a reporting script that must not handle feedback or administer anything).
ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('full', 'read_metrics'));

-- The server's role (0009) reads, creates and uses up links; it never deletes one: a used or
-- expired link stays, the record of who was sent a link and when. (The columns added above are
-- covered by the tables' existing grants.)
GRANT SELECT, INSERT, UPDATE ON password_links TO civicvoice_app;
REVOKE DELETE, TRUNCATE ON password_links FROM civicvoice_app;
