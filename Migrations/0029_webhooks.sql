-- 0029: webhooks (issue 15): subscriptions of the province's integration platform, SMS gateways
-- and the like, and an outbox of signed deliveries to them.
-- Forward-only: never edit this file once it has landed; add the next number instead.

-- One receiver: where to POST, which events, and the secret that signs each delivery, sealed
-- with AES-GCM under DATA_KEYS like contact details (the server needs it in clear to sign, so it
-- cannot be a hash; a database dump alone does not let anyone forge deliveries). A subscription is
-- never deleted, only deactivated, so its deliveries stay visible.
CREATE TABLE webhook_subscriptions (
    id                   uuid        PRIMARY KEY,
    name                 text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    url                  text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    events               text[]      NOT NULL CHECK (
                             cardinality(events) > 0
                             AND events <@ ARRAY['feedback.received', 'feedback.state_changed',
                                                 'feedback.published', 'response.stored']),
    -- Only a subscription marked so receives a PAKN citizen's contact details (and only those
    -- stored with consent and not erased, read from the vault when the delivery is sent).
    allows_personal_data boolean     NOT NULL DEFAULT false,
    secret_key_id        text        NOT NULL,
    secret_nonce         bytea       NOT NULL,
    secret_ciphertext    bytea       NOT NULL,
    active               boolean     NOT NULL DEFAULT true,
    created_by           bigint      REFERENCES users (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    deactivated_at       timestamptz,
    CHECK (active = (deactivated_at IS NULL))
);

-- One event for one subscription, written in the transaction of the change (so it exists exactly
-- when the change committed), sent by a background worker. Its id is the idempotency key sent in
-- `CivicVoice-Delivery` and `Idempotency-Key`, the same on every attempt: a receiver that already
-- acknowledged it can tell a resend after a crash. The payload holds nothing personal; contact
-- details are added at send time, only for a subscription allowed to receive them.
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES webhook_subscriptions (id),
    -- The event's own id, the same for every subscription that receives it.
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    item_id         uuid        REFERENCES feedback_items (id),
    payload         jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    state           text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- A worker takes a delivery for a while (a lease) and sends it outside any transaction; a
    -- worker that dies mid-send leaves the lease to expire, and the next one sends it again.
    lease_token     uuid,
    leased_until    timestamptz,
    last_status     integer,
    last_error      text        CHECK (length(last_error) <= 500),
    delivered_at    timestamptz,
    UNIQUE (subscription_id, event_id),
    CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state = 'queued';
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, occurred_at DESC);

-- Every attempt, for the console: when, the receiver's status code or the error, how long.
-- An attempt with no finish is one whose worker stopped mid-send.
CREATE TABLE webhook_attempts (
    delivery_id uuid        NOT NULL REFERENCES webhook_deliveries (id),
    attempt     integer     NOT NULL CHECK (attempt >= 1),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status_code integer,
    error       text        CHECK (length(error) <= 500),
    PRIMARY KEY (delivery_id, attempt)
);

-- The PAKN events, written from the item's append-only history: every path that changes an item
-- (intake, a staff transition, a linked main item's handling, a citizen's dissatisfied rating)
-- writes a feedback_events row in its transaction, so a trigger there cannot be forgotten by a
-- path added later. A note (same state before and after) sends nothing. With no active
-- subscription the INSERT … SELECT finds no row: intake pays one scan of a tiny table.
-- The event id is derived from the history row and the type, so it is the same for every
-- subscription (and stable if the trigger ever ran twice).
CREATE FUNCTION webhook_feedback_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, item_id, payload, occurred_at)
    SELECT gen_random_uuid(),
           s.id,
           md5('feedback_events:' || NEW.id || ':' || t.event_type)::uuid,
           t.event_type,
           NEW.item_id,
           jsonb_build_object(
               'tracking_code', i.tracking_code,
               'state', NEW.to_state,
               'previous_state', NEW.from_state,
               'action', NEW.action,
               'category', i.category,
               'channel', i.channel,
               'language', i.language,
               'unit', u.code,
               'assigned_unit', au.code,
               'received_on', i.received_on,
               'due_on', i.due_on,
               'resolution', i.resolution,
               'published_at', i.published_at,
               'public_title', CASE WHEN i.published_at IS NOT NULL THEN i.public_title END,
               'public_reply', CASE WHEN NEW.to_state = 'published' THEN i.public_reply END),
           NEW.at
    FROM (VALUES ('feedback.received', NEW.action = 'receive'),
                 ('feedback.state_changed', NEW.from_state IS NOT NULL AND NEW.from_state <> NEW.to_state),
                 ('feedback.published', NEW.to_state = 'published' AND NEW.from_state IS DISTINCT FROM 'published'))
         AS t (event_type, applies)
    JOIN webhook_subscriptions s
      ON s.active AND t.event_type = ANY (s.events)
    JOIN feedback_items i ON i.id = NEW.item_id
    LEFT JOIN units u ON u.id = i.unit_id
    LEFT JOIN units au ON au.id = i.assigned_unit_id
    WHERE t.applies;
    RETURN NULL;
END
$$;

CREATE TRIGGER feedback_events_webhooks
    AFTER INSERT ON feedback_events
    FOR EACH ROW
    WHEN (NEW.action = 'receive' OR NEW.from_state IS DISTINCT FROM NEW.to_state)
    EXECUTE FUNCTION webhook_feedback_event();

-- The server reads and writes these rows; it never deletes one, so the console keeps the history.
REVOKE ALL ON webhook_subscriptions, webhook_deliveries, webhook_attempts FROM civicvoice_app;
GRANT SELECT, INSERT, UPDATE ON webhook_subscriptions, webhook_deliveries, webhook_attempts TO civicvoice_app;
