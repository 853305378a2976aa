-- Accounts of people who sign in at an external OpenID Connect issuer (Amazon Cognito): they are
-- known by issuer + subject and have no password here. Their votes follow the same rules.

ALTER TABLE account ADD COLUMN external_issuer VARCHAR(255);
ALTER TABLE account ADD COLUMN external_subject VARCHAR(255);
ALTER TABLE account ADD CONSTRAINT uk_account_external UNIQUE (external_issuer, external_subject);
