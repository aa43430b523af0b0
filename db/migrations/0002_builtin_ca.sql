-- 0002_builtin_ca.sql — the built-in OpenSSL CA (DESIGN §4): its certificates, its CRL numbering and the
-- requests it has answered, so that asking again with the same request id returns the same certificate.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- One built-in CA per database. The issuing key is never here: it is in a file (mode 0600) on the machine
-- that signs, or on a PKCS#11 token; key_ref says where.
CREATE TABLE countersign.ca_authority (
    id          integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    root_der    bytea NOT NULL,
    issuing_der bytea NOT NULL,
    key_store   text NOT NULL CHECK (key_store IN ('file', 'pkcs11')),
    key_ref     text NOT NULL CHECK (key_ref <> ''),
    crl_number  bigint NOT NULL DEFAULT 0 CHECK (crl_number >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A request id answered once: the certificate row is written in the same transaction.
CREATE TABLE countersign.ca_requests (
    request_id     text PRIMARY KEY CHECK (request_id <> ''),
    certificate_id bigint NOT NULL UNIQUE REFERENCES countersign.certificates,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Every CRL issued, with its number (increasing).
CREATE TABLE countersign.ca_crls (
    crl_number  bigint PRIMARY KEY,
    this_update timestamptz NOT NULL,
    next_update timestamptz NOT NULL,
    der         bytea NOT NULL
);

GRANT SELECT ON countersign.ca_authority, countersign.ca_requests, countersign.ca_crls TO countersign_counter;
GRANT INSERT ON countersign.ca_requests, countersign.ca_crls TO countersign_counter;
GRANT UPDATE (crl_number) ON countersign.ca_authority TO countersign_counter;
