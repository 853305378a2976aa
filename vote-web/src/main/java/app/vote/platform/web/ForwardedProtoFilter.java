package app.vote.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Behind the load balancer, which ends TLS and forwards plain HTTP, the request the app sees says
 * "http" although the visitor used HTTPS. When {@code X-Forwarded-Proto} says {@code https}, this
 * filter makes the request report it ({@code isSecure()}, the scheme, the port and the URL, so
 * redirects stay on HTTPS) and marks every cookie of the response {@code Secure}, the session cookie
 * included. Without the header the request is left as it is, so plain {@code http://localhost} keeps
 * working. Either way every cookie gets {@code SameSite=Lax} unless it names its own: Payara 6 does
 * not apply the SameSite attribute of web.xml's {@code <cookie-config>}.
 *
 * <p>Anyone can send the header; believing it only ever adds {@code Secure} to cookies and an HSTS
 * header, which cannot weaken anything. The session cookie the container writes itself is made
 * {@code Secure} where a session is created or its id changed through this request (a signed-in
 * visitor's pages, and the sign-in). Nothing starts a session before the filters run: a protected
 * page sends a visitor who is not signed in to sign in without one ({@code FormSignInScope}).
 */
public class ForwardedProtoFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String HEADER = "X-Forwarded-Proto";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String proto = forwardedProto(request);
        boolean secure = proto == null ? request.isSecure() : proto.equals("https");
        SecureCookies cookies = new SecureCookies(response, secure);
        chain.doFilter(new ForwardedRequest(request, proto, cookies), cookies);
        cookies.secureSetCookieHeaders();
    }

    /** The first value of the header ({@code https, http} after two proxies), if it is a scheme. */
    private static String forwardedProto(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header == null) {
            return null;
        }
        String first = header.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        return first.equals("https") || first.equals("http") ? first : null;
    }

    private static final class ForwardedRequest extends HttpServletRequestWrapper {

        /** The forwarded scheme, or null when the request came without one and is reported as it is. */
        private final String proto;
        private final SecureCookies cookies;

        ForwardedRequest(HttpServletRequest request, String proto, SecureCookies cookies) {
            super(request);
            this.proto = proto;
            this.cookies = cookies;
        }

        @Override
        public boolean isSecure() {
            return proto == null ? super.isSecure() : proto.equals("https");
        }

        @Override
        public String getScheme() {
            return proto == null ? super.getScheme() : proto;
        }

        @Override
        public int getServerPort() {
            if (proto == null) {
                return super.getServerPort();
            }
            String port = getHeader("X-Forwarded-Port");
            if (port != null && port.strip().matches("\\d{1,5}")) {
                return Integer.parseInt(port.strip());
            }
            return isSecure() ? 443 : 80;
        }

        @Override
        public StringBuffer getRequestURL() {
            if (proto == null) {
                return super.getRequestURL();
            }
            StringBuffer url = new StringBuffer(proto).append("://").append(getServerName());
            int port = getServerPort();
            if (!(isSecure() && port == 443) && !(!isSecure() && port == 80)) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public HttpSession getSession(boolean create) {
            HttpSession session = super.getSession(create);
            if (session != null && session.isNew()) {
                cookies.secureSetCookieHeaders();
            }
            return session;
        }

        @Override
        public String changeSessionId() {
            String id = super.changeSessionId();
            cookies.secureSetCookieHeaders();
            return id;
        }
    }

    private static final class SecureCookies extends HttpServletResponseWrapper {

        private final boolean secure;

        SecureCookies(HttpServletResponse response, boolean secure) {
            super(response);
            this.secure = secure;
        }

        @Override
        public void addCookie(Cookie cookie) {
            if (secure) {
                cookie.setSecure(true);
            }
            if (cookie.getAttribute("SameSite") == null) {
                cookie.setAttribute("SameSite", "Lax");
            }
            super.addCookie(cookie);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, secured(name, value));
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, secured(name, value));
        }

        /**
         * Signing in changes the session id once more inside the container (its own fixation
         * defence), which rewrites the session cookie without our attributes after the hooks above
         * ran. The redirect that follows commits the response: the last moment to add them.
         */
        @Override
        public void sendRedirect(String location) throws IOException {
            secureSetCookieHeaders();
            super.sendRedirect(location);
        }

        private String secured(String name, String value) {
            return "Set-Cookie".equalsIgnoreCase(name) ? hardened(value, secure) : value;
        }

        /** Adds the attributes to the Set-Cookie headers already written (the container's session cookie). */
        void secureSetCookieHeaders() {
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (response.isCommitted()) {
                return;
            }
            List<String> values = new ArrayList<>(response.getHeaders("Set-Cookie"));
            List<String> hardened = values.stream().map(value -> hardened(value, secure)).toList();
            if (hardened.equals(values)) {
                return;
            }
            for (int i = 0; i < hardened.size(); i++) {
                if (i == 0) {
                    response.setHeader("Set-Cookie", hardened.get(i));
                } else {
                    response.addHeader("Set-Cookie", hardened.get(i));
                }
            }
        }
    }

    /** A Set-Cookie value with {@code SameSite=Lax} unless it has a SameSite, and {@code Secure} if asked. */
    static String hardened(String setCookie, boolean secure) {
        boolean hasSecure = false;
        boolean hasSameSite = false;
        for (String attribute : setCookie.split(";")) {
            String name = attribute.split("=", 2)[0].strip();
            hasSecure |= name.equalsIgnoreCase("Secure");
            hasSameSite |= name.equalsIgnoreCase("SameSite");
        }
        return setCookie + (hasSameSite ? "" : "; SameSite=Lax") + (secure && !hasSecure ? "; Secure" : "");
    }
}
