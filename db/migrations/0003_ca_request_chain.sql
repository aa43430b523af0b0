-- 0003_ca_request_chain.sql — an external CA's answer is kept whole: asking again with the same request id
-- returns the same certificate and the same chain, without asking the CA.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

ALTER TABLE countersign.ca_requests ADD COLUMN chain_pem text NOT NULL DEFAULT '';
