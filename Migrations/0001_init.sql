-- 0001: organisational units, forms and their versions, survey responses.
-- Forward-only: never edit this file once it has landed; add 0002_… instead.

-- Organisational units form a tree (province → department/commune → office). Units merge and
-- split over time, so each has an effective period and successions link old units to new ones:
-- a 2024 report still adds up after a 2025 merger.
CREATE TABLE units (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text        NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    parent_id      bigint      REFERENCES units (id),
    kind           text        NOT NULL CHECK (kind IN ('province', 'department', 'commune', 'office')),
    -- Names per language tag, e.g. {"vi": "Sở Văn hóa và Thể thao", "en": "Department of Culture and Sports"}.
    names          jsonb       NOT NULL CHECK (jsonb_typeof(names) = 'object' AND names ? 'vi'),
    effective_from date        NOT NULL,
    -- Exclusive: the first day the unit no longer exists. NULL while it exists.
    effective_to   date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (effective_to IS NULL OR effective_to > effective_from),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE INDEX units_parent_id_idx ON units (parent_id);

-- A merger gives several predecessors one successor; a split gives one predecessor several.
CREATE TABLE unit_successions (
    predecessor_id bigint NOT NULL REFERENCES units (id),
    successor_id   bigint NOT NULL REFERENCES units (id),
    kind           text   NOT NULL CHECK (kind IN ('merger', 'split', 'rename')),
    effective_on   date   NOT NULL,
    PRIMARY KEY (predecessor_id, successor_id),
    CHECK (predecessor_id <> successor_id)
);

CREATE INDEX unit_successions_successor_id_idx ON unit_successions (successor_id);

-- A form is identified by its slug; its content lives in versions. A version, once stored, never
-- changes: the loader refuses a definition whose digest differs under the same version number.
CREATE TABLE forms (
    id         text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    kind       text        NOT NULL CHECK (kind IN ('survey', 'feedback')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE form_versions (
    form_id    text        NOT NULL REFERENCES forms (id),
    version    integer     NOT NULL CHECK (version > 0),
    -- The parsed definition, as CivicCore encodes it (all languages).
    definition jsonb       NOT NULL,
    -- SHA-256 of the definition's canonical JSON.
    digest     text        NOT NULL,
    loaded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (form_id, version)
);

-- The scale questions of each version and which values count as satisfied, so that SQL can count
-- satisfied and answered per question and SIPAS element without loading answers into Swift.
CREATE TABLE form_questions (
    form_id          text      NOT NULL,
    version          integer   NOT NULL,
    question_id      text      NOT NULL,
    position         integer   NOT NULL,
    question_type    text      NOT NULL,
    -- SIPAS element of the question's section: access, procedure, civil_servant, result, feedback_handling.
    element          text,
    scale            text,
    satisfied_values integer[],
    PRIMARY KEY (form_id, version, question_id),
    FOREIGN KEY (form_id, version) REFERENCES form_versions (form_id, version)
);

-- One citizen's answers to one form version. The id is made by the client (a UUID in the web
-- form's hidden field, or the API caller's), so a resent submission is recognised, not stored twice.
CREATE TABLE responses (
    id             uuid        PRIMARY KEY,
    form_id        text        NOT NULL,
    form_version   integer     NOT NULL,
    unit_id        bigint      REFERENCES units (id),
    language       text        NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    channel        text        NOT NULL CHECK (channel IN ('web', 'api', 'kiosk', 'paper')),
    dossier_code   text,
    -- Answers keyed by question id: numbers for scale and number questions, strings, arrays of
    -- strings for multiple choice, booleans for yes/no, 'YYYY-MM-DD' strings for dates.
    answers        jsonb       NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
    -- SHA-256 of the submitted content: the same id with the same content is a harmless replay.
    content_digest text        NOT NULL,
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version)
);

CREATE INDEX responses_form_submitted_idx ON responses (form_id, form_version, submitted_at);
CREATE INDEX responses_unit_submitted_idx ON responses (unit_id, submitted_at);
