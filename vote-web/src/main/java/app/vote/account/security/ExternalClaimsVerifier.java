package app.vote.account.security;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.util.Set;

/**
 * Claims rules for tokens of the external issuer. Cognito puts the app client id in {@code aud}
 * of ID tokens but in {@code client_id} of access tokens, so either may name our audience.
 * Issuer, expiry and not-before are checked by the parent (with its one-minute clock skew).
 */
class ExternalClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final String audience;

    ExternalClaimsVerifier(String issuer, String audience) {
        super(null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
        this.audience = audience;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(claims, context);
        if (audience == null) {
            return;
        }
        Object clientId = claims.getClaim("client_id");
        boolean forUs = (claims.getAudience() != null && claims.getAudience().contains(audience))
                || audience.equals(clientId);
        if (!forUs) {
            throw new BadJWTException("JWT audience rejected");
        }
    }
}
