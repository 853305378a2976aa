package app.vote.account.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The sign-in page, and the address that sends a visitor there and back to where they were going. */
public final class SignInPage {

    /** The page, inside the application. */
    public static final String PATH = "/login.xhtml";

    private SignInPage() {
    }

    /**
     * The sign-in page's address, below {@code contextPath}, with the page to continue to after
     * signing in. The way back travels in the address rather than in a session, so sending a
     * visitor to sign in costs the server nothing; the login page accepts only a path inside the
     * application ({@link SafeRedirects}).
     *
     * @param target a path inside the application, query included, e.g. {@code /poll.xhtml?id=4}
     */
    public static String continuingTo(String contextPath, String target) {
        return contextPath + PATH + "?continue=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }
}
