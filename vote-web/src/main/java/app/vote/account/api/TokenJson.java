package app.vote.account.api;

import jakarta.json.bind.annotation.JsonbProperty;

/** An OAuth 2.0-style token response (RFC 6749 section 5.1). */
public record TokenJson(
        @JsonbProperty("access_token") String accessToken,
        @JsonbProperty("token_type") String tokenType,
        @JsonbProperty("expires_in") long expiresIn) {
}
