package app.vote.ballot.control;

import app.vote.ballot.boundary.AlreadyVotedException;
import app.vote.ballot.boundary.NoVoteException;
import app.vote.ballot.boundary.OptionNotInPollException;
import app.vote.ballot.boundary.PollClosedException;
import app.vote.platform.DomainException;
import app.vote.poll.boundary.PollNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts votes cast and refused (by reason) where every vote passes, whether it came from the
 * API or the pages. Exposed at {@code /metrics} as {@code votes_cast_total},
 * {@code votes_rejected_total{reason=...}} and the batch sizes of grouped casts, {@code votes_cast_batch}.
 */
@ApplicationScoped
public class VotingMetrics {

    private static final Map<Class<? extends DomainException>, String> REASONS = Map.of(
            AlreadyVotedException.class, "already_voted",
            PollClosedException.class, "poll_closed",
            OptionNotInPollException.class, "option_not_in_poll",
            PollNotFoundException.class, "poll_not_found",
            NoVoteException.class, "no_vote");

    @Inject
    MetricRegistry registry;

    public void cast() {
        registry.counter("votes.cast").inc();
    }

    /** How many first votes one transaction cast together ({@code BallotBox}): the histogram {@code votes_cast_batch}. */
    public void castTogether(int ballots) {
        registry.histogram("votes.cast.batch").update(ballots);
    }

    public void rejected(DomainException refusal) {
        registry.counter("votes.rejected", new Tag("reason", REASONS.getOrDefault(refusal.getClass(), "other"))).inc();
    }
}
