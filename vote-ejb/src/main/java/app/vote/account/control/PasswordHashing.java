package app.vote.account.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
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
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoy = hash.generate("decoy password for unknown users".toCharArray());
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
}
