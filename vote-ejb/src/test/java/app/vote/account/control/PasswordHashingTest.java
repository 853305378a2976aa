package app.vote.account.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    private static final int ITERATIONS = 1_000;

    @Test
    void theDecoyHasTheEncodingAndTheWorkFactorOfARealHash() {
        String[] parts = PasswordHashing.decoyHash(ITERATIONS, new SecureRandom()).split(":");

        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("PBKDF2WithHmacSHA256");
        assertThat(Integer.parseInt(parts[1])).isEqualTo(ITERATIONS);
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(32);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void theDecoyIsNotTheHashOfAKnownPhrase() throws Exception {
        String[] parts = PasswordHashing.decoyHash(ITERATIONS, new SecureRandom()).split(":");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] stored = Base64.getDecoder().decode(parts[3]);

        // What Pbkdf2PasswordHash.verify derives: a key of the stored hash's length.
        byte[] derived = SecretKeyFactory.getInstance(parts[0])
                .generateSecret(new PBEKeySpec("decoy password for unknown users".toCharArray(), salt,
                        Integer.parseInt(parts[1]), stored.length * 8))
                .getEncoded();

        assertThat(derived).hasSize(32).isNotEqualTo(stored);
    }

    @Test
    void eachStartGetsItsOwnDecoy() {
        SecureRandom random = new SecureRandom();

        assertThat(PasswordHashing.decoyHash(ITERATIONS, random))
                .isNotEqualTo(PasswordHashing.decoyHash(ITERATIONS, random));
    }
}
