package app.vote.account.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PBKDF2-HMAC-SHA256 at the OWASP 2023 work factor (600,000 iterations) through Jakarta Security's
 * {@link Pbkdf2PasswordHash}. The iteration count is configurable ({@code vote.password.iterations})
 * so tests can make hashing cheap; each stored hash records its own parameters, so raising the
 * count later still verifies old hashes.
 */
@ApplicationScoped
public class PasswordHashing {

    public static final int OWASP_ITERATIONS = 600_000;

    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int SALT_BYTES = 32;
    static final int KEY_BYTES = 32;

    @Inject
    Pbkdf2PasswordHash hash;

    @Inject
    @ConfigProperty(name = "vote.password.iterations", defaultValue = "" + OWASP_ITERATIONS)
    int iterations;

    /** Verified against when the username is unknown, so both failures cost the same time. */
    private String decoy;

    @PostConstruct
    void configure() {
        hash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", ALGORITHM,
                "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", Integer.toString(SALT_BYTES),
                "Pbkdf2PasswordHash.KeySizeBytes", Integer.toString(KEY_BYTES)));
        decoy = decoyHash(iterations, new SecureRandom());
    }

    public String hash(String password) {
        return hash.generate(password.toCharArray());
    }

    public boolean matches(String password, String storedHash) {
        return hash.verify(password.toCharArray(), storedHash);
    }

    /** Spends the time a real verification would, for a username that does not exist. */
    public void verifyDecoy(String password) {
        hash.verify(password.toCharArray(), decoy);
    }

    /**
     * A stored hash in {@link Pbkdf2PasswordHash}'s documented encoding
     * ({@code algorithm:iterations:base64(salt):base64(hash)}) with the parameters of a real one,
     * whose hash part is random bytes rather than derived from a password. Verifying against it
     * costs exactly what verifying a real hash costs (the work is set by the algorithm, the
     * iterations and the key's length) and no password matches it. Deriving it from a password
     * cost a hash of its own, 600,000 iterations on a JVM that has not compiled them yet, in the
     * first start's path when the administrator's account is created (PERFORMANCE.md, section 46).
     */
    static String decoyHash(int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(salt);
        random.nextBytes(key);
        Base64.Encoder base64 = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(key);
    }
}
