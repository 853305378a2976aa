package app.vote.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.junit.jupiter.api.Test;

class CompleteMetadataPayaraMicroContainerTest {

    @Test
    void aContextReadBeforeTheDeploymentListGetsTheArquillianServletUnderTheWarsName() {
        HTTPContext context = new HTTPContext("127.0.0.1", 8345);

        CompleteMetadataPayaraMicroContainer.withArquillianServlet(new ProtocolMetaData().addContext(context), "vote.war");

        assertThat(context.getServlets()).singleElement().satisfies(servlet -> {
            assertThat(servlet.getName()).isEqualTo(CompleteMetadataPayaraMicroContainer.ARQUILLIAN_SERVLET);
            assertThat(servlet.getBaseURI()).hasToString("http://127.0.0.1:8345/vote/");
        });
    }

    @Test
    void aContextWhoseServletsWereReadIsLeftAsTheConnectorFoundIt() {
        HTTPContext context = new HTTPContext("127.0.0.1", 8345);
        context.add(new Servlet(CompleteMetadataPayaraMicroContainer.ARQUILLIAN_SERVLET, "/elsewhere"));

        CompleteMetadataPayaraMicroContainer.withArquillianServlet(new ProtocolMetaData().addContext(context), "vote.war");

        assertThat(context.getServlets()).singleElement()
                .satisfies(servlet -> assertThat(servlet.getBaseURI()).hasToString("http://127.0.0.1:8345/elsewhere/"));
    }
}
