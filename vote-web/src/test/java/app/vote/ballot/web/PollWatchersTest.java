package app.vote.ballot.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollWatchersTest {

    private final PollWatchers watchers = new PollWatchers();

    @Test
    void aPollIsWatchedWhileAnyOfItsPagesHasItsSocketOpen() {
        watchers.opened(7L);
        watchers.opened(7L);
        watchers.closed(7L);

        assertThat(watchers.watched(7L)).isTrue();

        watchers.closed(7L);

        assertThat(watchers.watched(7L)).isFalse();
    }

    @Test
    void aPollNoPageOpenedIsNotWatched() {
        watchers.opened(7L);

        assertThat(watchers.watched(8L)).isFalse();
    }

    @Test
    void aCloseWithoutItsOpenDoesNotSilenceAPageThatStillWatches() {
        watchers.closed(7L);
        watchers.opened(7L);

        assertThat(watchers.watched(7L)).isTrue();
    }

    @Test
    void thePageCanGiveThePollsIdAsTextOrNumber() {
        watchers.opened("7");

        assertThat(watchers.watched(7L)).isTrue();
    }
}
