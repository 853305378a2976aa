package app.vote.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The browser-side defences every response carries (pages, resources, error pages and the API):
 * a Content-Security-Policy that allows only this origin's scripts, styles and images plus the
 * inline scripts Faces itself writes, which {@link CspNonceRenderKitFactory} marks with this
 * request's nonce; no framing; no MIME sniffing; no full URLs in the Referer header.
 *
 * <p>Mapped in web.xml (after {@link ForwardedProtoFilter}, which decides whether HSTS applies).
 */
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The request attribute holding this request's nonce. */
    public static final String NONCE_ATTRIBUTE = SecurityHeadersFilter.class.getName() + ".nonce";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String nonce = newNonce();
        request.setAttribute(NONCE_ATTRIBUTE, nonce);
        response.setHeader("Content-Security-Policy", policy(nonce));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }

    /**
     * No {@code 'unsafe-inline'} anywhere: styles come from app.css only (bars are {@code <progress>}
     * elements, never inline widths) and inline scripts run only with the nonce, which Faces'
     * own carry. {@code connect-src 'self'} covers live.js's results stream from the same host.
     */
    static String policy(String nonce) {
        return "default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    private static String newNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
