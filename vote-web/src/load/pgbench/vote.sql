-- What the application does for one POST /polls/{id}/votes, statement by statement
-- (EclipseLink's SQL in VotingService.cast): load the option with its poll, the voter's id with any
-- vote of theirs on the poll, insert the vote, commit. One transaction.
\set poll random(1, 2)
\set choice random(0, 2)
BEGIN;
SELECT nextval('bench_voter') AS voter \gset
SELECT t1.id, t1.display_order, t1.label, t1.poll_id, t0.id, t0.closes_at, t0.created_at, t0.description,
       t0.question, t0.status, t0.version, t0.created_by
  FROM poll t0, poll_option t1
 WHERE t1.id = (:poll - 1) * 3 + 1 + :choice AND t1.poll_id = :poll AND t0.id = t1.poll_id;
SELECT t0.id, t1.id FROM account t0 LEFT OUTER JOIN vote t1 ON t1.account_id = t0.id AND t1.poll_id = :poll
 WHERE t0.username = 'voter' || :voter;
INSERT INTO vote (id, cast_at, account_id, option_id, poll_id)
VALUES (nextval('bench_vote_id'), now(), :voter, (:poll - 1) * 3 + 1 + :choice, :poll);
COMMIT;
