-- 0014: the transactional outbox of messages to citizens (issue 15).
-- Forward-only: never edit this file once it has landed; add the next number instead.

-- One message to the citizen of one PAKN item, written in the same transaction as the change that
-- causes it (receipt, acceptance, out of scope, publication), and only when the item has contact
-- details stored with consent and an email among them. It names the contact row, never an
-- address: the background worker reads the address from the vault at send time, so no address is
-- ever stored in clear here. The id is the message's Message-ID, sent with it, so a receiver can
-- recognise a message sent twice after a crash between its acceptance and our commit.
CREATE TABLE outbox_messages (
    id              uuid        PRIMARY KEY,
    item_id         uuid        NOT NULL REFERENCES feedback_items (id),
    contact_id      uuid        NOT NULL REFERENCES contacts (id),
    kind            text        NOT NULL CHECK (kind IN ('receipt', 'accepted', 'out_of_scope', 'published')),
    channel         text        NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
    -- The item's language when the message was written; the template falls back to vi.
    language        text        NOT NULL,
    -- What the message says beyond the item's code: the due date, where to go instead, the
    -- public reply (nothing personal: these are published or shown to the citizen anyway).
    parameters      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    state           text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- Why the last attempt did not send it (an SMTP reply code and text, a connection error):
    -- never an address or the message's text.
    last_error      text        CHECK (length(last_error) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL)),
    CHECK (state <> 'failed' OR last_error IS NOT NULL)
);

-- The worker's scan: queued messages by when they are due.
CREATE INDEX outbox_messages_due_idx ON outbox_messages (next_attempt_at) WHERE state = 'queued';
-- The counts /metrics shows: queued and failed ones, never the many sent.
CREATE INDEX outbox_messages_unsent_idx ON outbox_messages (state) WHERE state <> 'sent';
CREATE INDEX outbox_messages_item_idx ON outbox_messages (item_id, created_at);

-- The server (civicvoice_app, 0009) writes messages, takes them (SELECT … FOR UPDATE) and records
-- each attempt; it never removes one, so staff keep seeing what was sent. Said here rather than
-- left to 0009's default privileges, which would also give DELETE.
REVOKE ALL ON outbox_messages FROM civicvoice_app;
GRANT SELECT, INSERT, UPDATE ON outbox_messages TO civicvoice_app;
