package app.vote.ballot.boundary;

import app.vote.ballot.control.VotingMetrics;
import app.vote.platform.concurrent.GroupCommit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where first votes are handed in, from the API and from the pages. Each ballot is cast in one
 * transaction with the others handed in while the previous one was being written
 * ({@link GroupCommit}, {@link VotingService#castAll}), and answered once that transaction has
 * committed: an answer still means the vote is in the database, and counted in the results.
 * PostgreSQL runs a batch's votes four to six times as fast as it runs one vote per transaction,
 * and the server pays for one connection, transaction and commit per batch instead of per vote;
 * under load the API acknowledged twice as many votes per second (PERFORMANCE.md section 41).
 *
 * <p>A ballot a rule refused is answered with that rule, found in the batch's transaction. One its
 * batch left undecided (the database refused the batch as a whole) is cast alone by
 * {@link VotingService#cast} in the caller's thread, which counts it or says which rule refused
 * it, exactly as a cast did before. So is every ballot when {@code vote.votes.batch-size} is 1.
 */
@ApplicationScoped
public class BallotBox {

    private static final Logger LOG = Logger.getLogger(BallotBox.class.getName());
    /** More ballots waiting than HTTP threads could ever hand in; one more is cast alone. */
    private static final int MAX_WAITING = 10_000;

    @EJB
    VotingService voting;

    @Inject
    VotingMetrics metrics;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    /** The most ballots one transaction casts; 1 casts each alone, in its caller's thread. */
    @Inject
    @ConfigProperty(name = "vote.votes.batch-size", defaultValue = "64")
    int batchSize;

    private GroupCommit<Ballot, BallotOutcome> commits;

    /**
     * Created with the application rather than by the first voter, so the writer thread, whose
     * context the thread factory takes from its creator, carries no voter's identity.
     */
    void openWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        LOG.fine(() -> "Ballots are cast " + (commits == null ? "one per transaction" : "up to " + batchSize + " per transaction"));
    }

    @PostConstruct
    void open() {
        if (batchSize > 1) {
            commits = new GroupCommit<>(threads, batchSize, MAX_WAITING, voting::castAll, metrics::castTogether);
        }
    }

    /** Writes the ballots already handed in, then stops: none that was accepted is dropped. */
    @PreDestroy
    void close() {
        if (commits != null) {
            try {
                commits.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Casts {@code username}'s vote, as {@link VotingService#cast} does: the vote counted, or the
     * {@link app.vote.platform.DomainException} of the rule that refused it.
     */
    public VoteView cast(long pollId, long optionId, String username) {
        if (commits != null) {
            try {
                BallotOutcome outcome = commits.submit(new Ballot(pollId, optionId, username)).join();
                if (outcome.counted().isPresent()) {
                    return outcome.counted().get();
                }
                if (outcome.refused().isPresent()) {
                    metrics.rejected(outcome.refused().get());
                    throw outcome.refused().get();
                }
            } catch (CompletionException | CancellationException batchNotWritten) {
                // Nothing of that batch was counted: its transaction rolled back, or it never began.
            }
        }
        return voting.cast(pollId, optionId, username);
    }
}
