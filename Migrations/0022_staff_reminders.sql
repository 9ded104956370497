-- 0022: reminders and escalation (issue 15): staff email addresses, outbox messages to staff,
-- and the record of which reminder stages and daily digests were written.
-- Forward-only: never edit this file once it has landed; add the next number instead.

-- A staff member's work email, where reminders go. It is personal data like a citizen's contact
-- details, so it is sealed the same way (a contacts row under DATA_KEYS, subject_kind
-- 'staff_user'): this column names that row, never the address. Changing or removing the
-- address erases the old row.
ALTER TABLE users ADD COLUMN email_contact_id uuid UNIQUE REFERENCES contacts (id);

-- A message goes either to a citizen's contact row (as before) or to a staff account, whose
-- address is read from the account at send time (so a changed address, or a disabled account,
-- is respected). A unit's daily digest is about no single item.
ALTER TABLE outbox_messages ALTER COLUMN contact_id DROP NOT NULL;
ALTER TABLE outbox_messages ALTER COLUMN item_id DROP NOT NULL;
ALTER TABLE outbox_messages ADD COLUMN recipient_user_id bigint REFERENCES users (id);
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_one_recipient_check
    CHECK (num_nonnulls(contact_id, recipient_user_id) = 1);
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_item_check
    CHECK (item_id IS NOT NULL OR kind = 'digest');
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_kind_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_kind_check CHECK (kind IN
    ('receipt', 'accepted', 'out_of_scope', 'published', 'reopened', 'reopen_declined',
     'reminder', 'overdue', 'digest'));
CREATE INDEX outbox_messages_recipient_user_idx ON outbox_messages (recipient_user_id) WHERE recipient_user_id IS NOT NULL;

-- Each reminder stage of an item is written once: `before:3` and `before:1` (working days before
-- the due date, REMINDER_LEAD_DAYS), `overdue`. The row is inserted ON CONFLICT DO NOTHING in the
-- transaction that writes the stage's outbox messages, so a stage is sent once however many
-- servers scan and however often they restart.
CREATE TABLE feedback_reminders (
    item_id    uuid        NOT NULL REFERENCES feedback_items (id),
    stage      text        NOT NULL CHECK (stage ~ '^(before:[0-9]{1,2}|overdue)$'),
    -- The due date the stage was counted from.
    due_on     date        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, stage)
);

-- One digest per unit and working day, by the same rule.
CREATE TABLE unit_digests (
    unit_id    bigint      NOT NULL REFERENCES units (id),
    day        date        NOT NULL,
    items      integer     NOT NULL CHECK (items > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, day)
);

-- The server records stages and digests and never changes or removes one: that is what keeps
-- each sent once.
REVOKE ALL ON feedback_reminders, unit_digests FROM civicvoice_app;
GRANT SELECT, INSERT ON feedback_reminders, unit_digests TO civicvoice_app;
