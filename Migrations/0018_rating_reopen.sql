-- 0018: the rating link and reopening on dissatisfaction (issue 15).
-- Forward-only: never edit this file once it has landed; add the next number instead.

-- A citizen who rates a published result dissatisfied, with a reason, asks for it to be
-- reconsidered: the item waits in reopen_requested until staff reopen it (back to in_progress)
-- or close the request (back to published).
ALTER TABLE feedback_items DROP CONSTRAINT feedback_items_state_check;
ALTER TABLE feedback_items ADD CONSTRAINT feedback_items_state_check CHECK (state IN
    ('received', 'accepted', 'out_of_scope', 'assigned', 'in_progress', 'resolved', 'forwarded', 'published',
     'reopen_requested'));

-- Which publication the citizen is asked to rate: 1 for the first, one more each time staff
-- reopen the item, so that a reopened item is rated afresh at its next publication and the
-- earlier ratings stay as they were.
ALTER TABLE feedback_items ADD COLUMN rating_round integer NOT NULL DEFAULT 1 CHECK (rating_round >= 1);

-- One rating per item and round (it was one per item). `by_link`: given through the signed link
-- of the result message rather than with the tracking code.
ALTER TABLE feedback_ratings ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE feedback_ratings ADD COLUMN by_link boolean NOT NULL DEFAULT false;
ALTER TABLE feedback_ratings DROP CONSTRAINT feedback_ratings_pkey;
ALTER TABLE feedback_ratings ADD PRIMARY KEY (item_id, round);

-- The citizen is told when staff reopen the item, and when they close the request and why.
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_kind_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_kind_check CHECK (kind IN
    ('receipt', 'accepted', 'out_of_scope', 'published', 'reopened', 'reopen_declined'));
