-- 0006: what the public may see of a PAKN item: an id that is not the tracking code, and a title
-- staff wrote for publication.
-- Forward-only: never edit this file once it has landed; add 0007_… instead.

-- The tracking code is the only secret behind a citizen's status page and their one-time rating,
-- so no public listing (Open311, /pakn/public) may show it: published items are listed under this
-- random id. Every item gets one now (existing rows each their own), though only published ones
-- are ever shown by it.
ALTER TABLE feedback_items
    ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();

ALTER TABLE feedback_items
    ADD CONSTRAINT feedback_items_public_id_key UNIQUE (public_id);

-- The title public listings show, set by staff in the publish step: the citizen's own title may
-- name people and is never published unreviewed. NULL until the item is published; items
-- published before this migration have none and are listed under their category's name.
ALTER TABLE feedback_items
    ADD COLUMN public_title text CHECK (public_title IS NULL OR length(public_title) BETWEEN 1 AND 500);

-- Public listings read published items only, newest first.
CREATE INDEX feedback_items_published_idx ON feedback_items (published_at DESC, id) WHERE state = 'published';
