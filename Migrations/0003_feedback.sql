-- 0003: feedback and petitions (PAKN): items, their workflow events, attachments and ratings.
-- Forward-only: never edit this file once it has landed; add 0004_… instead.

-- Daily counters behind tracking codes (PAKN.20261127.0042-…): one row per day of receipt.
CREATE TABLE feedback_daily_sequences (
    day  date    PRIMARY KEY,
    last integer NOT NULL CHECK (last > 0)
);

-- One feedback item. The id is made by the client (web form hidden field, API caller), so a
-- resent submission is recognised. `state` and the columns after it are the current state of the
-- workflow: they change only together with a row in feedback_events, in one transaction, under
-- a row lock, so the item and its history always agree.
CREATE TABLE feedback_items (
    id                  uuid        PRIMARY KEY,
    tracking_code       text        NOT NULL UNIQUE,
    received_on         date        NOT NULL,
    daily_sequence      integer     NOT NULL,
    form_id             text        NOT NULL,
    form_version        integer     NOT NULL,
    category            text        NOT NULL,
    title               text        NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    content             text        NOT NULL CHECK (length(content) BETWEEN 1 AND 20000),
    procedure_name      text,
    -- The unit concerned as the citizen named it (may be unknown).
    unit_id             bigint      REFERENCES units (id),
    language            text        NOT NULL,
    channel             text        NOT NULL CHECK (channel IN ('web', 'api', 'open311')),
    -- Lower-case title and content without Vietnamese marks ("ha noi" finds "Hà Nội").
    search_key          text        NOT NULL,
    content_digest      text        NOT NULL,
    received_at         timestamptz NOT NULL DEFAULT now(),
    state               text        NOT NULL DEFAULT 'received' CHECK (state IN
                        ('received', 'accepted', 'out_of_scope', 'assigned', 'in_progress', 'resolved', 'forwarded', 'published')),
    assigned_unit_id    bigint      REFERENCES units (id),
    assigned_user_id    bigint      REFERENCES users (id),
    accepted_on         date,
    due_on              date,
    handled_on          date,
    resolution          text        CHECK (resolution IN ('resolved', 'forwarded')),
    public_reply        text,
    competent_body      text,
    out_of_scope_reason text,
    redirect_to         text,
    published_at        timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (received_on, daily_sequence),
    FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version)
);

CREATE INDEX feedback_items_state_idx ON feedback_items (state, due_on);
CREATE INDEX feedback_items_assigned_unit_idx ON feedback_items (assigned_unit_id, state);
CREATE INDEX feedback_items_unit_idx ON feedback_items (unit_id, state);
CREATE INDEX feedback_items_received_on_idx ON feedback_items (received_on);

-- Every change of an item's workflow, in order. Append-only, like the audit log.
CREATE TABLE feedback_events (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id       uuid        NOT NULL REFERENCES feedback_items (id),
    at            timestamptz NOT NULL DEFAULT now(),
    actor_user_id bigint      REFERENCES users (id),
    actor_login   text        NOT NULL,
    action        text        NOT NULL,
    from_state    text,
    to_state      text        NOT NULL,
    note          text,
    details       jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX feedback_events_item_idx ON feedback_events (item_id, id);

CREATE TRIGGER feedback_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON feedback_events
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER feedback_events_no_truncate
    BEFORE TRUNCATE ON feedback_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Files sent with an item. Stored in the database (transactional with the item, backed up with
-- it) and served only to staff, by id, after an authorisation check: never at a guessable URL.
CREATE TABLE feedback_attachments (
    id         uuid        PRIMARY KEY,
    item_id    uuid        NOT NULL REFERENCES feedback_items (id),
    file_name  text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    media_type text        NOT NULL,
    size_bytes integer     NOT NULL CHECK (size_bytes > 0),
    sha256     text        NOT NULL,
    content    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX feedback_attachments_item_idx ON feedback_attachments (item_id);

-- The citizen's rating of how the item was handled, once (QĐ 766 ratio 2).
CREATE TABLE feedback_ratings (
    item_id   uuid        PRIMARY KEY REFERENCES feedback_items (id),
    satisfied boolean     NOT NULL,
    reason    text,
    rated_at  timestamptz NOT NULL DEFAULT now()
);
