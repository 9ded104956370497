-- 0024: likely duplicates and linked items (issue 15).
-- Forward-only: never edit this file once it has landed; add the next number instead.

-- Trigram similarity (pg_trgm, in PostgreSQL's contrib: Debian's postgresql-15 package and the
-- official image ship it). It is a trusted extension, so the schema's owner, who runs migrations,
-- may create it without being a superuser; its functions are executable by everyone, the server's
-- role included.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The title without marks, lower-case, spaces collapsed (VietnameseText.searchKey), which the
-- server writes with each new item: "Đường hỏng ở bản Cát Cát" and "Duong hong o ban Cat Cat" have
-- one key, so their similarity is 1. Rows stored before this migration get it from the SQL below,
-- which folds Vietnamese letters the same way (other marked letters keep their marks: a near
-- match still scores high).
ALTER TABLE feedback_items ADD COLUMN title_key text;
UPDATE feedback_items
SET title_key = btrim(regexp_replace(
        lower(translate(normalize(title, NFC),
            'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
            'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd')),
        '\s+', ' ', 'g'));

-- A duplicate linked to its main item: one handling and one reply reach every linked citizen
-- (the main item's resolution, reply and publication are applied to each linked one, which keeps
-- its own tracking code, messages and rating). One level only: a main item is never linked, and
-- an item others are linked to cannot itself be linked (the server checks both under row locks).
ALTER TABLE feedback_items ADD COLUMN main_item_id uuid REFERENCES feedback_items (id)
    CHECK (main_item_id IS NULL OR main_item_id <> id);
CREATE INDEX feedback_items_main_item_idx ON feedback_items (main_item_id) WHERE main_item_id IS NOT NULL;

-- The candidates of a duplicate search are an item's neighbours in time (received within the
-- window), by unit or by category: these indexes find them, and similarity is computed on those
-- few rows only, so no trigram index is needed.
CREATE INDEX feedback_items_category_received_idx ON feedback_items (category, received_on);
