package app.vote.account.boundary;

import app.vote.account.control.PasswordHashing;
import app.vote.account.entity.Account;
import app.vote.account.entity.Role;
import app.vote.platform.persistence.ConstraintViolations;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Registration and credential checks: the only code that sees password hashes. */
@Stateless
public class AccountService {

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHashing passwords;

    @Inject
    Clock clock;

    /** Registers a voter; the database's unique key decides a race between two equal usernames. */
    public AccountView register(@NotNull @Valid NewAccount request) {
        if (ExternalUsernames.isReserved(request.username())) {
            throw new UsernameTakenException(request.username());
        }
        return create(request.username(), request.password(), EnumSet.of(Role.VOTER));
    }

    /** Registers an account holding both roles; used for the operator-configured administrator. */
    public AccountView registerAdministrator(@NotNull @Valid NewAccount request) {
        return create(request.username(), request.password(), EnumSet.of(Role.VOTER, Role.ADMIN));
    }

    private AccountView create(String username, String password, Set<Role> roles) {
        if (find(username).isPresent()) {
            throw new UsernameTakenException(username);
        }
        return persistUnlessTaken(new Account(username, passwords.hash(password), roles, clock.instant()));
    }

    /**
     * Checks a username and password. An unknown username costs the same hashing time as a wrong
     * password, so response times do not tell which usernames exist.
     */
    public Optional<AccountView> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<Account> account = find(username);
        if (account.isEmpty() || account.get().getPasswordHash() == null) {
            passwords.verifyDecoy(password);
            return Optional.empty();
        }
        return passwords.matches(password, account.get().getPasswordHash())
                ? account.map(AccountView::of)
                : Optional.empty();
    }

    /**
     * The account of a person signed in at an external issuer, created on their first request.
     * Its username is derived from issuer and subject under a prefix that registration refuses,
     * so it never collides with a chosen one.
     * Two first requests at once race on the unique key; the loser gets {@link UsernameTakenException}
     * and simply asks again.
     */
    public AccountView externalAccount(String issuer, String subject) {
        Optional<Account> existing = em.createNamedQuery(Account.BY_EXTERNAL_IDENTITY, Account.class)
                .setParameter("issuer", issuer)
                .setParameter("subject", subject)
                .getResultStream()
                .findFirst();
        if (existing.isPresent()) {
            return AccountView.of(existing.get());
        }
        return persistUnlessTaken(Account.external(ExternalUsernames.of(issuer, subject), issuer, subject, clock.instant()));
    }

    /** Inserts now, so the database's unique keys decide a race between two equal accounts. */
    private AccountView persistUnlessTaken(Account account) {
        em.persist(account);
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (ConstraintViolations.isUniqueViolation(e)) {
                throw new UsernameTakenException(account.getUsername());
            }
            throw e;
        }
        return AccountView.of(account);
    }

    public Optional<AccountView> findByUsername(String username) {
        return find(username).map(AccountView::of);
    }

    private Optional<Account> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return em.createNamedQuery(Account.BY_USERNAME, Account.class)
                .setParameter("username", username.strip().toLowerCase(Locale.ROOT))
                .getResultStream()
                .findFirst();
    }
}
