-- 0012: a dossier is rated once per form version (issue 13). The one-stop desk's rating counts
-- one answer per dossier (Thông tư 01/2018/TT-VPCP); a second response naming the same dossier
-- code under the same form version is refused (409) and stores nothing, so that nobody can move
-- a unit's figures by rating one receipt again and again.
-- Forward-only: never edit this file once it has landed; add the next number instead.
--
-- A table of its own rather than a unique index on responses: once responses are partitioned
-- by month (issue 14), a unique index there would hold only within one month. The batch writer
-- inserts here in the same statement that stores the response, so both commit or neither.
CREATE TABLE dossier_ratings (
    form_id      text    NOT NULL,
    form_version integer NOT NULL,
    dossier_code text    NOT NULL,
    -- The response that holds the code; kept when responses are later dropped by month, so that
    -- the rule still holds for what was rated before.
    response_id  uuid    NOT NULL,
    CONSTRAINT dossier_ratings_key PRIMARY KEY (form_id, form_version, dossier_code)
);

-- Responses stored before this migration: the first rating of each dossier holds its code.
INSERT INTO dossier_ratings (form_id, form_version, dossier_code, response_id)
SELECT DISTINCT ON (form_id, form_version, dossier_code)
       form_id, form_version, dossier_code, id
FROM responses
WHERE dossier_code IS NOT NULL
ORDER BY form_id, form_version, dossier_code, submitted_at, id;
