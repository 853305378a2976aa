package app.vote.account.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the administrator account at start-up, but only when the operator chose a password
 * ({@code VOTE_ADMIN_PASSWORD}): there is no default administrator and no default password.
 * An existing account of that name is left as it is.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigration")
public class AdminAccountBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminAccountBootstrap.class.getName());

    @Inject
    @ConfigProperty(name = "vote.admin.user", defaultValue = "admin")
    String username;

    @Inject
    @ConfigProperty(name = "vote.admin.password")
    Optional<String> password;

    @Inject
    Validator validator;

    @EJB
    AccountService accounts;

    @PostConstruct
    void createAdministrator() {
        if (password.isEmpty()) {
            LOG.info("No VOTE_ADMIN_PASSWORD set: no administrator account is created.");
            return;
        }
        NewAccount admin = new NewAccount(username, password.get());
        Set<ConstraintViolation<NewAccount>> violations = validator.validate(admin);
        if (!violations.isEmpty()) {
            LOG.severe(() -> "VOTE_ADMIN_USER/VOTE_ADMIN_PASSWORD break the account rules ("
                    + violations.stream().map(v -> v.getPropertyPath() + ": " + v.getMessage())
                            .collect(Collectors.joining("; "))
                    + "): no administrator account is created.");
            return;
        }
        if (accounts.findByUsername(admin.username()).isPresent()) {
            LOG.info(() -> "Administrator account '" + admin.username() + "' already exists; left unchanged.");
            return;
        }
        try {
            accounts.registerAdministrator(admin);
            LOG.info(() -> "Created administrator account '" + admin.username() + "'.");
        } catch (UsernameTakenException e) {
            // Several instances starting at once on an empty database (scale-out) all get here;
            // the database's unique key lets one of them create the account. The reliability
            // suite found the losers failing their whole deployment before this catch.
            LOG.info(() -> "Administrator account '" + admin.username() + "' was just created by another instance.");
        }
    }
}
