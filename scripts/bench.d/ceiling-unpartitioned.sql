-- What one submission wrote before responses were partitioned by month (the schema before
-- Migrations/0025: one responses table keyed by id, the queue without submitted_at), one
-- transaction each: the bench compares ceiling.sql on today's schema with this on that one.
WITH inserted AS (
    INSERT INTO responses
        (id, form_id, form_version, unit_id, language, channel, dossier_code, answers, content_digest,
         submitted_at)
    VALUES
        (gen_random_uuid(), 'sipas', :form_version, :unit_id, 'vi', 'paper', NULL,
         '{"a1": 5, "a2": 4, "a3": 5, "a4": 4, "p1": 5, "p2": 4, "p3": 4, "p4": 5, "p5": 3, "c1": 5, "c2": 5, "c3": 4, "c4": 4, "c5": 5, "c6": 4, "r1": 5, "r2": 4, "r3": 5, "f1": 4, "f2": 5, "f3": 4, "f4": 2, "overall": 5, "age_band": "40_59", "comment": "Cán bộ tiếp nhận hồ sơ nhiệt tình, hướng dẫn rõ ràng."}'::jsonb,
         md5(random()::text) || md5(random()::text), now())
    ON CONFLICT (id) DO NOTHING
    RETURNING id
)
INSERT INTO response_count_queue (response_id)
SELECT id
FROM inserted;
