-- 0025: responses partitioned by month (issue 14, docs/scaling.md §3). A month of responses can
-- then be archived and dropped as one table instead of deleted and vacuumed row by row, and each
-- month's indexes stay small enough to be cached.
--
-- * responses becomes PARTITION BY RANGE (submitted_at), one partition per Vietnamese calendar
--   month, bounded at midnight in Asia/Ho_Chi_Minh (the days the reports count), created ahead of
--   time by create_response_partitions (the server calls it every hour). A DEFAULT partition takes
--   what no month holds: paper forms typed in long after the fact, older than the first month.
-- * The table as it stands is attached in place as one partition covering its months (no copy).
-- * A key on a partitioned table must include the partition key, so (id, submitted_at) would not
--   stop one id from being stored twice in two months (a replay gets a new now()). response_ids
--   holds every id ever stored, with its instant and digest: the write statement claims the id
--   there first, so 201 / 200 / 409 stay exact across months, and a replay is told by one probe.
-- * The counts queue carries submitted_at, so that the compactor's and the reports' look-ups of
--   queued responses by id read only the months concerned (partition pruning).
-- * response_months_dropped records the months retired by `civicvoice responses drop-month`:
--   the rollups keep their counts, and verify and rebuild leave those months alone.
--
-- Stop servers of the previous version before applying this: their write statement relies on a
-- unique key on id alone. Forward-only: never edit this file once it has landed; add the next.

-- No compaction batch and no submission between the copies below and the commit.
SELECT pg_advisory_xact_lock(7167025187369415795);
LOCK TABLE responses IN ACCESS EXCLUSIVE MODE;

-- The first instant of the Vietnamese calendar month `later` months after the one holding `t`.
CREATE FUNCTION response_month_start(t timestamptz, later integer) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (date_trunc('month', t AT TIME ZONE 'Asia/Ho_Chi_Minh') + make_interval(months => later))
           AT TIME ZONE 'Asia/Ho_Chi_Minh';

-- Every response id ever stored, kept when its month is dropped, so that a late replay of a
-- dropped response is still answered 200 or 409 and never counted twice. Not partitioned by time.
CREATE TABLE response_ids (
    id             uuid        PRIMARY KEY,
    submitted_at   timestamptz NOT NULL,
    content_digest text        NOT NULL
);

INSERT INTO response_ids (id, submitted_at, content_digest)
SELECT id, submitted_at, content_digest
FROM responses;

-- The queue learns each response's instant. A queued id whose response is gone counted nothing
-- before (CountsCompactor) and leaves the queue now.
ALTER TABLE response_count_queue ADD COLUMN submitted_at timestamptz;

UPDATE response_count_queue q
SET submitted_at = r.submitted_at
FROM responses r
WHERE r.id = q.response_id;

DELETE FROM response_count_queue
WHERE submitted_at IS NULL;

ALTER TABLE response_count_queue ALTER COLUMN submitted_at SET NOT NULL;

-- The table as it stands, under a temporary name; response_ids now keeps the ids unique.
ALTER TABLE responses RENAME TO responses_before_partitioning;
ALTER TABLE responses_before_partitioning DROP CONSTRAINT responses_pkey;
ALTER TABLE responses_before_partitioning ALTER COLUMN id SET NOT NULL;
ALTER INDEX responses_form_submitted_idx RENAME TO responses_before_partitioning_form_submitted_idx;
ALTER INDEX responses_unit_submitted_idx RENAME TO responses_before_partitioning_unit_submitted_idx;

-- As in 0001, keyed by (id, submitted_at). The constraints keep the names the old table's have:
-- attaching a table as a partition matches CHECK constraints by name.
CREATE TABLE responses (
    id             uuid        NOT NULL,
    form_id        text        NOT NULL,
    form_version   integer     NOT NULL,
    unit_id        bigint,
    language       text        NOT NULL,
    channel        text        NOT NULL,
    dossier_code   text,
    answers        jsonb       NOT NULL,
    content_digest text        NOT NULL,
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT responses_pkey PRIMARY KEY (id, submitted_at),
    CONSTRAINT responses_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES units (id),
    CONSTRAINT responses_form_id_form_version_fkey
        FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version),
    CONSTRAINT responses_language_check CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    CONSTRAINT responses_channel_check CHECK (channel IN ('web', 'api', 'kiosk', 'paper')),
    CONSTRAINT responses_answers_check CHECK (jsonb_typeof(answers) = 'object')
) PARTITION BY RANGE (submitted_at);

CREATE INDEX responses_form_submitted_idx ON responses (form_id, form_version, submitted_at);
CREATE INDEX responses_unit_submitted_idx ON responses (unit_id, submitted_at);

-- The old table becomes the partition of the months it holds, from its oldest response's month
-- (this month when it is empty) to this month or its newest response's, whichever is later; it is
-- named after them (responses_2026_12, or responses_2025_03_to_2026_12). Its two indexes are
-- attached as they are; only the (id, submitted_at) key is built.
DO $$
DECLARE
    first_month timestamptz;
    after_last  timestamptz;
    legacy      text;
BEGIN
    SELECT response_month_start(COALESCE(min(submitted_at), now()), 0),
           greatest(response_month_start(now(), 1), response_month_start(COALESCE(max(submitted_at), now()), 1))
    INTO first_month, after_last
    FROM responses_before_partitioning;
    legacy := 'responses_' || to_char(first_month AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY_MM');
    IF after_last > response_month_start(first_month, 1) THEN
        legacy := legacy || '_to_' || to_char(response_month_start(after_last, -1) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY_MM');
    END IF;
    EXECUTE format('ALTER TABLE responses_before_partitioning RENAME TO %I', legacy);
    EXECUTE format('ALTER INDEX responses_before_partitioning_form_submitted_idx RENAME TO %I', legacy || '_form_submitted_idx');
    EXECUTE format('ALTER INDEX responses_before_partitioning_unit_submitted_idx RENAME TO %I', legacy || '_unit_submitted_idx');
    EXECUTE format('ALTER TABLE responses ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', legacy, first_month, after_last);
END
$$;

CREATE TABLE responses_default PARTITION OF responses DEFAULT;

-- The partitions of `responses`, with their bounds read back from the catalogue (NULL for the
-- DEFAULT partition): what create_response_partitions and `civicvoice responses` work from.
CREATE VIEW response_partitions AS
SELECT c.relname AS partition_name,
       b.bounds[1]::timestamptz AS lower_bound,
       b.bounds[2]::timestamptz AS upper_bound
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
CROSS JOIN LATERAL (
    SELECT regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\) TO \(''([^'']+)''\)') AS bounds
) b
WHERE i.inhparent = 'public.responses'::regclass;

-- Creates the monthly partitions from the month holding `first_month` to the one holding
-- `last_month` (at most 121) that no partition covers yet, and returns how many it created.
-- SECURITY DEFINER: the server's role may not create tables (0009), yet its scheduled job must
-- make next month's partition; this function is the only DDL it can reach, bounded in what it
-- does. Each partition is made as a table of its own and then attached, which takes only a SHARE
-- UPDATE EXCLUSIVE lock on `responses` (submissions go on); rows the DEFAULT partition took for
-- that month meanwhile move into it first. Several servers may call it at once: one at a time.
CREATE FUNCTION create_response_partitions(first_month timestamptz, last_month timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
    SET lock_timeout = '5s'
AS $$
DECLARE
    month_start timestamptz := public.response_month_start(first_month, 0);
    month_end   timestamptz;
    new_partition text;
    created     integer := 0;
BEGIN
    IF first_month IS NULL OR last_month IS NULL OR last_month < first_month
       OR public.response_month_start(last_month, 0) > public.response_month_start(first_month, 120) THEN
        RAISE EXCEPTION 'create_response_partitions: between 1 and 121 months, first to last'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(7166744547185339251);
    WHILE month_start <= last_month LOOP
        month_end := public.response_month_start(month_start, 1);
        IF NOT EXISTS (SELECT 1
                       FROM public.response_partitions p
                       WHERE p.lower_bound < month_end AND p.upper_bound > month_start) THEN
            new_partition := 'responses_' || to_char(month_start AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY_MM');
            EXECUTE format('CREATE TABLE public.%I (LIKE public.responses INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', new_partition);
            EXECUTE format($sql$
                WITH moved AS (
                    DELETE FROM public.responses_default
                    WHERE submitted_at >= $1 AND submitted_at < $2
                    RETURNING id, form_id, form_version, unit_id, language, channel, dossier_code, answers,
                              content_digest, submitted_at
                )
                INSERT INTO public.%I (id, form_id, form_version, unit_id, language, channel, dossier_code, answers,
                                content_digest, submitted_at)
                SELECT id, form_id, form_version, unit_id, language, channel, dossier_code, answers,
                       content_digest, submitted_at
                FROM moved
                $sql$, new_partition) USING month_start, month_end;
            EXECUTE format('ALTER TABLE public.responses ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
                           new_partition, month_start, month_end);
            -- Default privileges (0009) grant the same; said here so as not to depend on them.
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO civicvoice_app', new_partition);
            created := created + 1;
        END IF;
        month_start := month_end;
    END LOOP;
    RETURN created;
END
$$;

REVOKE EXECUTE ON FUNCTION create_response_partitions(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_response_partitions(timestamptz, timestamptz) TO civicvoice_app;

-- This month and the next three, as the server's job keeps them.
SELECT create_response_partitions(now(), response_month_start(now(), 3));

-- The views of 0005 and 0015 over the partitioned table (they followed the old one by its oid),
-- with submitted_at added at the end (as CREATE OR REPLACE VIEW requires), so that a look-up by
-- response id can also bound the instant and read only the months concerned. Otherwise unchanged.
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
       q.element,
       r.submitted_at
FROM responses r
JOIN form_questions q ON q.form_id = r.form_id AND q.version = r.form_version
WHERE jsonb_typeof(r.answers -> q.question_id) = 'number';

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
       r.submitted_at
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

-- The months `civicvoice responses drop-month` retired: their responses are gone, their counts
-- stay in the rollups. Written by that command (as the schema owner), read by verify and rebuild.
CREATE TABLE response_months_dropped (
    month      date        PRIMARY KEY CHECK (extract(day FROM month) = 1),
    dropped_at timestamptz NOT NULL DEFAULT now(),
    -- Responses removed (every time the month was dropped: late paper forms may follow).
    responses  bigint      NOT NULL CHECK (responses >= 0),
    -- Dropped with --force although its figures did not match its responses or some were queued.
    forced     boolean     NOT NULL
);

-- The server's role (0009): rows of responses and the queue as before; ids are inserted and read,
-- never changed or removed; the record of dropped months is the command's, read-only here.
GRANT SELECT, INSERT, UPDATE, DELETE ON responses, responses_default, response_count_queue TO civicvoice_app;
GRANT SELECT, INSERT ON response_ids TO civicvoice_app;
REVOKE UPDATE, DELETE, TRUNCATE ON response_ids FROM civicvoice_app;
GRANT SELECT ON response_partitions, response_months_dropped, scored_answers, response_summaries TO civicvoice_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON response_partitions, response_months_dropped FROM civicvoice_app;
