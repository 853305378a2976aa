package app.vote.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import app.vote.account.boundary.AccountService;
import app.vote.account.security.TokenService;
import app.vote.account.boundary.NewAccount;
import app.vote.ballot.boundary.AlreadyVotedException;
import app.vote.ballot.boundary.Ballot;
import app.vote.ballot.boundary.BallotBox;
import app.vote.ballot.boundary.BallotOutcome;
import app.vote.ballot.boundary.MyVoteView;
import app.vote.ballot.boundary.NoVoteException;
import app.vote.ballot.boundary.OptionNotInPollException;
import app.vote.ballot.boundary.PlacedVote;
import app.vote.ballot.boundary.PollClosedException;
import app.vote.ballot.boundary.VoteView;
import app.vote.ballot.boundary.VotingService;
import app.vote.ballot.entity.OptionTally;
import app.vote.platform.persistence.DatabaseMigration;
import app.vote.poll.boundary.NewPoll;
import app.vote.poll.boundary.OptionResult;
import app.vote.poll.boundary.PollFilter;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.boundary.PollService;
import app.vote.poll.boundary.PollView;
import app.vote.poll.boundary.ResultsView;
import app.vote.testing.Deployments;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.assertj.core.groups.Tuple;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The voting rules, exercised inside a real Payara Micro through the EJBs' own transactions and
 * checked against the rows in the real database (H2 by default, PostgreSQL with -Ppostgresql).
 */
@ExtendWith(ArquillianExtension.class)
class VotingServiceIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.shippedWarWith(VotingServiceIT.class, CommittedVoteChanges.class);
    }

    @EJB
    VotingService voting;

    @EJB
    PollService polls;

    @EJB
    AccountService accounts;

    @Resource(lookup = DatabaseMigration.DATA_SOURCE)
    DataSource dataSource;

    @Inject
    CommittedVoteChanges committed;

    @Inject
    BallotBox ballots;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    TokenService tokens;

    /** The request that runs this test in the server: it says where the API listens. */
    @Inject
    HttpServletRequest arquillianRequest;

    @Test
    void aVoterWithoutAVoteOnAPollFindsNone() {
        assertThat(voting.find(newPoll().id(), newVoter())).isEmpty();
    }

    @Test
    void lookingUpAVoteOnAnUnknownPollIsRejected() {
        assertThatThrownBy(() -> voting.find(Long.MAX_VALUE, newVoter()))
                .isInstanceOf(PollNotFoundException.class);
    }

    @Test
    void aVoteLookedUpOnAPollTheCallerHasReadIsTheVoteOrNoneButNeverAnError() {
        PollView poll = newPoll();
        String voter = newVoter();
        assertThat(voting.findOnKnownPoll(poll.id(), voter)).isEmpty();

        VoteView vote = voting.cast(poll.id(), option(poll, 0), voter);

        assertThat(voting.findOnKnownPoll(poll.id(), voter)).contains(vote);
        assertThat(voting.findOnKnownPoll(Long.MAX_VALUE, voter)).as("a poll deleted since it was read has no votes").isEmpty();
    }

    @Test
    void castingAVoteStoresItAndTheCountGoesUpByOne() throws SQLException {
        PollView poll = newPoll();
        String voter = newVoter();
        long before = polls.results(poll.id()).totalVotes();

        VoteView vote = voting.cast(poll.id(), option(poll, 1), voter);

        assertThat(vote.optionId()).isEqualTo(option(poll, 1));
        ResultsView results = polls.results(poll.id());
        assertThat(results.totalVotes()).isEqualTo(before + 1);
        assertThat(results.options().get(1).votes()).isEqualTo(1);
        assertThat(voteRows(poll.id())).isEqualTo(1);
        assertThat(voting.find(poll.id(), voter)).contains(vote);
    }

    @Test
    void secondVoteOnSamePollIsRejected() throws SQLException {
        PollView poll = newPoll();
        String voter = newVoter();
        voting.cast(poll.id(), option(poll, 0), voter);

        assertThatThrownBy(() -> voting.cast(poll.id(), option(poll, 2), voter))
                .isInstanceOf(AlreadyVotedException.class);
        assertThat(voteRows(poll.id())).isEqualTo(1);
        assertThat(polls.results(poll.id()).options().get(0).votes()).isEqualTo(1);
    }

    @Test
    void voteForAnOptionOfAnotherPollIsRejected() throws SQLException {
        PollView poll = newPoll();
        PollView other = newPoll();

        assertThatThrownBy(() -> voting.cast(poll.id(), option(other, 0), newVoter()))
                .isInstanceOf(OptionNotInPollException.class);
        assertThat(voteRows(poll.id())).isZero();
        assertThat(voteRows(other.id())).isZero();
    }

    @Test
    void voteOnAClosedPollIsRejected() throws SQLException {
        PollView poll = newPoll();
        polls.close(poll.id());

        assertThatThrownBy(() -> voting.cast(poll.id(), option(poll, 0), newVoter()))
                .isInstanceOf(PollClosedException.class);
        assertThat(voteRows(poll.id())).isZero();
    }

    @Test
    void voteAfterThePollsClosingTimeIsRejected() throws Exception {
        PollView poll = polls.create(new NewPoll("Closes soon?", null, List.of("yes", "no"),
                Instant.now().plusMillis(700)), null);
        Thread.sleep(900);

        assertThatThrownBy(() -> voting.cast(poll.id(), option(poll, 0), newVoter()))
                .isInstanceOf(PollClosedException.class);
        assertThat(polls.find(poll.id()).open()).isFalse();
    }

    @Test
    void voteOnAnUnknownPollIsRejected() {
        assertThatThrownBy(() -> voting.cast(Long.MAX_VALUE, 1, newVoter()))
                .isInstanceOf(PollNotFoundException.class);
    }

    @Test
    void aVoterMayChangeAndThenWithdrawTheirVoteWhileThePollIsOpen() throws SQLException {
        PollView poll = newPoll();
        String voter = newVoter();
        voting.cast(poll.id(), option(poll, 0), voter);

        voting.change(poll.id(), option(poll, 2), voter);

        ResultsView changed = polls.results(poll.id());
        assertThat(changed.options()).extracting(OptionResult::votes).containsExactly(0L, 0L, 1L);
        voting.retract(poll.id(), voter);
        assertThat(voteRows(poll.id())).isZero();
        assertThatThrownBy(() -> voting.retract(poll.id(), voter)).isInstanceOf(NoVoteException.class);
    }

    @Test
    void everyCommittedCastChangeAndWithdrawalIsAnnouncedAndARefusedOneIsNot() {
        PollView poll = newPoll();
        String voter = newVoter();

        voting.cast(poll.id(), option(poll, 0), voter);
        assertThat(committed.of(poll.id())).isEqualTo(1);
        assertThatThrownBy(() -> voting.cast(poll.id(), option(poll, 1), voter)).isInstanceOf(AlreadyVotedException.class);
        assertThat(committed.of(poll.id())).as("a refused vote rolled back: nothing to announce").isEqualTo(1);
        voting.change(poll.id(), option(poll, 2), voter);
        voting.retract(poll.id(), voter);

        assertThat(committed.of(poll.id())).isEqualTo(3);
    }

    @Test
    void aVoterSeesTheirOwnVotesAndWhichPollsTheyVotedOn() {
        PollView first = newPoll();
        PollView second = newPoll();
        PollView untouched = newPoll();
        String voter = newVoter();
        voting.cast(first.id(), option(first, 1), voter);
        voting.cast(second.id(), option(second, 2), voter);
        polls.close(second.id());
        voting.cast(untouched.id(), option(untouched, 0), newVoter());

        List<MyVoteView> mine = voting.votesOf(voter);

        assertThat(mine).extracting(MyVoteView::pollId, MyVoteView::question, MyVoteView::optionText, MyVoteView::pollOpen)
                .containsExactly(
                        tuple(second.id(), second.question(), "blue", false),
                        tuple(first.id(), first.question(), "green", true));
        assertThat(voting.pollsVotedOn(voter, List.of(first.id(), second.id(), untouched.id())))
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(voting.pollsVotedOn(voter, List.of())).isEmpty();
        assertThat(voting.votesOf(newVoter())).isEmpty();
    }

    /** The administrators' list counts each poll's votes in one query of its own, not from the snapshots. */
    @Test
    void theAdministratorsListCountsTheVotesOfEachPollOnItsPage() {
        PollView twoVotes = newPoll();
        PollView oneVote = newPoll();
        PollView none = newPoll();
        voting.cast(twoVotes.id(), option(twoVotes, 0), newVoter());
        voting.cast(twoVotes.id(), option(twoVotes, 2), newVoter());
        String changesMind = newVoter();
        voting.cast(oneVote.id(), option(oneVote, 1), changesMind);
        voting.change(oneVote.id(), option(oneVote, 0), changesMind);

        Map<Long, Long> listed = polls.list(PollFilter.ALL, 0, 50).items().stream()
                .collect(Collectors.toMap(PollView::id, PollView::totalVotes));

        assertThat(listed).containsEntry(twoVotes.id(), 2L).containsEntry(oneVote.id(), 1L).containsEntry(none.id(), 0L);
        assertThat(polls.results(oneVote.id()).options()).extracting(OptionResult::votes).containsExactly(1L, 0L, 0L);
    }

    @Test
    void thirtyTwoConcurrentVotesOfOneAccountLeaveExactlyOneVote() throws Exception {
        PollView poll = newPoll();
        String voter = newVoter();

        List<Object> outcomes = concurrently(32, i -> () -> voting.cast(poll.id(), option(poll, i % 3), voter));

        Map<Class<?>, Long> byKind = outcomes.stream()
                .collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
        assertThat(byKind).containsOnlyKeys(VoteView.class, AlreadyVotedException.class);
        assertThat(byKind.get(VoteView.class)).isEqualTo(1);
        assertThat(byKind.get(AlreadyVotedException.class)).isEqualTo(31);
        assertThat(voteRows(poll.id())).isEqualTo(1);
        assertThat(polls.results(poll.id()).totalVotes()).isEqualTo(1);
    }

    @Test
    void twoHundredAccountsVotingConcurrentlyAreAllCounted() throws Exception {
        PollView poll = newPoll();
        List<String> voters = newVoters(200);

        List<Object> outcomes = concurrently(200, i -> () -> voting.cast(poll.id(), option(poll, i % 3), voters.get(i)));

        assertThat(outcomes).allMatch(VoteView.class::isInstance);
        ResultsView results = polls.results(poll.id());
        assertThat(results.totalVotes()).isEqualTo(200);
        assertThat(results.options()).extracting(OptionResult::votes).containsExactly(67L, 67L, 66L);
        assertThat(voteRows(poll.id())).isEqualTo(200);
    }

    /**
     * The counts come from the options' tallies, which each transaction moves with its vote; they
     * must stay a count of the vote rows when casts, changes and withdrawals of the same votes race.
     */
    @Test
    void resultsStayACountOfTheVoteRowsThroughConcurrentCastsChangesAndWithdrawals() throws Exception {
        PollView poll = newPoll();
        List<String> voters = newVoters(40);
        concurrently(40, i -> () -> voting.cast(poll.id(), option(poll, i % 3), voters.get(i)));

        // Every voter is changed twice at once (to two different options) and every fourth also
        // withdraws at the same time, while 20 new voters cast or change through castOrChange.
        List<String> newcomers = newVoters(20);
        List<Object> outcomes = concurrently(140, i -> {
            if (i < 40) {
                return () -> voting.change(poll.id(), option(poll, (i + 1) % 3), voters.get(i));
            } else if (i < 80) {
                return () -> voting.change(poll.id(), option(poll, (i + 2) % 3), voters.get(i - 40));
            } else if (i < 120) {
                int voter = i - 80;
                return voter % 4 == 0 ? () -> {
                    voting.retract(poll.id(), voters.get(voter));
                    return null;
                } : () -> voting.find(poll.id(), voters.get(voter));
            }
            return () -> voting.castOrChange(poll.id(), option(poll, i % 3), newcomers.get(i - 120));
        });

        // A change that finds its vote withdrawn is refused; nothing else may fail, a deadlock least of all.
        assertThat(outcomes).allMatch(o -> o == null || o instanceof VoteView || o instanceof PlacedVote
                || o instanceof Optional || o instanceof NoVoteException);
        ResultsView results = polls.results(poll.id());
        Map<Long, Long> rows = voteRowsByOption(poll.id());
        assertThat(results.options())
                .extracting(OptionResult::id, OptionResult::votes)
                .containsExactly(poll.options().stream()
                        .map(o -> tuple(o.id(), rows.getOrDefault(o.id(), 0L)))
                        .toArray(Tuple[]::new));
        assertThat(results.totalVotes()).isEqualTo(voteRows(poll.id())).isEqualTo(30 + 20);
    }

    /** Without the vote locked and read again, two changes at once both took the count from its old option. */
    @Test
    void manyChangesOfOneVoteAtOnceLeaveOneVoteCountedOnceForItsLastOption() throws Exception {
        PollView poll = newPoll();
        String voter = newVoter();
        voting.cast(poll.id(), option(poll, 0), voter);

        List<Object> outcomes = concurrently(24, i -> () -> voting.change(poll.id(), option(poll, i % 3), voter));

        assertThat(outcomes).allMatch(VoteView.class::isInstance);
        long chosen = voting.find(poll.id(), voter).orElseThrow().optionId();
        assertThat(polls.results(poll.id()).options())
                .extracting(OptionResult::id, OptionResult::votes)
                .containsExactly(poll.options().stream()
                        .map(o -> tuple(o.id(), o.id() == chosen ? 1L : 0L))
                        .toArray(Tuple[]::new));
    }

    /**
     * A change that waits for the vote's lock while the voter's withdrawal commits must find no
     * vote. Locking the vote it had read with {@code em.lock} let it go on when the row had gone:
     * it moved the count of a vote that no longer existed to the new option, or failed on the
     * tally's check (the race test above caught it once in CI).
     */
    @Test
    void aChangeThatWaitedWhileTheVoteWasWithdrawnFindsNoVote() throws Exception {
        PollView poll = newPoll();
        String voter = newVoter();
        voting.cast(poll.id(), option(poll, 0), voter);

        Object outcome = whileItsVoteIsWithdrawn(poll, () -> voting.change(poll.id(), option(poll, 1), voter));

        assertThat(outcome).isInstanceOf(NoVoteException.class);
        assertThat(voteRows(poll.id())).isZero();
        assertThat(polls.results(poll.id()).options()).extracting(OptionResult::votes).containsExactly(0L, 0L, 0L);
    }

    /**
     * The same race for {@code PUT …/votes/me}: it looks for the vote with its lock first, so once
     * the withdrawal has committed it finds none and casts, at once and counted once.
     */
    @Test
    void aCastOrChangeThatWaitedWhileTheVoteWasWithdrawnCastsItsVote() throws Exception {
        PollView poll = newPoll();
        String voter = newVoter();
        voting.cast(poll.id(), option(poll, 0), voter);

        Object outcome = whileItsVoteIsWithdrawn(poll, () -> voting.castOrChange(poll.id(), option(poll, 1), voter));

        assertThat(outcome).isInstanceOfSatisfying(PlacedVote.class, placed -> {
            assertThat(placed.cast()).isTrue();
            assertThat(placed.vote().optionId()).isEqualTo(option(poll, 1));
        });
        assertThat(voteRows(poll.id())).isEqualTo(1);
        assertThat(polls.results(poll.id()).options()).extracting(OptionResult::votes).containsExactly(0L, 1L, 0L);
    }

    /**
     * A change and a withdrawal check their rules in the statement that writes, and when it writes
     * nothing the rule is named in the order the API documents; nothing moves. The closing time is
     * the statements' own check: the poll's status still says open when they run.
     */
    @Test
    void aChangeOrWithdrawalARuleRefusesNamesTheRuleAndMovesNothing() throws Exception {
        PollView poll = polls.create(new NewPoll("Closes soon?", null, List.of("yes", "no", "maybe"),
                Instant.now().plusSeconds(3)), null);
        PollView other = newPoll();
        String voter = newVoter();
        voting.cast(poll.id(), option(poll, 0), voter);

        assertThatThrownBy(() -> voting.change(poll.id(), option(other, 1), voter)).isInstanceOf(OptionNotInPollException.class);
        assertThatThrownBy(() -> voting.castOrChange(poll.id(), option(other, 1), voter)).isInstanceOf(OptionNotInPollException.class);
        assertThatThrownBy(() -> voting.change(Long.MAX_VALUE, option(poll, 1), voter)).isInstanceOf(PollNotFoundException.class);
        assertThatThrownBy(() -> voting.retract(Long.MAX_VALUE, voter)).isInstanceOf(PollNotFoundException.class);
        assertThatThrownBy(() -> voting.change(other.id(), option(other, 1), voter)).isInstanceOf(NoVoteException.class);
        assertThatThrownBy(() -> voting.retract(other.id(), voter)).isInstanceOf(NoVoteException.class);
        Thread.sleep(Duration.between(Instant.now(), polls.find(poll.id()).closesAt()).toMillis() + 200);
        assertThatThrownBy(() -> voting.change(poll.id(), option(poll, 1), voter)).isInstanceOf(PollClosedException.class);
        assertThatThrownBy(() -> voting.castOrChange(poll.id(), option(poll, 1), voter)).isInstanceOf(PollClosedException.class);
        assertThatThrownBy(() -> voting.retract(poll.id(), voter)).isInstanceOf(PollClosedException.class);

        assertThat(voting.find(poll.id(), voter)).map(VoteView::optionId).contains(option(poll, 0));
        assertThat(polls.results(poll.id()).options()).extracting(OptionResult::votes).containsExactly(1L, 0L, 0L);
        assertThat(polls.results(other.id()).totalVotes()).isZero();
        assertThat(committed.of(poll.id())).as("only the cast was announced").isEqualTo(1);
    }

    /**
     * A refusal is explained on its transaction's own connection. With every pooled connection but
     * one held elsewhere, a cast, change or withdrawal that a rule refuses still names the rule.
     * Explained through JPA, each refusal took a second connection: here it would wait out the
     * pool, and 32 refusals at once deadlocked it (RELIABILITY.md).
     */
    @Test
    void aRefusalNeedsNoConnectionBesideItsTransactionsOwn() throws SQLException {
        PollView open = newPoll();
        PollView closed = newPoll();
        String voter = newVoter();
        String nonVoter = newVoter();
        voting.cast(open.id(), option(open, 0), voter);
        voting.cast(closed.id(), option(closed, 0), voter);
        polls.close(closed.id());

        List<Connection> heldElsewhere = new ArrayList<>();
        try {
            for (int i = 1; i < DatabaseMigration.MAX_POOL_SIZE; i++) {
                heldElsewhere.add(dataSource.getConnection());
            }
            assertThatThrownBy(() -> voting.cast(open.id(), option(open, 1), voter)).isInstanceOf(AlreadyVotedException.class);
            assertThatThrownBy(() -> voting.change(open.id(), option(open, 1), nonVoter)).isInstanceOf(NoVoteException.class);
            assertThatThrownBy(() -> voting.retract(open.id(), nonVoter)).isInstanceOf(NoVoteException.class);
            assertThatThrownBy(() -> voting.change(closed.id(), option(closed, 1), voter)).isInstanceOf(PollClosedException.class);
            assertThatThrownBy(() -> voting.retract(closed.id(), voter)).isInstanceOf(PollClosedException.class);
        } finally {
            for (Connection connection : heldElsewhere) {
                connection.close();
            }
        }
        assertThat(voting.find(open.id(), voter)).map(VoteView::optionId).contains(option(open, 0));
        assertThat(voting.find(closed.id(), voter)).map(VoteView::optionId).contains(option(closed, 0));
    }

    /**
     * Every pooled connection busy is overload, not an outage: the vote that waited out the pool
     * gets a 503 to retry, and the next one, once a connection is free, is counted. When the pool's
     * time-out was taken for an unreachable database, the API answered every request with 503 for
     * the next second (RELIABILITY.md). The time-out is logged once, though Jersey asks the mapper
     * about an EJB's exception twice.
     */
    @Test
    void aVoteThatWaitsOutABusyPoolGetsA503AndTheNextVoteIsCounted() throws Exception {
        PollView poll = newPoll();
        String voter = newVoter();
        String token = tokens.issue(accounts.findByUsername(voter).orElseThrow()).value();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> whileBusy;
        Logger mapperLog = Logger.getLogger("app.vote.platform.api.UnexpectedErrorMapper");
        LogRecorder recorder = new LogRecorder();
        List<Connection> heldElsewhere = new ArrayList<>();
        mapperLog.addHandler(recorder);
        try {
            for (int i = 0; i < DatabaseMigration.MAX_POOL_SIZE; i++) {
                heldElsewhere.add(dataSource.getConnection());
            }
            whileBusy = castThroughTheApi(http, token, poll.id(), option(poll, 0));
        } finally {
            mapperLog.removeHandler(recorder);
            for (Connection connection : heldElsewhere) {
                connection.close();
            }
        }
        HttpResponse<String> afterwards = castThroughTheApi(http, token, poll.id(), option(poll, 0));

        assertThat(whileBusy.statusCode()).as(whileBusy.body()).isEqualTo(503);
        assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(201);
        assertThat(whileBusy.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(whileBusy.headers().firstValue("Retry-After")).isPresent();
        assertThat(whileBusy.body()).contains("too busy");
        assertThat(recorder.messages).as("the mapper's log while the pool was busy").containsExactly("Every pooled connection stayed busy: {0}");
        assertThat(voting.find(poll.id(), voter)).map(VoteView::optionId).contains(option(poll, 0));
    }

    /** The messages of the log records a logger published while this handler was added to it. */
    private static final class LogRecorder extends Handler {

        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private HttpResponse<String> castThroughTheApi(HttpClient http, String token, long pollId, long optionId)
            throws IOException, InterruptedException {
        URI votes = URI.create("http://127.0.0.1:" + arquillianRequest.getLocalPort()
                + arquillianRequest.getContextPath() + "/api/v1/polls/" + pollId + "/votes");
        return http.send(HttpRequest.newBuilder(votes)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"optionId\":" + optionId + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A batch of first votes (the ballot box's transaction): each ballot that every rule allows is
     * counted once, in its vote row and its option's count; a second ballot of the same voter in the
     * same batch, one for another poll's option, one on a closed poll and one of an unknown account
     * are not, and the batch goes on past them. Each refused ballot is answered with the rule
     * that refused it, as a cast alone names it; the unknown account is left to be cast alone.
     */
    @Test
    void aBatchOfBallotsCountsEachOneEveryRuleAllowsAndNoOther() throws SQLException {
        PollView poll = newPoll();
        PollView closed = newPoll();
        polls.close(closed.id());
        String twice = newVoter();
        String other = newVoter();

        List<BallotOutcome> outcomes = voting.castAll(List.of(
                new Ballot(poll.id(), option(poll, 0), twice),
                new Ballot(poll.id(), option(poll, 1), twice),
                new Ballot(poll.id(), option(closed, 0), newVoter()),
                new Ballot(closed.id(), option(closed, 0), newVoter()),
                new Ballot(poll.id(), option(poll, 2), "nobody-" + UUID.randomUUID()),
                new Ballot(Long.MAX_VALUE, option(poll, 2), other),
                new Ballot(poll.id(), option(poll, 2), other)));

        assertThat(outcomes).extracting(outcome -> outcome.counted().isPresent())
                .containsExactly(true, false, false, false, false, false, true);
        assertThat(outcomes).extracting(outcome -> outcome.refused().<Object>map(Object::getClass).orElse(null))
                .containsExactly(null, AlreadyVotedException.class, OptionNotInPollException.class, PollClosedException.class,
                        null, PollNotFoundException.class, null);
        assertThat(outcomes.get(0).counted()).get().extracting(VoteView::optionId).isEqualTo(option(poll, 0));
        assertThat(voteRowsByOption(poll.id())).containsOnly(Map.entry(option(poll, 0), 1L), Map.entry(option(poll, 2), 1L));
        assertThat(polls.results(poll.id()).options()).extracting(OptionResult::votes).containsExactly(1L, 0L, 1L);
        assertThat(voteRows(closed.id())).isZero();
        assertThat(committed.of(poll.id())).as("one announcement for the batch's poll").isEqualTo(1);
        assertThat(voting.find(poll.id(), twice)).isEqualTo(outcomes.get(0).counted());
    }

    /**
     * The batch is one transaction: when the database refuses one of its ballots (here the unique
     * key, because the same voter's vote committed through another path while the batch waited for
     * it), none of the batch is counted, and the ballot box then casts each alone.
     */
    @Test
    void aBatchTheDatabaseRefusesCountsNoneOfItsBallots() throws Exception {
        PollView poll = newPoll();
        String racing = newVoter();
        String bystander = newVoter();
        ExecutorService pool = Executors.newSingleThreadExecutor(threads);
        try (Connection elsewhere = dataSource.getConnection()) {
            elsewhere.setAutoCommit(false);
            voteInSql(elsewhere, poll, 1, racing);
            Future<Object> batch = pool.submit(() -> voting.castAll(List.of(
                    new Ballot(poll.id(), option(poll, 0), bystander),
                    new Ballot(poll.id(), option(poll, 0), racing))));
            awaitOneSessionWaitingForALock(batch);
            elsewhere.commit();

            BallotOutcome undecided = new BallotOutcome(Optional.empty(), Optional.empty());
            assertThat(batch.get(30, TimeUnit.SECONDS)).isEqualTo(List.of(undecided, undecided));
        } finally {
            pool.shutdownNow();
        }
        assertThat(voting.find(poll.id(), bystander)).as("rolled back with the batch").isEmpty();
        assertThat(voteRowsByOption(poll.id())).containsOnly(Map.entry(option(poll, 1), 1L));

        assertThat(ballots.cast(poll.id(), option(poll, 0), bystander).optionId()).isEqualTo(option(poll, 0));
        assertThatThrownBy(() -> ballots.cast(poll.id(), option(poll, 0), racing)).isInstanceOf(AlreadyVotedException.class);
    }

    /**
     * Many voters handing in ballots at once through the ballot box, one of them thirty-two times:
     * they share transactions (the batch-size histogram saw a batch of more than one), and each
     * caller is answered as a cast alone would answer it, each refusal counted once in the metrics
     * whether its batch or a cast alone found it.
     */
    @Test
    void ballotsHandedInTogetherShareTransactionsAndAreEachAnsweredAsAlone() throws Exception {
        PollView poll = newPoll();
        PollView closed = newPoll();
        polls.close(closed.id());
        List<String> voters = newVoters(150);
        String eager = newVoter();
        long batchesBefore = batchesCast();
        Map<String, Long> refusalsBefore = refusalsCounted();

        List<Object> outcomes = concurrently(190, i -> {
            if (i < 150) {
                return () -> ballots.cast(poll.id(), option(poll, i % 3), voters.get(i));
            } else if (i < 182) {
                return () -> ballots.cast(poll.id(), option(poll, i % 3), eager);
            } else if (i < 186) {
                return () -> ballots.cast(closed.id(), option(closed, 0), voters.get(i - 182));
            }
            return () -> ballots.cast(poll.id(), option(closed, 0), voters.get(i - 186));
        });

        assertThat(outcomes.subList(0, 150)).allMatch(VoteView.class::isInstance);
        assertThat(outcomes.subList(150, 182)).filteredOn(VoteView.class::isInstance).hasSize(1);
        assertThat(outcomes.subList(150, 182)).filteredOn(AlreadyVotedException.class::isInstance).hasSize(31);
        assertThat(outcomes.subList(182, 186)).allMatch(PollClosedException.class::isInstance);
        assertThat(outcomes.subList(186, 190)).allMatch(OptionNotInPollException.class::isInstance);
        assertThat(voteRows(poll.id())).isEqualTo(151);
        Map<Long, Long> rows = voteRowsByOption(poll.id());
        assertThat(polls.results(poll.id()).options())
                .allSatisfy(result -> assertThat(result.votes()).isEqualTo(rows.getOrDefault(result.id(), 0L)));
        assertThat(batchesCast() - batchesBefore).as("batches for 190 ballots").isBetween(1L, 189L);
        Map<String, Long> refusalsAfter = refusalsCounted();
        assertThat(refusalsAfter.keySet()).allSatisfy(reason -> assertThat(refusalsAfter.get(reason) - refusalsBefore.get(reason))
                .as(reason).isEqualTo(Map.of("already_voted", 31L, "poll_closed", 4L, "option_not_in_poll", 4L).get(reason)));
    }

    /** The counters {@code votes_rejected_total} of the reasons a burst of ballots meets. */
    private Map<String, Long> refusalsCounted() {
        Map<String, Long> counts = new HashMap<>();
        for (String reason : List.of("already_voted", "poll_closed", "option_not_in_poll")) {
            Counter counter = metrics.getCounter(new MetricID("votes.rejected", new Tag("reason", reason)));
            counts.put(reason, counter == null ? 0 : counter.getCount());
        }
        return counts;
    }

    /** How many batches the ballot box has cast so far, from its histogram of their sizes. */
    private long batchesCast() {
        Histogram batches = metrics.getHistogram(new MetricID("votes.cast.batch"));
        return batches == null ? 0 : batches.getCount();
    }

    /** A first vote inserted and counted in SQL, as a cast does, on the caller's connection and transaction. */
    private static void voteInSql(Connection connection, PollView poll, int optionIndex, String username) throws SQLException {
        long voteId = Long.MAX_VALUE / 2 + ThreadLocalRandom.current().nextInt(1_000_000);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO vote (id, poll_id, option_id, account_id, cast_at)"
                        + " SELECT ?, ?, ?, a.id, CURRENT_TIMESTAMP FROM account a WHERE a.username = ?");
                PreparedStatement count = connection.prepareStatement("UPDATE option_tally SET votes = votes + 1"
                        + " WHERE poll_id = ? AND option_id = ? AND shard = ?")) {
            insert.setLong(1, voteId);
            insert.setLong(2, poll.id());
            insert.setLong(3, option(poll, optionIndex));
            insert.setString(4, username);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            count.setLong(1, poll.id());
            count.setLong(2, option(poll, optionIndex));
            count.setInt(3, OptionTally.shardOf(voteId));
            assertThat(count.executeUpdate()).isEqualTo(1);
        }
    }

    /**
     * Runs {@code call} on another thread while this test holds the lock of the poll's one vote,
     * and withdraws that vote in SQL once the database reports the call waiting for the lock: so
     * the withdrawal commits while the call waits, every time. Returns the call's result or the
     * exception it threw.
     */
    private Object whileItsVoteIsWithdrawn(PollView poll, Callable<Object> call) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(threads);
        try (Connection withdrawal = dataSource.getConnection()) {
            withdrawal.setAutoCommit(false);
            VoteRow vote = lockVoteRow(withdrawal, poll.id());
            Future<Object> waiting = pool.submit(() -> {
                try {
                    return call.call();
                } catch (RuntimeException e) {
                    return e;
                }
            });
            awaitOneSessionWaitingForALock(waiting);
            withdrawInSql(withdrawal, poll.id(), vote);
            withdrawal.commit();
            return waiting.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private record VoteRow(long id, long optionId) {
    }

    private static VoteRow lockVoteRow(Connection connection, long pollId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT id, option_id FROM vote WHERE poll_id = ? FOR UPDATE")) {
            lock.setLong(1, pollId);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("the poll's one vote").isTrue();
                return new VoteRow(row.getLong(1), row.getLong(2));
            }
        }
    }

    /** What a withdrawal does to the rows: the vote goes, and its count leaves its option's tally. */
    private static void withdrawInSql(Connection connection, long pollId, VoteRow vote) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM vote WHERE id = ?");
                PreparedStatement uncount = connection.prepareStatement("UPDATE option_tally SET votes = votes - 1"
                        + " WHERE poll_id = ? AND option_id = ? AND shard = ?")) {
            delete.setLong(1, vote.id());
            assertThat(delete.executeUpdate()).isEqualTo(1);
            uncount.setLong(1, pollId);
            uncount.setLong(2, vote.optionId());
            uncount.setInt(3, OptionTally.shardOf(vote.id()));
            assertThat(uncount.executeUpdate()).isEqualTo(1);
        }
    }

    /**
     * Until the database reports a session waiting for a row lock: the only one this test holds.
     * Each database says so in its own catalogue. H2 names the blocker of a row lock's waiter, but
     * not of an insert waiting to learn whether a key another transaction inserted will commit, so
     * for H2 an insert of a vote running for half a second counts as waiting too: none of this
     * class takes that long otherwise.
     */
    private void awaitOneSessionWaitingForALock(Future<Object> waiter) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            String waiting = connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")
                    ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                    : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL"
                            + " OR (EXECUTING_STATEMENT LIKE 'INSERT INTO vote %'"
                            + " AND EXECUTING_STATEMENT_START < DATEADD(MILLISECOND, -500, CURRENT_TIMESTAMP))";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                assertThat(waiter).as("the call, which must wait for the lock").isNotDone();
                try (PreparedStatement count = connection.prepareStatement(waiting); ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) == 1) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("No session waited for the vote's lock within 30 s");
    }

    /**
     * Runs {@code count} tasks on as many container-managed threads, released together by a latch
     * so they really overlap; returns each task's result or the exception it threw.
     */
    private List<Object> concurrently(int count, Function<Integer, Callable<Object>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count, threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<Object> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return work.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                try {
                    outcomes.add(future.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private PollView newPoll() {
        return polls.create(new NewPoll("Which one? " + UUID.randomUUID(), null, List.of("red", "green", "blue"), null), null);
    }

    private String newVoter() {
        String username = "it-" + UUID.randomUUID().toString().substring(0, 18);
        return accounts.register(new NewAccount(username, "correct horse battery")).username();
    }

    private List<String> newVoters(int count) {
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            voters.add(newVoter());
        }
        return voters;
    }

    private static long option(PollView poll, int index) {
        return poll.options().get(index).id();
    }

    private Map<Long, Long> voteRowsByOption(long pollId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT option_id, COUNT(*) FROM vote WHERE poll_id = ? GROUP BY option_id")) {
            count.setLong(1, pollId);
            try (ResultSet rows = count.executeQuery()) {
                Map<Long, Long> byOption = new HashMap<>();
                while (rows.next()) {
                    byOption.put(rows.getLong(1), rows.getLong(2));
                }
                return byOption;
            }
        }
    }

    private long voteRows(long pollId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM vote WHERE poll_id = ?")) {
            count.setLong(1, pollId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
