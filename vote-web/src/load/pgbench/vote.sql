-- What the application does for one POST /polls/{id}/votes (VotingService.cast): the INSERT … SELECT
-- that checks every rule of a cast (Vote.CAST_IF_ALLOWED), then one more vote in the option's tally
-- (OptionTally.ADD, in the shard the vote's id picks), in one transaction. The application sends
-- them as two statements; here one data-modifying WITH carries the inserted vote to the UPDATE,
-- which spares a round trip, so the ceiling errs on the high side. The first CTE only hands each
-- transaction the next unused voter, across all pgbench clients; the application draws vote ids
-- from memory (EclipseLink preallocates 50 per sequence call), so the voter's number serves as the
-- vote's id here.
\set poll random(1, 2)
\set choice random(0, 2)
BEGIN;
WITH voter AS (SELECT nextval('bench_voter') AS n),
cast_vote AS (
    INSERT INTO vote (id, poll_id, option_id, account_id, cast_at)
    SELECT voter.n, o.poll_id, o.id, a.id, now()
      FROM voter, poll_option o JOIN poll p ON p.id = o.poll_id JOIN account a ON TRUE
     WHERE a.username = 'voter' || voter.n
       AND o.id = (:poll - 1) * 3 + 1 + :choice AND o.poll_id = :poll
       AND p.status = 'OPEN' AND (p.closes_at IS NULL OR p.closes_at > now())
       AND NOT EXISTS (SELECT 1 FROM vote v WHERE v.poll_id = o.poll_id AND v.account_id = a.id)
    RETURNING id, poll_id, option_id)
UPDATE option_tally t SET votes = t.votes + 1
  FROM cast_vote c
 WHERE t.poll_id = c.poll_id AND t.option_id = c.option_id AND t.shard = MOD(c.id, 16);
COMMIT;
