package app.vote.ballot;

import app.vote.ballot.boundary.VoteCountChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deployed with {@link VotingServiceIT}: records the poll ids of committed vote changes, as the live results do. */
@ApplicationScoped
public class CommittedVoteChanges {

    private final List<Long> pollIds = new CopyOnWriteArrayList<>();

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) VoteCountChanged change) {
        pollIds.add(change.pollId());
    }

    public long of(long pollId) {
        return pollIds.stream().filter(id -> id == pollId).count();
    }
}
