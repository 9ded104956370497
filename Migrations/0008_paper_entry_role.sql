-- 0008: the clerk role (issue 11 §1): staff who type in paper forms and may say when a response
-- was given (`submittedAt` on POST /api/v1/responses), within the subtree of their grant's unit.
-- Forward-only: never edit this file once it has landed; add the next one instead.
ALTER TABLE grants DROP CONSTRAINT grants_role_check;
ALTER TABLE grants ADD CONSTRAINT grants_role_check CHECK (role IN ('admin', 'analyst', 'handler', 'clerk'));
