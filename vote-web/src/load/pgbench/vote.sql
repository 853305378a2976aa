-- What the application does for one POST /polls/{id}/votes, statement by statement
-- (EclipseLink's SQL in VotingService.cast): load the poll and its options, the voter and the
-- voter's roles, check for an existing vote, insert the vote, commit. One transaction.
\set poll random(1, 2)
\set choice random(0, 2)
BEGIN;
SELECT nextval('bench_voter') AS voter \gset
SELECT id, closes_at, created_at, description, question, status, version, created_by FROM poll WHERE id = :poll;
SELECT id, display_order, label, poll_id FROM poll_option WHERE poll_id = :poll;
SELECT id, created_at, external_issuer, external_subject, password_hash, username FROM account WHERE username = 'voter' || :voter;
SELECT role_name FROM account_role WHERE account_id = :voter;
SELECT t0.id, t0.cast_at, t0.account_id, t0.option_id, t0.poll_id FROM vote t0, account t1
 WHERE t0.poll_id = :poll AND t1.username = 'voter' || :voter AND t1.id = t0.account_id;
INSERT INTO vote (id, cast_at, account_id, option_id, poll_id)
VALUES (nextval('bench_vote_id'), now(), :voter, (:poll - 1) * 3 + 1 + :choice, :poll);
COMMIT;
