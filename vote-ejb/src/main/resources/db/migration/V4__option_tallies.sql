-- Each option's number of votes, kept by the transaction that casts, changes or withdraws a vote
-- (VotingService), so a poll's results read a few rows instead of counting every vote of the poll:
-- 105 ms for a poll of a million votes on PostgreSQL, again after each vote (PERFORMANCE.md). The
-- vote rows stay the record; a tally is an atomic "votes = votes + 1" in the vote's own transaction,
-- so it commits or rolls back with the vote and never loses a concurrent one.
--
-- An option's count is spread over 16 rows, the vote's id modulo 16 choosing one, so concurrent
-- votes for the same option update different rows instead of each waiting for the one row's lock
-- until the transaction before it has committed. A vote's changes and withdrawal hit the row its
-- cast did, so no row ever goes below zero.

CREATE TABLE tally_shard (
    n INTEGER NOT NULL,
    CONSTRAINT pk_tally_shard PRIMARY KEY (n)
);

INSERT INTO tally_shard (n) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15);

CREATE TABLE option_tally (
    poll_id   BIGINT  NOT NULL,
    option_id BIGINT  NOT NULL,
    shard     INTEGER NOT NULL,
    votes     BIGINT  NOT NULL,
    CONSTRAINT pk_option_tally PRIMARY KEY (poll_id, option_id, shard),
    CONSTRAINT fk_option_tally_option FOREIGN KEY (option_id, poll_id) REFERENCES poll_option (id, poll_id) ON DELETE CASCADE,
    CONSTRAINT fk_option_tally_shard FOREIGN KEY (shard) REFERENCES tally_shard (n),
    CONSTRAINT ck_option_tally_votes CHECK (votes >= 0)
);

-- The votes already cast, counted once.
INSERT INTO option_tally (poll_id, option_id, shard, votes)
SELECT o.poll_id, o.id, s.n, COUNT(v.id)
  FROM poll_option o
 CROSS JOIN tally_shard s
  LEFT JOIN vote v ON v.option_id = o.id AND MOD(v.id, 16) = s.n
 GROUP BY o.poll_id, o.id, s.n;
