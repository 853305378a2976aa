package app.vote.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Content-Security-Policy {@link SecurityHeadersFilter} sends; the headers on real responses are checked in WebSliceIT. */
class SecurityHeadersFilterTest {

    @Test
    void thePolicyAllowsOnlyThisOriginAndTheNoncedInlineScripts() {
        String policy = SecurityHeadersFilter.policy("abc123");

        assertThat(policy).contains("default-src 'self'", "script-src 'self' 'nonce-abc123'", "style-src 'self'",
                "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
                "frame-ancestors 'none'");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
    }
}
