-- The two polls the original application shipped with. As a migration they are seeded exactly once,
-- on the first start against an empty database, and never come back after an admin deletes them.
-- Explicit ids sit below the sequences' start values (1000).

INSERT INTO poll (id, question, description, status, created_at, closes_at, created_by, version)
VALUES (1, 'Best programming language?', NULL, 'OPEN', CURRENT_TIMESTAMP, NULL, NULL, 1);
INSERT INTO poll_option (id, poll_id, display_order, label) VALUES (1, 1, 0, 'Python');
INSERT INTO poll_option (id, poll_id, display_order, label) VALUES (2, 1, 1, 'C++');
INSERT INTO poll_option (id, poll_id, display_order, label) VALUES (3, 1, 2, 'Java');

INSERT INTO poll (id, question, description, status, created_at, closes_at, created_by, version)
VALUES (2, 'Favorite web framework?', NULL, 'OPEN', CURRENT_TIMESTAMP, NULL, NULL, 1);
INSERT INTO poll_option (id, poll_id, display_order, label) VALUES (4, 2, 0, 'Flask');
INSERT INTO poll_option (id, poll_id, display_order, label) VALUES (5, 2, 1, 'Django');
INSERT INTO poll_option (id, poll_id, display_order, label) VALUES (6, 2, 2, 'FastAPI');
