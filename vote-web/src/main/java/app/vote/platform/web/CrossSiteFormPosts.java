package app.vote.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Refuses, with 403, a form POST to the pages that another site made the browser send: cross-site
 * request forgery. A signed-in visitor's forms are also protected by their server-side view state,
 * which a forged POST cannot know; the forms of a visitor who is not signed in (sign-in and
 * registration) have none, because their views are transient so that such visitors cost no session
 * (layout.xhtml). Without this, another site could sign a visitor in to an account of its choosing.
 *
 * <p>The browser says where a request comes from: {@code Sec-Fetch-Site} in every current browser,
 * otherwise {@code Origin}, which browsers send with every cross-origin POST. Only same-origin
 * POSTs and those the user started ({@code none}, e.g. a bookmark) pass; {@code same-site} (a
 * sibling subdomain) does not. A request with neither header does not come from a browser that
 * could be tricked, so it is let through (scripts and the load tests post that way). The origin is
 * compared with the {@code Host} header, which the load balancer passes on unchanged.
 */
public class CrossSiteFormPosts extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("POST".equals(request.getMethod())
                && isCrossSite(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"), request.getHeader("Host"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isCrossSite(String fetchSite, String origin, String host) {
        if (fetchSite != null) {
            String site = fetchSite.strip().toLowerCase(Locale.ROOT);
            return !site.equals("same-origin") && !site.equals("none");
        }
        if (origin == null) {
            return false;
        }
        return host == null || !host.strip().equalsIgnoreCase(authority(origin.strip()));
    }

    /** host[:port] of an origin; {@code null} for the opaque origin "null" or anything unreadable. */
    private static String authority(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null) {
                return null;
            }
            return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
