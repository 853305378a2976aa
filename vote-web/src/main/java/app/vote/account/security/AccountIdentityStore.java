package app.vote.account.security;

import app.vote.account.boundary.AccountService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/** Validates usernames and passwords against the accounts table and its PBKDF2 hashes. */
@ApplicationScoped
public class AccountIdentityStore implements IdentityStore {

    @EJB
    AccountService accounts;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return accounts.authenticate(credential.getCaller(), credential.getPasswordAsString())
                .map(account -> new CredentialValidationResult(account.username(), account.roles()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
