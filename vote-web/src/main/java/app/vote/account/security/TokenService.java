package app.vote.account.security;

import app.vote.account.boundary.AccountService;
import app.vote.account.boundary.AccountView;
import app.vote.account.boundary.UsernameTakenException;
import app.vote.account.entity.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Issues the API's own RS256 tokens and verifies bearer tokens of two kinds: ours, and those of an
 * external OpenID Connect issuer (an Amazon Cognito user pool) when one is configured. Only RS256
 * signatures are accepted, so unsigned ({@code alg: none}) and HMAC tokens never verify.
 */
@ApplicationScoped
public class TokenService {

    public static final String AUDIENCE = "vote-api";
    static final String ROLES_CLAIM = "groups";
    private static final int JWKS_TIMEOUT_MILLIS = 3_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;
    /** ~1 KB each (the token is the key): at most ~8 MB of the heap for an hour's active clients. */
    private static final int VERIFIED_TOKENS_KEPT = 8_192;

    @Inject
    SigningKey signingKey;

    @Inject
    Clock clock;

    @Inject
    MetricRegistry metrics;

    @EJB
    AccountService accounts;

    @Inject
    @ConfigProperty(name = "vote.jwt.issuer", defaultValue = "vote")
    String issuer;

    @Inject
    @ConfigProperty(name = "vote.jwt.lifetime-seconds", defaultValue = "3600")
    long lifetimeSeconds;

    @Inject
    @ConfigProperty(name = "vote.oidc.issuer")
    Optional<String> externalIssuer;

    @Inject
    @ConfigProperty(name = "vote.oidc.jwks-url")
    Optional<String> externalJwksUrl;

    @Inject
    @ConfigProperty(name = "vote.oidc.audience")
    Optional<String> externalAudience;

    /** The least time between two JWKS downloads caused by unknown key ids (a flood of them must not become a flood of downloads). */
    @Inject
    @ConfigProperty(name = "vote.oidc.jwks-refresh-min-interval-ms", defaultValue = "30000")
    long jwksRefreshMinIntervalMillis;

    private DefaultJWTProcessor<SecurityContext> ownTokens;
    private DefaultJWTProcessor<SecurityContext> externalTokens;
    private final Map<String, AccountView> externalAccounts = new ConcurrentHashMap<>();
    private final VerifiedTokens verifiedOwnTokens = new VerifiedTokens(VERIFIED_TOKENS_KEPT);

    public record IssuedToken(String value, long expiresInSeconds) {
    }

    @PostConstruct
    void configure() {
        // Our one public key as a Java key, once: selecting it from a JWK set per token converted the
        // JWK to a key pair each time, a fifth of a first verification's CPU (PERFORMANCE.md section 42).
        RSAPublicKey ownKey;
        try {
            ownKey = signingKey.jwk().toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("The signing key has no usable public key", e);
        }
        ownTokens = processor(new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, ownKey),
                new DefaultJWTClaimsVerifier<>(AUDIENCE, new JWTClaimsSet.Builder().issuer(issuer).build(),
                        Set.of("sub", "exp", "iat")));
        if (externalIssuer.isPresent() && externalJwksUrl.isPresent()) {
            try {
                // Nimbus' default 500 ms timeouts fail the first verification on a busy host; the JWKS
                // is fetched rarely (cached, refetched only for an unknown kid), so allow it seconds.
                JWKSource<SecurityContext> jwks = JWKSourceBuilder
                        .create(URI.create(externalJwksUrl.get()).toURL(),
                                new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                        .cache(true)
                        .rateLimited(jwksRefreshMinIntervalMillis)
                        .retrying(true)
                        .build();
                externalTokens = processor(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwks),
                        new ExternalClaimsVerifier(externalIssuer.get(), externalAudience.orElse(null)));
            } catch (MalformedURLException e) {
                throw new IllegalStateException("vote.oidc.jwks-url is not a URL", e);
            }
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWSKeySelector<SecurityContext> keys,
            DefaultJWTClaimsVerifier<SecurityContext> claims) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    public IssuedToken issue(AccountView account) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(account.username())
                .claim(ROLES_CLAIM, List.copyOf(account.roles()))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT).keyID(signingKey.jwk().getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signingKey.jwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        metrics.counter("tokens.issued").inc();
        return new IssuedToken(jwt.serialize(), lifetimeSeconds);
    }

    /** Verifies a bearer token and says who sent it, or why it cannot be trusted. */
    public ApiCaller verify(String token) throws InvalidTokenException {
        Instant now = clock.instant();
        ApiCaller known = verifiedOwnTokens.caller(token, now);
        if (known != null) {
            return known;
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("The token is not a JWT.");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException("Unsigned tokens are not accepted.");
        }
        String tokenIssuer = unverifiedIssuer(signed);
        try {
            if (externalTokens != null && externalIssuer.get().equals(tokenIssuer)) {
                return externalCaller(externalTokens.process(signed, null));
            }
            JWTClaimsSet claims = ownTokens.process(signed, null);
            List<String> roles = claims.getStringListClaim(ROLES_CLAIM);
            ApiCaller caller = new ApiCaller(claims.getSubject(), roles == null ? Set.of() : Set.copyOf(roles));
            // Only ours, whose key this process holds: an external issuer may withdraw a key from its JWKS.
            verifiedOwnTokens.remember(token, caller, claims.getExpirationTime().toInstant(), now);
            return caller;
        } catch (BadJWTException e) {
            throw new InvalidTokenException("The token's claims are not acceptable: " + e.getMessage());
        } catch (BadJOSEException | JOSEException | ParseException e) {
            throw new InvalidTokenException("The token's signature cannot be verified.", e);
        }
    }

    private static String unverifiedIssuer(SignedJWT jwt) throws InvalidTokenException {
        try {
            return jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidTokenException("The token's claims are not JSON.");
        }
    }

    /**
     * The local account of an externally signed-in person, created on first sight so votes work
     * the same for them. Admin rights come from the token's {@code cognito:groups}, each time.
     */
    private ApiCaller externalCaller(JWTClaimsSet claims) throws ParseException {
        String subject = claims.getSubject();
        AccountView account = externalAccounts.computeIfAbsent(subject, s -> {
            try {
                return accounts.externalAccount(externalIssuer.get(), s);
            } catch (UsernameTakenException concurrentFirstRequest) {
                return accounts.externalAccount(externalIssuer.get(), s);
            }
        });
        Set<String> roles = new HashSet<>(Set.of(Role.VOTER_NAME));
        List<String> groups = claims.getStringListClaim("cognito:groups");
        if (groups != null && groups.contains(Role.ADMIN_NAME)) {
            roles.add(Role.ADMIN_NAME);
        }
        return new ApiCaller(account.username(), Set.copyOf(roles));
    }

    public Duration lifetime() {
        return Duration.ofSeconds(lifetimeSeconds);
    }
}
