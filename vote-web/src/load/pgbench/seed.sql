-- The scratch database of the pgbench ceiling (never the application's): the migrations' schema
-- and two seeded polls, plus voters enough for one run, each to cast exactly one vote.
INSERT INTO account (id, username, password_hash, created_at)
SELECT n, 'voter' || n, 'not-a-hash', now() FROM generate_series(1, 500000) AS n;
INSERT INTO account_role (account_id, role_name)
SELECT n, 'VOTER' FROM generate_series(1, 500000) AS n;
-- Hands each transaction the next unused voter, across all pgbench clients.
CREATE SEQUENCE bench_voter;
ANALYZE account, account_role, poll, poll_option, vote, option_tally;
