package app.vote.platform.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Jersey refuses some requests before the application or any exception mapper sees them: a
 * Content-Type it cannot parse ({@code Content-Type: json}) is answered with a bare
 * {@code sendError(400)}, which the servlet container would dress as its own HTML error page naming
 * the server. On the API such an answer gets the problem body every other refusal has instead.
 *
 * <p>Mapped in web.xml to the API's addresses only; the pages keep their own error pages.
 */
public class ProblemErrorsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final Jsonb JSON = JsonbBuilder.create();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {

            @Override
            public void sendError(int status) throws IOException {
                sendError(status, null);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                Object problem = new ClientErrorMapper().toResponse(new WebApplicationException(status)).getEntity();
                resetBuffer();
                setStatus(status);
                setContentType(Problem.MEDIA_TYPE);
                getOutputStream().write(JSON.toJson(problem).getBytes(StandardCharsets.UTF_8));
                flushBuffer();
            }
        });
    }
}
