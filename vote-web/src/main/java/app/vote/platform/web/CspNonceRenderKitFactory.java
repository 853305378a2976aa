package app.vote.platform.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import jakarta.faces.context.ResponseWriterWrapper;
import jakarta.faces.component.UIComponent;
import jakarta.faces.render.RenderKit;
import jakarta.faces.render.RenderKitFactory;
import jakarta.faces.render.RenderKitWrapper;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;

/**
 * Gives every {@code <script>} element Faces writes the nonce of the request's
 * Content-Security-Policy ({@link SecurityHeadersFilter}), so the policy can refuse all other inline
 * scripts. Mojarra 4.0 has no nonce support of its own. The pages need no inline script today (the
 * live results are live.js, a resource), but {@code <f:ajax>}, {@code <f:websocket>} and the like
 * write one, and without this they would fail silently under the policy. (Inline event handlers such as the
 * {@code onclick} of {@code <h:commandLink>} cannot be allowed by a nonce: the pages do not use them.)
 * Registered in faces-config.xml.
 */
public class CspNonceRenderKitFactory extends RenderKitFactory {

    public CspNonceRenderKitFactory(RenderKitFactory wrapped) {
        super(wrapped);
    }

    @Override
    public void addRenderKit(String renderKitId, RenderKit renderKit) {
        getWrapped().addRenderKit(renderKitId, renderKit);
    }

    @Override
    public RenderKit getRenderKit(FacesContext context, String renderKitId) {
        RenderKit renderKit = getWrapped().getRenderKit(context, renderKitId);
        return renderKit == null ? null : new NonceRenderKit(renderKit);
    }

    @Override
    public Iterator<String> getRenderKitIds() {
        return getWrapped().getRenderKitIds();
    }

    private static final class NonceRenderKit extends RenderKitWrapper {

        NonceRenderKit(RenderKit wrapped) {
            super(wrapped);
        }

        @Override
        public ResponseWriter createResponseWriter(Writer writer, String contentTypeList, String encoding) {
            return new NonceResponseWriter(getWrapped().createResponseWriter(writer, contentTypeList, encoding));
        }
    }

    private static final class NonceResponseWriter extends ResponseWriterWrapper {

        NonceResponseWriter(ResponseWriter wrapped) {
            super(wrapped);
        }

        @Override
        public void startElement(String name, UIComponent component) throws IOException {
            super.startElement(name, component);
            if ("script".equalsIgnoreCase(name)) {
                Object nonce = FacesContext.getCurrentInstance().getExternalContext().getRequestMap()
                        .get(SecurityHeadersFilter.NONCE_ATTRIBUTE);
                if (nonce != null) {
                    super.writeAttribute("nonce", nonce, null);
                }
            }
        }

        @Override
        public ResponseWriter cloneWithWriter(Writer writer) {
            return new NonceResponseWriter(getWrapped().cloneWithWriter(writer));
        }
    }
}
