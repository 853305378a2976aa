package app.vote.account.boundary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Usernames for accounts of external issuers: {@code ext-} and 20 hex digits of a hash of issuer
 * and subject. Stable, within the username rules, and reserved: registration refuses the prefix.
 */
public final class ExternalUsernames {

    public static final String PREFIX = "ext-";

    private ExternalUsernames() {
    }

    public static String of(String issuer, String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((issuer + '\n' + subject).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static boolean isReserved(String username) {
        return username != null && username.startsWith(PREFIX);
    }
}
