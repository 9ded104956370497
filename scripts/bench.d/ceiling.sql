-- The ceiling: what one submission writes (its id claimed in response_ids, the response row in
-- this month's partition, its place in the counts queue; Migrations/0025), straight into
-- PostgreSQL, one transaction each, with an answer sheet of the same size. Its rows are on the
-- paper channel, so that the bench tells them from the server's.
WITH claimed AS (
    INSERT INTO response_ids (id, submitted_at, content_digest)
    VALUES (gen_random_uuid(), now(), md5(random()::text) || md5(random()::text))
    ON CONFLICT (id) DO NOTHING
    RETURNING id, submitted_at, content_digest
), inserted AS (
    INSERT INTO responses
        (id, form_id, form_version, unit_id, language, channel, dossier_code, answers, content_digest,
         submitted_at)
    SELECT id, 'sipas', :form_version, :unit_id, 'vi', 'paper', NULL,
           '{"a1": 5, "a2": 4, "a3": 5, "a4": 4, "p1": 5, "p2": 4, "p3": 4, "p4": 5, "p5": 3, "c1": 5, "c2": 5, "c3": 4, "c4": 4, "c5": 5, "c6": 4, "r1": 5, "r2": 4, "r3": 5, "f1": 4, "f2": 5, "f3": 4, "f4": 2, "overall": 5, "age_band": "40_59", "comment": "Cán bộ tiếp nhận hồ sơ nhiệt tình, hướng dẫn rõ ràng."}'::jsonb,
           content_digest, submitted_at
    FROM claimed
    RETURNING id, submitted_at
)
INSERT INTO response_count_queue (response_id, submitted_at)
SELECT id, submitted_at
FROM inserted;
