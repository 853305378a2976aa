-- The schema is owned by these migrations (JPA schema generation is off) and must run unchanged
-- on H2 2.x and PostgreSQL. Ids come from sequences whose increment is the entities' allocation
-- size (EclipseLink hands out the 50 ids below each value it draws, so the first value must be at
-- least 50). Starting at 1000 also leaves room for the seeded rows' fixed ids.

CREATE SEQUENCE account_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE poll_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE poll_option_seq START WITH 1000 INCREMENT BY 50;
CREATE SEQUENCE vote_seq START WITH 1000 INCREMENT BY 50;

CREATE TABLE account (
    id            BIGINT                   NOT NULL,
    username      VARCHAR(64)              NOT NULL,
    password_hash VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (id),
    CONSTRAINT uk_account_username UNIQUE (username)
);

CREATE TABLE account_role (
    account_id BIGINT      NOT NULL,
    role_name  VARCHAR(16) NOT NULL,
    CONSTRAINT pk_account_role PRIMARY KEY (account_id, role_name),
    CONSTRAINT fk_account_role_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT ck_account_role_name CHECK (role_name IN ('VOTER', 'ADMIN'))
);

CREATE TABLE poll (
    id          BIGINT                   NOT NULL,
    question    VARCHAR(300)             NOT NULL,
    description VARCHAR(2000),
    status      VARCHAR(8)               NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    closes_at   TIMESTAMP WITH TIME ZONE,
    created_by  BIGINT,
    version     BIGINT                   NOT NULL,
    CONSTRAINT pk_poll PRIMARY KEY (id),
    CONSTRAINT fk_poll_created_by FOREIGN KEY (created_by) REFERENCES account (id) ON DELETE SET NULL,
    CONSTRAINT ck_poll_status CHECK (status IN ('OPEN', 'CLOSED'))
);

CREATE INDEX ix_poll_status_created ON poll (status, created_at);

CREATE TABLE poll_option (
    id            BIGINT       NOT NULL,
    poll_id       BIGINT       NOT NULL,
    display_order INTEGER      NOT NULL,
    label         VARCHAR(200) NOT NULL,
    CONSTRAINT pk_poll_option PRIMARY KEY (id),
    CONSTRAINT fk_poll_option_poll FOREIGN KEY (poll_id) REFERENCES poll (id) ON DELETE CASCADE,
    CONSTRAINT uk_poll_option_order UNIQUE (poll_id, display_order),
    -- Lets a vote reference (option, poll) together, so the database itself refuses an option of another poll.
    CONSTRAINT uk_poll_option_poll UNIQUE (id, poll_id)
);

CREATE TABLE vote (
    id         BIGINT                   NOT NULL,
    poll_id    BIGINT                   NOT NULL,
    option_id  BIGINT                   NOT NULL,
    account_id BIGINT                   NOT NULL,
    cast_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_vote PRIMARY KEY (id),
    -- One vote per account per poll, whatever the application code does.
    CONSTRAINT uk_vote_poll_account UNIQUE (poll_id, account_id),
    CONSTRAINT fk_vote_poll FOREIGN KEY (poll_id) REFERENCES poll (id) ON DELETE CASCADE,
    CONSTRAINT fk_vote_option_of_poll FOREIGN KEY (option_id, poll_id) REFERENCES poll_option (id, poll_id) ON DELETE CASCADE,
    CONSTRAINT fk_vote_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);

-- Results are one GROUP BY over (poll_id, option_id); "my votes" looks votes up by account.
CREATE INDEX ix_vote_poll_option ON vote (poll_id, option_id);
CREATE INDEX ix_vote_account ON vote (account_id);
