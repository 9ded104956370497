-- 0009: least privilege. Migrations run as the role that owns the schema (the one running this
-- file); the server connects as civicvoice_app, or as a login role that is a member of it, which
-- reads and writes rows and nothing more: no DDL, no TRIGGER, no TRUNCATE, and no UPDATE or DELETE
-- on the append-only tables. So even a bug or an injected statement in the server cannot switch
-- off the triggers that keep the audit log and the PAKN history append-only, empty them, change
-- the schema or mark a migration applied (docs/security.md).
-- Forward-only: never edit this file once it has landed; add 0010_… instead.

-- The role is created here when the migrating role may create roles (a superuser, as in a fresh
-- docker compose volume); otherwise a superuser creates it first (scripts/serve and scripts/test
-- do: CREATE ROLE civicvoice_app LOGIN). Either way it only receives grants here: whether and how
-- it logs in is the operator's choice.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'civicvoice_app') THEN
        CREATE ROLE civicvoice_app NOLOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'the role civicvoice_app does not exist and % may not create it', current_user
        USING HINT = 'As a superuser: CREATE ROLE civicvoice_app LOGIN PASSWORD ''…''; then migrate again.';
END
$$;

-- PostgreSQL 15 already denies PUBLIC the right to create in schema public; said again for a
-- database created by an older version.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO civicvoice_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO civicvoice_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO civicvoice_app;

-- Append-only: rows are inserted, never changed or removed (the triggers of 0002 and 0003 refuse
-- it too, but a privilege cannot be switched off by the server the way its owner could drop a
-- trigger).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, feedback_events FROM civicvoice_app;

-- The record of applied migrations: read by /readyz, written only by `civicvoice migrate`.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM civicvoice_app;

-- Tables and sequences that later migrations create (run by this same owner) get the same grants
-- without each migration having to remember; a new append-only table revokes UPDATE and DELETE
-- itself, and PrivilegeTests fails for one that does not.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO civicvoice_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO civicvoice_app;
