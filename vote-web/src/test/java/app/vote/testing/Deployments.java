package app.vote.testing;

import java.io.File;
import java.net.URISyntaxException;
import org.assertj.core.api.Assertions;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archive every integration test deploys: the WAR this build just packaged, exactly as it
 * ships, plus the test's own classes when it runs inside the server.
 */
public final class Deployments {

    private Deployments() {
    }

    /** The shipped WAR, for tests that talk to it over HTTP. */
    public static WebArchive shippedWar() {
        String war = System.getProperty("vote.war");
        if (war == null || !new File(war).isFile()) {
            throw new IllegalStateException("System property vote.war must name the packaged WAR (run through Maven Failsafe)");
        }
        return ShrinkWrap.create(ZipImporter.class, "vote.war").importFrom(new File(war)).as(WebArchive.class);
    }

    /** The shipped WAR plus the given test classes and AssertJ, for tests that run inside the server. */
    public static WebArchive shippedWarWith(Class<?>... testClasses) {
        return shippedWar()
                .addClasses(testClasses)
                .addClass(Deployments.class)
                .addAsLibrary(jarOf(Assertions.class));
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
