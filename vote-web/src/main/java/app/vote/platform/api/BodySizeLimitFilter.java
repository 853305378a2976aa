package app.vote.platform.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * No API request body needs more than 16 KiB. Larger ones are refused with 413 before they are
 * parsed: at once when Content-Length says so, or as soon as a chunked body passes the limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimitFilter implements ContainerRequestFilter {

    public static final int MAX_BODY_BYTES = 16 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            request.abortWith(tooLarge());
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream()));
        }
    }

    static Response tooLarge() {
        return Problem.of("payload-too-large", "Content Too Large", Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "Request bodies are limited to " + MAX_BODY_BYTES + " bytes.").toResponse();
    }

    private static final class LimitedInputStream extends FilterInputStream {

        private long read;

        LimitedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw new WebApplicationException(tooLarge());
            }
        }
    }
}
