-- 0017: satisfaction targets apply from a month on (issue 12, "Targets: per unit and metric, with
-- the effective period"). Until now a unit and form had one target, and changing it rewrote the
-- verdict of every past report. Now a setting takes effect on the 1st of a month, and a report
-- holds a unit to the setting in force on the last day of its period; a later change leaves
-- earlier periods' targets as they were. A setting with no target ends the unit's own target from
-- that month: from then it inherits from its parent, the default or the built-in 90% again.
-- Forward-only: never edit this file once it has landed; add a new migration instead.

-- Settings made before this migration keep applying to every period (effective_from NULL), so
-- that no report already sent changes its figures.
ALTER TABLE metric_targets ADD COLUMN effective_from date
    CHECK (effective_from = date_trunc('month', effective_from)::date);

ALTER TABLE metric_targets ALTER COLUMN target DROP NOT NULL;

ALTER TABLE metric_targets DROP CONSTRAINT metric_targets_key;

ALTER TABLE metric_targets ADD CONSTRAINT metric_targets_key
    UNIQUE NULLS NOT DISTINCT (unit_id, form_id, effective_from);
