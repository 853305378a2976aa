package app.vote.api;

import static app.vote.api.ApiContractIT.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import app.vote.testing.ApiClient;
import app.vote.testing.Deployments;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both kinds of bearer token, verified for real: the app's own (the test reads the signing key
 * the app generated beside its data, to forge tokens with bad claims), and those of an external
 * OpenID Connect issuer, which this test plays itself by serving a JWKS on 127.0.0.1 at the
 * address the server was started with (the way Amazon Cognito serves its keys).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokensIT {

    private static final String AUDIENCE = "vote-it-client";
    private static RSAKey issuerKey;
    private static final AtomicReference<JWKSet> published = new AtomicReference<>();
    private static HttpServer jwksServer;
    private static String externalIssuer;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.shippedWar();
    }

    @ArquillianResource
    URL base;

    private ApiClient api;

    @BeforeAll
    static void startTheExternalIssuer() throws Exception {
        int port = Integer.parseInt(System.getProperty("vote.it.jwksPort"));
        externalIssuer = "http://127.0.0.1:" + port + "/issuer";
        issuerKey = new RSAKeyGenerator(2048).keyID("key-1").generate();
        published.set(new JWKSet(issuerKey.toPublicJWK()));
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        jwksServer.createContext("/jwks.json", exchange -> {
            byte[] body = published.get().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
    }

    @AfterAll
    static void stopTheExternalIssuer() {
        jwksServer.stop(0);
    }

    @BeforeEach
    void client() {
        api = new ApiClient(base);
    }

    // ---- external issuer (Amazon Cognito's shape)

    @Test
    void anExternalTokenVotesAndItsSubjectGetsOneAccount() throws Exception {
        String subject = UUID.randomUUID().toString();
        String token = external(issuerKey, claims -> claims.subject(subject).audience(AUDIENCE));
        long poll = api.newPoll(api.adminToken(), "a", "b");

        api.as(token).get("/accounts/me").then().statusCode(200)
                .body("username", startsWith("ext-")).body("roles", equalTo(List.of("voter")));
        vote(token, poll, api.optionId(poll, 0)).then().statusCode(201);
        problem(vote(external(issuerKey, claims -> claims.subject(subject).audience(AUDIENCE)), poll,
                api.optionId(poll, 1)), 409, "/problems/already-voted");
        api.anonymous().get("/polls/" + poll + "/results").then().body("totalVotes", equalTo(1));
    }

    @Test
    void aCognitoAccessTokenWithTheAdminGroupMayCreatePolls() throws Exception {
        String token = external(issuerKey, claims -> claims.subject(UUID.randomUUID().toString())
                .claim("client_id", AUDIENCE).claim("token_use", "access").claim("cognito:groups", List.of("admin")));

        api.as(token).contentType(ContentType.JSON).body("{\"question\":\"From Cognito?\",\"options\":[\"yes\",\"no\"]}")
                .post("/polls").then().statusCode(201);
        String voterOnly = external(issuerKey, claims -> claims.subject(UUID.randomUUID().toString()).audience(AUDIENCE));
        problem(api.as(voterOnly).contentType(ContentType.JSON).body("{\"question\":\"No?\",\"options\":[\"yes\",\"no\"]}")
                .post("/polls"), 403, "/problems/forbidden");
    }

    @Test
    void externalTokensThatMustNotBeTrustedAre401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("key-1").generate();
        Instant now = Instant.now();
        List<String> untrusted = List.of(
                external(issuerKey, c -> c.subject("expired").audience(AUDIENCE)
                        .issueTime(Date.from(now.minus(Duration.ofHours(2))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(10))))),
                external(issuerKey, c -> c.subject("future").audience(AUDIENCE)
                        .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10))))),
                external(issuerKey, c -> c.subject("other-audience").audience("someone-else")),
                external(issuerKey, c -> c.subject("other-issuer").audience(AUDIENCE).issuer("https://issuer.invalid/pool")),
                external(stranger, c -> c.subject("wrong-signature").audience(AUDIENCE)),
                new PlainJWT(new JWTClaimsSet.Builder().issuer(externalIssuer).subject("unsigned").audience(AUDIENCE)
                        .expirationTime(Date.from(now.plusSeconds(300))).build()).serialize(),
                hmacSigned(externalIssuer, AUDIENCE));

        for (String token : untrusted) {
            problem(api.as(token).get("/accounts/me"), 401, "/problems/invalid-token");
        }
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesAnUnknownKeyId() throws Exception {
        api.as(external(issuerKey, c -> c.subject("before-rotation").audience(AUDIENCE)))
                .get("/accounts/me").then().statusCode(200);
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("key-2").generate();
        published.set(new JWKSet(List.of(issuerKey.toPublicJWK(), rotated.toPublicJWK())));
        Thread.sleep(1_200);

        api.as(external(rotated, c -> c.subject("after-rotation").audience(AUDIENCE)))
                .get("/accounts/me").then().statusCode(200);
    }

    // ---- the app's own tokens

    @Test
    void ownTokensWithBadClaimsOrAForeignKeyAre401() throws Exception {
        api.newVoterToken();
        RSAKey own = ownSigningKey();
        String username = api.newVoter();
        Instant now = Instant.now();
        api.as(own(own, c -> c.subject(username))).get("/accounts/me").then().statusCode(200)
                .body("username", equalTo(username));

        List<String> untrusted = List.of(
                own(own, c -> c.subject(username).expirationTime(Date.from(now.minusSeconds(600)))),
                own(own, c -> c.subject(username).notBeforeTime(Date.from(now.plusSeconds(600)))),
                own(own, c -> c.subject(username).audience("another-api")),
                own(own, c -> c.subject(username).issuer("someone-else")),
                own(new RSAKeyGenerator(2048).keyID(own.getKeyID()).generate(), c -> c.subject(username)),
                new PlainJWT(new JWTClaimsSet.Builder().issuer("vote").audience("vote-api").subject(username)
                        .expirationTime(Date.from(now.plusSeconds(300))).build()).serialize(),
                hmacSigned("vote", "vote-api"));

        for (String token : untrusted) {
            problem(api.as(token).get("/accounts/me"), 401, "/problems/invalid-token");
        }
    }

    /**
     * Copies of a real token, edited the ways attackers edit tokens: a voter promoting itself to
     * administrator or becoming another voter under the original signature, "alg: none" in its
     * spellings (with and without the real signature), the signature stripped, the attacker's own key
     * embedded in the header, and keys of one issuer used for the other's tokens.
     */
    @Test
    void tamperedCopiesOfARealTokenAreRefused() throws Exception {
        String username = api.newVoter();
        String otherVoter = api.newVoter();
        String real = api.token(username, ApiClient.PASSWORD);
        String[] parts = real.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String promoted = base64Url(payload.replace("\"voter\"", "\"admin\""));
        String impersonating = base64Url(payload.replace("\"" + username + "\"", "\"" + otherVoter + "\""));
        assertThat(promoted).isNotEqualTo(parts[1]);
        assertThat(impersonating).isNotEqualTo(parts[1]);
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(SignedJWT.parse(real).getHeader().getKeyID()).generate();
        SignedJWT selfSigned = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(attacker.getKeyID()).jwk(attacker.toPublicJWK()).build(), SignedJWT.parse(real).getJWTClaimsSet());
        selfSigned.sign(new RSASSASigner(attacker));

        List<String> tampered = List.of(
                parts[0] + "." + promoted + "." + parts[2],
                parts[0] + "." + impersonating + "." + parts[2],
                base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + promoted + ".",
                base64Url("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2],
                base64Url("{\"alg\":\"None\"}") + "." + promoted + ".",
                base64Url("{\"alg\":\"NONE\"}") + "." + promoted + ".",
                parts[0] + "." + parts[1] + ".",
                parts[0] + "." + parts[1],
                real + "." + parts[2],
                selfSigned.serialize(),
                own(issuerKey, c -> c.subject(username)),
                external(ownSigningKey(), c -> c.subject("signed-with-our-key").audience(AUDIENCE)));

        // The real token is used first, so the server has verified it and keeps it (VerifiedTokens):
        // copies that differ from it in any part must still be verified in full, and refused.
        api.as(real).get("/accounts/me").then().statusCode(200);
        for (String token : tampered) {
            problem(api.as(token).get("/accounts/me"), 401, "/problems/invalid-token");
            problem(api.as(token).contentType(ContentType.JSON).body("{\"question\":\"Mine?\",\"options\":[\"a\",\"b\"]}")
                    .post("/polls"), 401, "/problems/invalid-token");
        }
        api.as(real).get("/accounts/me").then().statusCode(200)
                .body("username", equalTo(username)).body("roles", equalTo(List.of("voter")));
    }

    @Test
    void theGeneratedSigningKeyIsKeptBesideTheDataSoTokensSurviveARestart() throws Exception {
        String token = api.newVoterToken();

        Path keyFile = Path.of(System.getProperty("vote.it.dataDir"), "jwt-signing-key.pem");
        assertThat(keyFile).isRegularFile();
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        assertThat(kid).isEqualTo(ownSigningKey().getKeyID());
    }

    private Response vote(String token, long poll, long option) {
        return api.as(token).contentType(ContentType.JSON).body("{\"optionId\":" + option + "}")
                .post("/polls/" + poll + "/votes");
    }

    private static String external(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(externalIssuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        claims.accept(builder);
        return sign(key, builder.build());
    }

    private static String own(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer("vote")
                .audience("vote-api")
                .claim("groups", List.of("voter"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        claims.accept(builder);
        return sign(key, builder.build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The classic confusion attack: an HMAC token "signed" with a guessable secret. */
    private static String hmacSigned(String issuer, String audience) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer(issuer).audience(audience).subject("hmac").claim("groups", List.of("admin"))
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new MACSigner("a-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The key the server generated on first use and keeps in its data directory. */
    private static RSAKey ownSigningKey() throws Exception {
        String pem = Files.readString(Path.of(System.getProperty("vote.it.dataDir"), "jwt-signing-key.pem"));
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(der));
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        RSAKey withoutId = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        return new RSAKey.Builder(publicKey).privateKey(privateKey)
                .keyID(withoutId.computeThumbprint().toString()).build();
    }
}
