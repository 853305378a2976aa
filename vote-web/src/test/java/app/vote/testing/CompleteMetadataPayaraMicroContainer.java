package app.vote.testing;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;

/**
 * The Payara Micro managed connector (3.1) with a race closed.
 *
 * <p>The connector treats Payara Micro as started as soon as its console shows the "Instance
 * Configuration" block up to the "Https Port(s)" line, and then reads the deployed applications
 * and their servlets from the console text captured at that instant. The lines listing them are
 * a few lines further down; on a busy two-core CI machine the console reader sometimes has not
 * appended them yet, the connector returns an HTTP context with no servlets, and every test of
 * the class fails with "ArquillianServletRunnerEE9 not found" although the application deployed
 * (seen once in CI, 2026-11-28). Here a context that came back without servlets gets the
 * Arquillian servlet at the context root Payara Micro gives a WAR that does not set one: the
 * archive's name without ".war" (none of our deployments sets one).
 */
public class CompleteMetadataPayaraMicroContainer extends PayaraMicroDeployableContainer {

    static final String ARQUILLIAN_SERVLET = "ArquillianServletRunnerEE9";

    private static final Logger LOG = Logger.getLogger(CompleteMetadataPayaraMicroContainer.class.getName());

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        return withArquillianServlet(super.deploy(archive), archive.getName());
    }

    static ProtocolMetaData withArquillianServlet(ProtocolMetaData metaData, String archiveName) {
        for (HTTPContext context : metaData.getContexts(HTTPContext.class)) {
            if (context.getServlets().isEmpty()) {
                String contextRoot = contextRootOf(archiveName);
                LOG.warning(() -> "The connector read the console before the deployment list was printed; using context root /"
                        + contextRoot + " of " + archiveName);
                context.add(new Servlet(ARQUILLIAN_SERVLET, contextRoot));
            }
        }
        return metaData;
    }

    static String contextRootOf(String archiveName) {
        return archiveName.endsWith(".war") ? archiveName.substring(0, archiveName.length() - ".war".length()) : archiveName;
    }
}
