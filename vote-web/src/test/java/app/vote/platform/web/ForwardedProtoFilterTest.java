package app.vote.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Set-Cookie rewriting of {@link ForwardedProtoFilter}; the filter itself runs in WebSliceIT. */
class ForwardedProtoFilterTest {

    @Test
    void addsSameSiteLaxAndSecureWhenAskedAndMissing() {
        assertThat(ForwardedProtoFilter.hardened("JSESSIONID=abc; Path=/; HttpOnly", true))
                .isEqualTo("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(ForwardedProtoFilter.hardened("JSESSIONID=abc; Path=/; HttpOnly", false))
                .isEqualTo("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void keepsAttributesTheCookieAlreadyHas() {
        assertThat(ForwardedProtoFilter.hardened("a=b; secure; SameSite=Strict", true))
                .isEqualTo("a=b; secure; SameSite=Strict");
        assertThat(ForwardedProtoFilter.hardened("a=b; SameSite=None; Secure", false))
                .isEqualTo("a=b; SameSite=None; Secure");
    }

    @Test
    void aValueThatMerelyContainsTheWordsIsNotTakenForTheAttributes() {
        assertThat(ForwardedProtoFilter.hardened("note=Secure-SameSite; Path=/", true))
                .isEqualTo("note=Secure-SameSite; Path=/; SameSite=Lax; Secure");
    }
}
