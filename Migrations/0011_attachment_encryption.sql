-- 0011: attachments encrypted at rest like contact details (issue 13): a citizen's scan of a
-- document or a photo is as personal as their phone number. Each file is sealed with AES-GCM
-- under the data key named by key_id (DATA_KEYS), bound to its id; erasure on a data subject's
-- request clears it and keeps the row, so counts and history stay.
-- Forward-only: never edit this file once it has landed; add 0012_… instead.
--
-- Rows stored before this migration keep their bytes in `content` until the server, at its next
-- start, seals them (AttachmentVault.sealPlaintext, in batches, every server taking different
-- rows); nothing new is ever written to `content`.
ALTER TABLE feedback_attachments
    ALTER COLUMN content DROP NOT NULL,
    ADD COLUMN key_id text,
    ADD COLUMN nonce bytea,
    ADD COLUMN ciphertext bytea,
    ADD COLUMN erased_at timestamptz;

ALTER TABLE feedback_attachments
    ADD CONSTRAINT feedback_attachments_sealed_check
        CHECK ((key_id IS NULL) = (nonce IS NULL) AND (key_id IS NULL) = (ciphertext IS NULL)),
    ADD CONSTRAINT feedback_attachments_one_copy_check CHECK (content IS NULL OR ciphertext IS NULL),
    ADD CONSTRAINT feedback_attachments_erased_check
        CHECK ((erased_at IS NOT NULL) = (content IS NULL AND ciphertext IS NULL));

-- The rows still to seal.
CREATE INDEX feedback_attachments_plaintext_idx ON feedback_attachments (id) WHERE content IS NOT NULL;
