package app.vote.account.security;

import app.vote.platform.persistence.DatabaseSettings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The RSA key the API signs its tokens with. In production it comes from configuration, a PKCS#8
 * PEM in {@code VOTE_JWT_PRIVATE_KEY} or in the file {@code VOTE_JWT_PRIVATE_KEY_FILE} (how the
 * AWS deployment provides a Secrets Manager secret). Without one, as on a laptop, a key is
 * generated on first start and kept beside the embedded database, so tokens survive a restart.
 */
@ApplicationScoped
public class SigningKey {

    static final String GENERATED_KEY_FILE = "jwt-signing-key.pem";

    private static final Logger LOG = Logger.getLogger(SigningKey.class.getName());
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    @Inject
    @ConfigProperty(name = "vote.jwt.private-key")
    Optional<String> pem;

    @Inject
    @ConfigProperty(name = "vote.jwt.private-key-file")
    Optional<String> pemFile;

    @Inject
    @ConfigProperty(name = DatabaseSettings.DATA_DIR, defaultValue = DatabaseSettings.DEFAULT_DATA_DIR)
    String dataDir;

    private RSAKey key;

    @PostConstruct
    void load() {
        try {
            if (pem.isPresent()) {
                key = toJwk(parse(pem.get()));
            } else if (pemFile.isPresent()) {
                key = toJwk(parse(Files.readString(Path.of(pemFile.get()), StandardCharsets.US_ASCII)));
            } else {
                key = toJwk(generatedKey(Path.of(dataDir).resolve(GENERATED_KEY_FILE)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the token signing key", e);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("The token signing key is not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    /** The private key, with its key id (the RFC 7638 thumbprint of the public key). */
    public RSAKey jwk() {
        return key;
    }

    private static RSAPrivateCrtKey generatedKey(Path file) throws IOException, GeneralSecurityException {
        if (Files.isReadable(file)) {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(file.toAbsolutePath().getParent());
        String encoded = PEM_BEGIN + "\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n" + PEM_END + "\n";
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (UnsupportedOperationException notPosix) {
            Files.writeString(file, encoded, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException anotherInstanceWasFaster) {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        }
        LOG.info(() -> "Generated a token signing key in " + file.toAbsolutePath()
                + " (set VOTE_JWT_PRIVATE_KEY in production)");
        return (RSAPrivateCrtKey) pair.getPrivate();
    }

    static RSAPrivateCrtKey parse(String pemText) throws GeneralSecurityException {
        String base64 = pemText.replace(PEM_BEGIN, "").replace(PEM_END, "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static RSAKey toJwk(RSAPrivateCrtKey privateKey) throws GeneralSecurityException, JOSEException {
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        RSAKey withoutId = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        return new RSAKey.Builder(publicKey)
                .privateKey(privateKey)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyID(withoutId.computeThumbprint().toString())
                .build();
    }
}
