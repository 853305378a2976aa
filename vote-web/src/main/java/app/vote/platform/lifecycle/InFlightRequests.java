package app.vote.platform.lifecycle;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpFilter;
import java.io.IOException;

/**
 * Counts the requests being served so that a graceful stop can wait for them. An asynchronous
 * request (the results stream, which the poll pages use too) counts until its handler returns, not
 * for the life of the stream: a stop must not wait on a subscriber who never leaves.
 */
public class InFlightRequests extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient GracefulStop gracefulStop;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        gracefulStop.requestStarted();
        try {
            chain.doFilter(request, response);
        } finally {
            gracefulStop.requestFinished();
        }
    }
}
