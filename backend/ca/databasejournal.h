#pragma once

#include <pqxx/connection>

#include "backend/ca/cmpca.h"

namespace countersign::ca {

/// The IssueJournal of a real counter: what an external CA issued is recorded in PostgreSQL — the certificate
/// in the certificates table (with its enterprise, read from the certificate's subject) and the request id
/// in ca_requests, in one transaction — so asking again, from any process or counter, returns it. Each
/// attempt is recorded before it is sent (ca_cmp_intents, through countersign.ca_cmp_intent_begin).
class DatabaseJournal : public IssueJournal {
public:
    explicit DatabaseJournal(pqxx::connection& conn)
        : m_conn(conn) {}

    Attempt begin(const std::string& requestId, const std::string& csrSha256) override;
    void confirmed(const std::string& requestId, int attempt) override;
    std::optional<IssuedCertificate> find(const std::string& requestId) override;
    void record(const std::string& requestId, const IssuedCertificate& certificate) override;
    std::optional<std::string> certificateBySerial(const std::string& serialHex) override;

private:
    pqxx::connection& m_conn;
};

} // namespace countersign::ca
