package app.vote.platform.web;

import static app.vote.platform.web.CrossSiteFormPosts.isCrossSite;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteFormPostsTest {

    @Test
    void aPostFromThePagesOwnOriginPasses() {
        assertThat(isCrossSite("same-origin", "https://vote.example.org", "vote.example.org")).isFalse();
        assertThat(isCrossSite(null, "http://127.0.0.1:8080", "127.0.0.1:8080")).isFalse();
        assertThat(isCrossSite("none", null, "vote.example.org")).isFalse();
    }

    @Test
    void aPostAnotherSiteMadeTheBrowserSendIsRefused() {
        assertThat(isCrossSite("cross-site", "https://evil.example", "vote.example.org")).isTrue();
        assertThat(isCrossSite("same-site", "https://evil.example.org", "vote.example.org")).isTrue();
        assertThat(isCrossSite(null, "https://evil.example", "vote.example.org")).isTrue();
        assertThat(isCrossSite(null, "http://127.0.0.1:9999", "127.0.0.1:8080")).isTrue();
    }

    @Test
    void theOpaqueOriginOfASandboxedFrameOrAnUnreadableOneIsRefused() {
        assertThat(isCrossSite(null, "null", "vote.example.org")).isTrue();
        assertThat(isCrossSite(null, "::not a uri", "vote.example.org")).isTrue();
    }

    @Test
    void fetchMetadataIsBelievedBeforeTheOrigin() {
        assertThat(isCrossSite("cross-site", "https://vote.example.org", "vote.example.org")).isTrue();
    }

    @Test
    void aClientThatSaysNothingOfWhereItComesFromIsNoBrowserToTrickAndPasses() {
        assertThat(isCrossSite(null, null, "vote.example.org")).isFalse();
    }
}
