-- 0016: values of PAR plan targets entered by the unit responsible (issue 16): for a plan of
-- Forms/plans (its id, `2022-LC.SVHTT`), a target of it and a reporting period (Q1, 6 months, Q3,
-- year), the value, the note that explains it and optionally a link to the evidence. Computed
-- targets are never stored: they are counted from the responses, PAKN and dossier statistics.
-- Forward-only: never edit this file once it has landed; add the next one instead.

-- Append-only: entering a target again adds a row, the latest one counts, and the earlier ones
-- stay as the history (each entry is in the audit log too).
CREATE TABLE plan_values (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id       text        NOT NULL CHECK (length(plan_id) BETWEEN 6 AND 100),
    target_id     text        NOT NULL CHECK (target_id ~ '^[a-z][a-z0-9_-]{0,99}$'),
    period        text        NOT NULL CHECK (period ~ '^[0-9]{4}(-(Q1|H1|Q3))?$'),
    value         numeric     NOT NULL CHECK (value >= 0),
    note          text        NOT NULL CHECK (length(note) BETWEEN 1 AND 4000),
    evidence_url  text        CHECK (evidence_url ~ '^https?://' AND length(evidence_url) <= 2000),
    actor_user_id bigint      REFERENCES users (id),
    actor_login   text        NOT NULL,
    entered_at    timestamptz NOT NULL DEFAULT now()
);

-- The latest value of each target of a plan and period.
CREATE INDEX plan_values_latest_idx ON plan_values (plan_id, period, target_id, id DESC);

CREATE FUNCTION plan_values_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'plan_values is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER plan_values_no_update_or_delete
    BEFORE UPDATE OR DELETE ON plan_values
    FOR EACH ROW EXECUTE FUNCTION plan_values_refuse_change();

-- The server's role (0009) got SELECT, INSERT, UPDATE and DELETE by default privileges; an
-- append-only table takes the last two back, as audit_log does.
GRANT SELECT, INSERT ON plan_values TO civicvoice_app;
REVOKE UPDATE, DELETE, TRUNCATE ON plan_values FROM civicvoice_app;
