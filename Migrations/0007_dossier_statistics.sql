-- 0007: dossier statistics imported from the one-stop system (issue 11 §4): per unit and day or
-- month, and per procedure when the export gives one, the dossiers received, resolved (on time,
-- late), apologised for, received online, received and returned by post. They are the
-- denominators the plan's targets need: Yamane's N, the on-time share, apology coverage, QĐ 766
-- ratio 3. Forward-only: never edit this file once it has landed; add the next one instead.

-- One import of a file, all or nothing: its rows replace the stored rows of the same units that
-- share a day with the span the file covers for that unit.
CREATE TABLE dossier_imports (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    imported_at   timestamptz NOT NULL DEFAULT now(),
    actor_user_id bigint      REFERENCES users (id),
    actor_login   text        NOT NULL,
    file_name     text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    format        text        NOT NULL CHECK (format IN ('csv', 'xlsx')),
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    row_count     integer     NOT NULL CHECK (row_count > 0),
    replaced      integer     NOT NULL CHECK (replaced >= 0),
    first_day     date        NOT NULL,
    last_day      date        NOT NULL,
    CHECK (last_day >= first_day)
);

CREATE INDEX dossier_imports_imported_at_idx ON dossier_imports (imported_at);

-- The arithmetic of a row is checked here as well as by the import (DossierCounts.problems), so
-- no code path can store counts that do not add up.
CREATE TABLE dossier_statistics (
    id               bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id        bigint  NOT NULL REFERENCES dossier_imports (id),
    unit_id          bigint  NOT NULL REFERENCES units (id),
    granularity      text    NOT NULL CHECK (granularity IN ('day', 'month')),
    first_day        date    NOT NULL,
    last_day         date    NOT NULL,
    -- The procedure's code or name as exported; NULL when the row counts every procedure.
    procedure        text    CHECK (length(procedure) BETWEEN 1 AND 200),
    received         integer NOT NULL CHECK (received >= 0),
    resolved         integer NOT NULL CHECK (resolved >= 0),
    resolved_on_time integer NOT NULL CHECK (resolved_on_time >= 0),
    resolved_late    integer NOT NULL CHECK (resolved_late >= 0),
    apologies_sent   integer NOT NULL CHECK (apologies_sent >= 0),
    online           integer NOT NULL CHECK (online >= 0),
    received_by_post integer NOT NULL CHECK (received_by_post >= 0),
    returned_by_post integer NOT NULL CHECK (returned_by_post >= 0),
    CHECK (resolved_on_time + resolved_late = resolved),
    CHECK (apologies_sent <= resolved_late),
    CHECK (online + received_by_post <= received),
    CHECK (returned_by_post <= resolved),
    CHECK ((granularity = 'day' AND last_day = first_day)
           OR (granularity = 'month' AND first_day = date_trunc('month', first_day)::date
               AND last_day = (first_day + interval '1 month' - interval '1 day')::date)),
    UNIQUE NULLS NOT DISTINCT (unit_id, granularity, first_day, procedure)
);

-- Reports sum the rows whose last day falls in the period, for the units of a subtree.
CREATE INDEX dossier_statistics_unit_last_day_idx ON dossier_statistics (unit_id, last_day);
CREATE INDEX dossier_statistics_import_id_idx ON dossier_statistics (import_id);
