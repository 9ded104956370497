-- 0005: one summary row per half-month (and per day), unit and form version, holding everything a
-- satisfaction report needs except the question, language and channel: respondents, the pooled
-- counts and the five SIPAS elements' counts (issue 6). A year for a whole province then reads at
-- most 24 × units × form versions rows, whatever the number of responses and of answer languages
-- and channels; the per-question and per-language rollups of 0004 serve only those breakdowns.
-- Forward-only: never edit this file once it has landed; add 0006_… instead.

-- The scored answers with their question's SIPAS element (added at the end, as CREATE OR REPLACE
-- VIEW requires). Otherwise as in 0004.
CREATE OR REPLACE VIEW scored_answers AS
SELECT r.id AS response_id,
       (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
       r.unit_id,
       r.form_id,
       r.form_version,
       q.question_id,
       r.language,
       r.channel,
       COALESCE((r.answers -> q.question_id)::numeric = ANY (q.satisfied_values::numeric[]), false) AS satisfied,
       q.element
FROM responses r
JOIN form_questions q ON q.form_id = r.form_id AND q.version = r.form_version
WHERE jsonb_typeof(r.answers -> q.question_id) = 'number';

-- One row per response with its counts over its scale answers (zeros when it answered none): the
-- one definition the compactor and the reports use for respondents and element totals. Filtering
-- on response_id reaches the primary key, so reading the queued responses through it is cheap.
CREATE VIEW response_summaries AS
SELECT r.id AS response_id,
       (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
       r.unit_id,
       r.form_id,
       r.form_version,
       r.language,
       r.channel,
       a.satisfied,
       a.answered,
       a.access_satisfied,
       a.access_answered,
       a.procedure_satisfied,
       a.procedure_answered,
       a.civil_servant_satisfied,
       a.civil_servant_answered,
       a.result_satisfied,
       a.result_answered,
       a.feedback_handling_satisfied,
       a.feedback_handling_answered
FROM responses r
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE s.satisfied) AS satisfied,
           count(*) AS answered,
           count(*) FILTER (WHERE s.element = 'access' AND s.satisfied) AS access_satisfied,
           count(*) FILTER (WHERE s.element = 'access') AS access_answered,
           count(*) FILTER (WHERE s.element = 'procedure' AND s.satisfied) AS procedure_satisfied,
           count(*) FILTER (WHERE s.element = 'procedure') AS procedure_answered,
           count(*) FILTER (WHERE s.element = 'civil_servant' AND s.satisfied) AS civil_servant_satisfied,
           count(*) FILTER (WHERE s.element = 'civil_servant') AS civil_servant_answered,
           count(*) FILTER (WHERE s.element = 'result' AND s.satisfied) AS result_satisfied,
           count(*) FILTER (WHERE s.element = 'result') AS result_answered,
           count(*) FILTER (WHERE s.element = 'feedback_handling' AND s.satisfied) AS feedback_handling_satisfied,
           count(*) FILTER (WHERE s.element = 'feedback_handling') AS feedback_handling_answered
    FROM (
        SELECT q.element,
               COALESCE((r.answers -> q.question_id)::numeric = ANY (q.satisfied_values::numeric[]), false) AS satisfied
        FROM form_questions q
        WHERE q.form_id = r.form_id
          AND q.version = r.form_version
          AND jsonb_typeof(r.answers -> q.question_id) = 'number'
    ) s
) a;

CREATE TABLE summary_daily (
    day                         date    NOT NULL,
    unit_id                     bigint,
    form_id                     text    NOT NULL,
    form_version                integer NOT NULL,
    responses                   bigint  NOT NULL CHECK (responses >= 0),
    satisfied                   bigint  NOT NULL CHECK (satisfied >= 0),
    answered                    bigint  NOT NULL CHECK (answered >= satisfied),
    access_satisfied            bigint  NOT NULL,
    access_answered             bigint  NOT NULL,
    procedure_satisfied         bigint  NOT NULL,
    procedure_answered          bigint  NOT NULL,
    civil_servant_satisfied     bigint  NOT NULL,
    civil_servant_answered      bigint  NOT NULL,
    result_satisfied            bigint  NOT NULL,
    result_answered             bigint  NOT NULL,
    feedback_handling_satisfied bigint  NOT NULL,
    feedback_handling_answered  bigint  NOT NULL,
    CONSTRAINT summary_daily_key UNIQUE NULLS NOT DISTINCT (day, unit_id, form_id, form_version)
) WITH (fillfactor = 80);

CREATE TABLE summary_halfmonthly (
    half_start                  date    NOT NULL CHECK (extract(day FROM half_start) IN (1, 15)),
    unit_id                     bigint,
    form_id                     text    NOT NULL,
    form_version                integer NOT NULL,
    responses                   bigint  NOT NULL CHECK (responses >= 0),
    satisfied                   bigint  NOT NULL CHECK (satisfied >= 0),
    answered                    bigint  NOT NULL CHECK (answered >= satisfied),
    access_satisfied            bigint  NOT NULL,
    access_answered             bigint  NOT NULL,
    procedure_satisfied         bigint  NOT NULL,
    procedure_answered          bigint  NOT NULL,
    civil_servant_satisfied     bigint  NOT NULL,
    civil_servant_answered      bigint  NOT NULL,
    result_satisfied            bigint  NOT NULL,
    result_answered             bigint  NOT NULL,
    feedback_handling_satisfied bigint  NOT NULL,
    feedback_handling_answered  bigint  NOT NULL,
    CONSTRAINT summary_halfmonthly_key UNIQUE NULLS NOT DISTINCT (half_start, unit_id, form_id, form_version)
) WITH (fillfactor = 80);

-- What the rollups of 0004 hold (everything counted so far; the queue is counted by the compactor
-- into every rollup, these included), under the compactor's lock (CountsCompactor.lockKey), so that
-- no batch lands between the copy and the commit. A server of the previous version would keep
-- compacting into the 0004 rollups only: stop old servers before applying this migration.
SELECT pg_advisory_xact_lock(7167025187369415795);

INSERT INTO summary_daily
    (day, unit_id, form_id, form_version, responses, satisfied, answered,
     access_satisfied, access_answered, procedure_satisfied, procedure_answered,
     civil_servant_satisfied, civil_servant_answered, result_satisfied, result_answered,
     feedback_handling_satisfied, feedback_handling_answered)
SELECT c.day, c.unit_id, c.form_id, c.form_version, sum(c.responses), sum(c.satisfied), sum(c.answered),
       COALESCE(sum(c.satisfied) FILTER (WHERE c.element = 'access'), 0), COALESCE(sum(c.answered) FILTER (WHERE c.element = 'access'), 0),
       COALESCE(sum(c.satisfied) FILTER (WHERE c.element = 'procedure'), 0), COALESCE(sum(c.answered) FILTER (WHERE c.element = 'procedure'), 0),
       COALESCE(sum(c.satisfied) FILTER (WHERE c.element = 'civil_servant'), 0),
       COALESCE(sum(c.answered) FILTER (WHERE c.element = 'civil_servant'), 0),
       COALESCE(sum(c.satisfied) FILTER (WHERE c.element = 'result'), 0), COALESCE(sum(c.answered) FILTER (WHERE c.element = 'result'), 0),
       COALESCE(sum(c.satisfied) FILTER (WHERE c.element = 'feedback_handling'), 0),
       COALESCE(sum(c.answered) FILTER (WHERE c.element = 'feedback_handling'), 0)
FROM (
    SELECT d.day, d.unit_id, d.form_id, d.form_version, 0 AS responses, d.satisfied, d.answered, q.element
    FROM satisfaction_daily d
    JOIN form_questions q ON q.form_id = d.form_id AND q.version = d.form_version AND q.question_id = d.question_id
    UNION ALL
    SELECT d.day, d.unit_id, d.form_id, d.form_version, d.responses, 0, 0, NULL
    FROM response_daily d
) c
GROUP BY c.day, c.unit_id, c.form_id, c.form_version;

INSERT INTO summary_halfmonthly
    (half_start, unit_id, form_id, form_version, responses, satisfied, answered,
     access_satisfied, access_answered, procedure_satisfied, procedure_answered,
     civil_servant_satisfied, civil_servant_answered, result_satisfied, result_answered,
     feedback_handling_satisfied, feedback_handling_answered)
SELECT half_month_start(d.day), d.unit_id, d.form_id, d.form_version, sum(d.responses), sum(d.satisfied),
       sum(d.answered), sum(d.access_satisfied), sum(d.access_answered), sum(d.procedure_satisfied),
       sum(d.procedure_answered), sum(d.civil_servant_satisfied), sum(d.civil_servant_answered),
       sum(d.result_satisfied), sum(d.result_answered), sum(d.feedback_handling_satisfied),
       sum(d.feedback_handling_answered)
FROM summary_daily d
GROUP BY half_month_start(d.day), d.unit_id, d.form_id, d.form_version;
