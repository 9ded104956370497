-- 0026: the dossier ratings of QĐ 766 ratio 3 in the summary rollups (issue 11), so that the
-- figure costs what the satisfaction figures cost. Until now the dossier part of every QĐ 766
-- report, and so of every satisfaction report (which shows the dossier figures beside the rate),
-- read the period's responses to the dossier form: 79 s for a province-year at 10 million
-- responses (3.5 million of them dossier ratings) in scripts/bench, far past the 3 s deadline.
--
-- Per response: dossiers = 1 when it names a dossier; dossiers_dissatisfied = 1 when it names one
-- and answered an overall question (a scale question outside the five SIPAS elements) with a
-- value not declared satisfied. A dossier is rated once per form version (0012), so the sum over
-- a period is the number of rated dossiers, counting a dossier rated under two versions of the
-- form once per version (each is a rating the rule allows).
--
-- As in 0015, the new columns are filled from the responses the rollups already count (those not
-- in response_count_queue), under the compactor's lock, then lose their defaults: a server of the
-- previous version would insert rollup rows without them, so stop old servers before applying.
-- Forward-only: never edit this file once it has landed; add the next number instead.

-- One row per response, as in 0025, with the two dossier columns at the end (as CREATE OR
-- REPLACE VIEW requires).
CREATE OR REPLACE VIEW response_summaries AS
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
       a.feedback_handling_answered,
       a.satisfied * a.satisfied AS satisfied_sq,
       a.satisfied * a.answered AS satisfied_x_answered,
       a.answered * a.answered AS answered_sq,
       (a.answered > 0)::integer::int8 AS clusters,
       a.access_satisfied * a.access_satisfied AS access_satisfied_sq,
       a.access_satisfied * a.access_answered AS access_satisfied_x_answered,
       a.access_answered * a.access_answered AS access_answered_sq,
       (a.access_answered > 0)::integer::int8 AS access_clusters,
       a.procedure_satisfied * a.procedure_satisfied AS procedure_satisfied_sq,
       a.procedure_satisfied * a.procedure_answered AS procedure_satisfied_x_answered,
       a.procedure_answered * a.procedure_answered AS procedure_answered_sq,
       (a.procedure_answered > 0)::integer::int8 AS procedure_clusters,
       a.civil_servant_satisfied * a.civil_servant_satisfied AS civil_servant_satisfied_sq,
       a.civil_servant_satisfied * a.civil_servant_answered AS civil_servant_satisfied_x_answered,
       a.civil_servant_answered * a.civil_servant_answered AS civil_servant_answered_sq,
       (a.civil_servant_answered > 0)::integer::int8 AS civil_servant_clusters,
       a.result_satisfied * a.result_satisfied AS result_satisfied_sq,
       a.result_satisfied * a.result_answered AS result_satisfied_x_answered,
       a.result_answered * a.result_answered AS result_answered_sq,
       (a.result_answered > 0)::integer::int8 AS result_clusters,
       a.feedback_handling_satisfied * a.feedback_handling_satisfied AS feedback_handling_satisfied_sq,
       a.feedback_handling_satisfied * a.feedback_handling_answered AS feedback_handling_satisfied_x_answered,
       a.feedback_handling_answered * a.feedback_handling_answered AS feedback_handling_answered_sq,
       (a.feedback_handling_answered > 0)::integer::int8 AS feedback_handling_clusters,
       r.submitted_at,
       (r.dossier_code IS NOT NULL)::integer::int8 AS dossiers,
       (r.dossier_code IS NOT NULL AND a.overall_dissatisfied)::integer::int8 AS dossiers_dissatisfied
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
           count(*) FILTER (WHERE s.element = 'feedback_handling') AS feedback_handling_answered,
           COALESCE(bool_or(s.element IS NULL AND NOT s.satisfied), false) AS overall_dissatisfied
    FROM (
        SELECT q.element,
               COALESCE((r.answers -> q.question_id)::numeric = ANY (q.satisfied_values::numeric[]), false) AS satisfied
        FROM form_questions q
        WHERE q.form_id = r.form_id
          AND q.version = r.form_version
          AND jsonb_typeof(r.answers -> q.question_id) = 'number'
    ) s
) a;


ALTER TABLE summary_daily
    ADD COLUMN dossiers bigint NOT NULL DEFAULT 0,
    ADD COLUMN dossiers_dissatisfied bigint NOT NULL DEFAULT 0;

ALTER TABLE summary_halfmonthly
    ADD COLUMN dossiers bigint NOT NULL DEFAULT 0,
    ADD COLUMN dossiers_dissatisfied bigint NOT NULL DEFAULT 0;

-- No batch may land between the scan below and the commit.
SELECT pg_advisory_xact_lock(7167025187369415795);

-- The counted responses that name a dossier, summed per day, unit and form version: only those
-- rows change (every other row keeps its zeros).
CREATE TEMPORARY TABLE counted_dossiers ON COMMIT DROP AS
SELECT s.day, COALESCE(s.unit_id, 0) AS unit_key, s.form_id, s.form_version,
       sum(s.dossiers)::int8 AS dossiers,
       sum(s.dossiers_dissatisfied)::int8 AS dossiers_dissatisfied
FROM response_summaries s
WHERE s.dossiers = 1
  AND NOT EXISTS (SELECT 1 FROM response_count_queue q WHERE q.response_id = s.response_id)
GROUP BY 1, 2, 3, 4;

-- Unit ids are positive: 0 stands for "no unit" so that the join can hash.
UPDATE summary_daily t
SET dossiers = x.dossiers,
    dossiers_dissatisfied = x.dossiers_dissatisfied
FROM counted_dossiers x
WHERE t.day = x.day
  AND COALESCE(t.unit_id, 0) = x.unit_key
  AND t.form_id = x.form_id
  AND t.form_version = x.form_version;

UPDATE summary_halfmonthly t
SET dossiers = x.dossiers,
    dossiers_dissatisfied = x.dossiers_dissatisfied
FROM (
    SELECT half_month_start(c.day) AS half_start, c.unit_key, c.form_id, c.form_version,
           sum(c.dossiers)::int8 AS dossiers,
           sum(c.dossiers_dissatisfied)::int8 AS dossiers_dissatisfied
    FROM counted_dossiers c
    GROUP BY 1, 2, 3, 4
) x
WHERE t.half_start = x.half_start
  AND COALESCE(t.unit_id, 0) = x.unit_key
  AND t.form_id = x.form_id
  AND t.form_version = x.form_version;

ALTER TABLE summary_daily
    ALTER COLUMN dossiers DROP DEFAULT,
    ALTER COLUMN dossiers_dissatisfied DROP DEFAULT;

ALTER TABLE summary_halfmonthly
    ALTER COLUMN dossiers DROP DEFAULT,
    ALTER COLUMN dossiers_dissatisfied DROP DEFAULT;
