package app.vote.account.web;

/**
 * Where a "continue to" parameter may send a visitor after signing in: only a path inside this
 * application, so a crafted link cannot turn the login page into an open redirect.
 */
final class SafeRedirects {

    static final String HOME = "/";

    private SafeRedirects() {
    }

    static String localPathOrHome(String target) {
        if (target == null || target.isBlank() || !target.startsWith("/") || target.startsWith("//")
                || target.contains("\\") || target.chars().anyMatch(Character::isISOControl)
                || target.startsWith(SignInPage.PATH)) {
            return HOME;
        }
        return target;
    }
}
