-- 0002: staff accounts and their grants, API tokens, the audit log, and encrypted contact details.
-- Forward-only: never edit this file once it has landed; add 0003_… instead.

-- Staff accounts. Sessions are stateless signed cookies carrying the account's session_epoch:
-- bumping it (logout, disable) invalidates every cookie issued before, on every device.
CREATE TABLE users (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Lower-case on purpose, so that "Lan" and "lan" cannot be two accounts.
    login         text        NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name  text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    -- bcrypt ($2b$…), never a plain password.
    password_hash text        NOT NULL CHECK (password_hash ~ '^\$2[aby]\$'),
    session_epoch integer     NOT NULL DEFAULT 0,
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- What a user may do where: analyst and handler grants reach the unit's subtree; an admin grant
-- allows everything everywhere, and its unit (the province, by convention) is informative only.
CREATE TABLE grants (
    user_id    bigint      NOT NULL REFERENCES users (id),
    role       text        NOT NULL CHECK (role IN ('admin', 'analyst', 'handler')),
    unit_id    bigint      REFERENCES units (id),
    granted_at timestamptz NOT NULL DEFAULT now(),
    CHECK (unit_id IS NOT NULL OR role = 'admin')
);

CREATE UNIQUE INDEX grants_user_role_unit_key ON grants (user_id, role, unit_id) NULLS NOT DISTINCT;
CREATE INDEX grants_unit_id_idx ON grants (unit_id);

-- Bearer tokens for scripts. Only the SHA-256 of a token is kept; the token is shown once.
CREATE TABLE api_tokens (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id),
    token_hash   text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    label        text        NOT NULL DEFAULT '',
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);

CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

-- Who did what, when, to which object. Append-only: the triggers below refuse UPDATE, DELETE and
-- TRUNCATE, so not even a bug in the service can rewrite history (a superuser can still drop the
-- trigger; that is an operator's act, outside the service).
CREATE TABLE audit_log (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    actor_user_id bigint      REFERENCES users (id),
    -- The login for a user, `cli:<os user>` for a command, kept even if the account goes.
    actor_login   text        NOT NULL,
    action        text        NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    object_type   text        NOT NULL,
    object_id     text,
    -- Ids and counts only: never a password, token or contact detail.
    details       jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object')
);

CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- A person's contact details, given with explicit consent, encrypted with AES-GCM under the data
-- key named by key_id. Blind indexes (HMAC-SHA256 of the normalised email or phone under a key
-- derived from the same data key) find one person's records without decrypting every row and
-- without storing the plain value. Erasure clears everything personal and keeps the row, so the
-- subject (a feedback item, say) and every statistic stay as they were.
CREATE TABLE contacts (
    id                uuid        PRIMARY KEY,
    subject_kind      text        NOT NULL CHECK (subject_kind ~ '^[a-z_]{1,32}$'),
    subject_id        uuid        NOT NULL,
    key_id            text,
    nonce             bytea,
    ciphertext        bytea,
    email_blind_index bytea,
    phone_blind_index bytea,
    consented_at      timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    erased_at         timestamptz,
    CHECK ((erased_at IS NULL) = (key_id IS NOT NULL AND nonce IS NOT NULL AND ciphertext IS NOT NULL)),
    CHECK (erased_at IS NULL OR (email_blind_index IS NULL AND phone_blind_index IS NULL))
);

CREATE INDEX contacts_subject_idx ON contacts (subject_kind, subject_id);
CREATE INDEX contacts_email_blind_index_idx ON contacts (email_blind_index) WHERE email_blind_index IS NOT NULL;
CREATE INDEX contacts_phone_blind_index_idx ON contacts (phone_blind_index) WHERE phone_blind_index IS NOT NULL;
CREATE INDEX contacts_key_id_idx ON contacts (key_id) WHERE key_id IS NOT NULL;
