package app.vote.account.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Someone who may vote: a username, a PBKDF2 password hash and the roles it holds. */
@Entity
@Table(name = "account")
@NamedQuery(name = Account.BY_USERNAME, query = "SELECT a FROM Account a WHERE a.username = :username")
@NamedQuery(name = Account.BY_EXTERNAL_IDENTITY,
        query = "SELECT a FROM Account a WHERE a.externalIssuer = :issuer AND a.externalSubject = :subject")
public class Account {

    public static final String BY_USERNAME = "Account.byUsername";
    public static final String BY_EXTERNAL_IDENTITY = "Account.byExternalIdentity";

    @Id
    @SequenceGenerator(name = "account_seq", sequenceName = "account_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "account_seq")
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash")
    private String passwordHash;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "account_role", joinColumns = @JoinColumn(name = "account_id"))
    @Column(name = "role_name", nullable = false, length = 16)
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = EnumSet.noneOf(Role.class);

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "external_issuer")
    private String externalIssuer;

    @Column(name = "external_subject")
    private String externalSubject;

    protected Account() {
        // for JPA
    }

    public Account(String username, String passwordHash, Set<Role> roles, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        this.createdAt = createdAt;
    }

    /** An account of someone who signs in at an external OpenID Connect issuer: no password here. */
    public static Account external(String username, String issuer, String subject, Instant createdAt) {
        Account account = new Account(username, null, Set.of(Role.VOTER), createdAt);
        account.externalIssuer = issuer;
        account.externalSubject = subject;
        return account;
    }

    public void grant(Role role) {
        roles.add(role);
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Set<Role> getRoles() {
        return Collections.unmodifiableSet(roles);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
