-- API tokens (docs/api.md, Authentication). Only the SHA-256 of each secret is kept: the secret is
-- shown once, when the token is created. A revoked token stays listed, with the time it was revoked.
CREATE TABLE api_tokens (
    id                  uuid PRIMARY KEY,
    name                varchar(100) NOT NULL,
    role                varchar(16)  NOT NULL
        CONSTRAINT api_tokens_role_check CHECK (role IN ('VIEWER', 'RESEARCHER', 'ADMIN')),
    secret_sha256       bytea        NOT NULL CONSTRAINT api_tokens_secret_unique UNIQUE,
    -- Requests per second this token may make; NULL: the service's default (normlab.auth.rate-limit).
    requests_per_second integer
        CONSTRAINT api_tokens_rate_check CHECK (requests_per_second IS NULL OR requests_per_second > 0),
    created_by          varchar(100) NOT NULL,
    created_at          timestamptz  NOT NULL,
    revoked_at          timestamptz
);
