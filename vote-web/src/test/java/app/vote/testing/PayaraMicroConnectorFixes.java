package app.vote.testing;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Puts {@link CompleteMetadataPayaraMicroContainer} in place of the connector's own container. */
public class PayaraMicroConnectorFixes implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.override(DeployableContainer.class, PayaraMicroDeployableContainer.class, CompleteMetadataPayaraMicroContainer.class);
    }
}
