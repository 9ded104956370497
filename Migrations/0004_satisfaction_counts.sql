-- 0004: satisfaction and response counts kept up to date as responses arrive, and metric targets
-- (issue 6). Forward-only: never edit this file once it has landed; add 0005_… instead.
--
-- How the counts stay exact without hot rows:
-- * The statement that stores a survey response also appends its id to response_count_queue
--   (ResponseStore.insert). Nothing is updated on the submission path, so concurrent submissions
--   never queue behind one another on a counter row.
-- * CountsCompactor moves ids from the queue into the rollups below, one transaction per batch:
--   an id leaves the queue in the same commit that adds its answers to the rollups.
-- * Queries read the rollups UNION ALL what is still queued, in one snapshot, so they are exact at
--   any moment, whether or not the compactor has caught up.
-- * The demo loader writes responses with COPY and adds its own aggregated counts to the rollups in
--   the same transaction, bypassing the queue.
-- Counts are additive, so any subset of the queue may be moved at any time, as long as each id moves
-- exactly once. Every writer of the rollups holds the compactor's advisory lock (CountsCompactor.lockKey).
-- unit_id is NULL for a response that names no unit: the keys are UNIQUE NULLS NOT DISTINCT so that
-- such responses still add up in one row per key.

-- The first day of the half-month of `d`: the 1st or the 15th. Both reporting conventions cut periods
-- on these days (calendar months on the 1st, the NĐ 09/2019 cut-off on the 15th), so every period but
-- a custom one is a whole number of half-months. Plain date arithmetic: no time zone involved.
CREATE FUNCTION half_month_start(d date) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN d - CASE WHEN extract(day FROM d) >= 15
                    THEN extract(day FROM d)::integer - 15
                    ELSE extract(day FROM d)::integer - 1
               END;

-- Every answered scale question of every response, as the counts see it: the Vietnamese calendar
-- day of the submission, and whether the value is one the question's scale declares satisfied
-- (form_questions.satisfied_values). The one definition of "answered" and "satisfied" that the
-- compactor, the queries over the queue and the consistency checks share. A skipped question has
-- no key (or null) in `answers` and is not answered.
CREATE VIEW scored_answers AS
SELECT r.id AS response_id,
       (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
       r.unit_id,
       r.form_id,
       r.form_version,
       q.question_id,
       r.language,
       r.channel,
       COALESCE((r.answers -> q.question_id)::numeric = ANY (q.satisfied_values::numeric[]), false) AS satisfied
FROM responses r
JOIN form_questions q ON q.form_id = r.form_id AND q.version = r.form_version
WHERE jsonb_typeof(r.answers -> q.question_id) = 'number';

-- Responses stored but not yet in the rollups. Append-only on the submission path, emptied by the
-- compactor. No index and no foreign key on purpose: an insert here is one heap tuple and nothing
-- else, and readers scan the whole (short) queue anyway. Vacuumed eagerly, since every row is
-- deleted within seconds of its insert.
CREATE TABLE response_count_queue (
    response_id uuid NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);

-- Satisfied and answered per day and every dimension a report can break down by: the finest rollup,
-- read for days that do not fill a half-month (custom periods) and for language or channel on them.
CREATE TABLE satisfaction_daily (
    day          date    NOT NULL,
    unit_id      bigint,
    form_id      text    NOT NULL,
    form_version integer NOT NULL,
    question_id  text    NOT NULL,
    language     text    NOT NULL,
    channel      text    NOT NULL,
    satisfied    bigint  NOT NULL CHECK (satisfied >= 0),
    answered     bigint  NOT NULL CHECK (answered >= satisfied),
    CONSTRAINT satisfaction_daily_key
        UNIQUE NULLS NOT DISTINCT (day, unit_id, form_id, form_version, question_id, language, channel)
) WITH (fillfactor = 80);

-- The same per half-month, without language and channel: a year for a whole province reads at most
-- 24 × units × questions rows here, however many responses there are.
CREATE TABLE satisfaction_halfmonthly (
    half_start   date    NOT NULL CHECK (extract(day FROM half_start) IN (1, 15)),
    unit_id      bigint,
    form_id      text    NOT NULL,
    form_version integer NOT NULL,
    question_id  text    NOT NULL,
    satisfied    bigint  NOT NULL CHECK (satisfied >= 0),
    answered     bigint  NOT NULL CHECK (answered >= satisfied),
    CONSTRAINT satisfaction_halfmonthly_key
        UNIQUE NULLS NOT DISTINCT (half_start, unit_id, form_id, form_version, question_id)
) WITH (fillfactor = 80);

-- Responses (forms, not answers: Yamane's sample counts respondents) per day.
CREATE TABLE response_daily (
    day          date    NOT NULL,
    unit_id      bigint,
    form_id      text    NOT NULL,
    form_version integer NOT NULL,
    language     text    NOT NULL,
    channel      text    NOT NULL,
    responses    bigint  NOT NULL CHECK (responses >= 0),
    CONSTRAINT response_daily_key
        UNIQUE NULLS NOT DISTINCT (day, unit_id, form_id, form_version, language, channel)
) WITH (fillfactor = 80);

-- Responses per half-month with their satisfied and answered totals over every scale question: the
-- respondents of any report, and the rates per language and channel, without the question dimension.
CREATE TABLE response_halfmonthly (
    half_start   date    NOT NULL CHECK (extract(day FROM half_start) IN (1, 15)),
    unit_id      bigint,
    form_id      text    NOT NULL,
    form_version integer NOT NULL,
    language     text    NOT NULL,
    channel      text    NOT NULL,
    responses    bigint  NOT NULL CHECK (responses >= 0),
    satisfied    bigint  NOT NULL CHECK (satisfied >= 0),
    answered     bigint  NOT NULL CHECK (answered >= satisfied),
    CONSTRAINT response_halfmonthly_key
        UNIQUE NULLS NOT DISTINCT (half_start, unit_id, form_id, form_version, language, channel)
) WITH (fillfactor = 80);

-- Responses stored before this migration are counted by the compactor like new ones.
INSERT INTO response_count_queue (response_id)
SELECT id
FROM responses;

-- The rate a unit is held to (DOMAIN.md: "at least 90%"), settable per unit and form. A NULL unit is
-- the default for every unit; a NULL form applies to every form. See AnalyticsStore+Targets for the
-- order in which settings apply.
CREATE TABLE metric_targets (
    unit_id    bigint       REFERENCES units (id),
    form_id    text         REFERENCES forms (id),
    target     numeric(5,4) NOT NULL CHECK (target >= 0 AND target <= 1),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT metric_targets_key UNIQUE NULLS NOT DISTINCT (unit_id, form_id)
);
