#pragma once

#include <functional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

namespace countersign::test {

/// The red team's tally (issue "the database is the authority"): attacks run as an attacker's database login,
/// each in a transaction of its own that is rolled back either way. Every refusal is printed with the first
/// line of its reason; at the end "N attacks tried, M succeeded". An attack that succeeds fails the test.
class AttackLog {
public:
    explicit AttackLog(pqxx::connection& attacker)
        : m_attacker(attacker) {}
    ~AttackLog();
    AttackLog(const AttackLog&) = delete;
    AttackLog& operator=(const AttackLog&) = delete;

    /// `body` must be refused, with a reason that contains `because`.
    void attack(const std::string& what, const std::string& because,
                const std::function<void(pqxx::transaction_base&)>& body);
    /// `body` must be refused, for whatever reason.
    void attack(const std::string& what, const std::function<void(pqxx::transaction_base&)>& body);
    /// An attack that is not one transaction: `body` says whether the harm was done.
    void attackWhole(const std::string& what, const std::function<bool()>& body);

    int tried() const { return m_tried; }
    const std::vector<std::string>& succeeded() const { return m_succeeded; }

private:
    void refused(const std::string& what, const std::string& why) const;
    void worked(const std::string& what);

    pqxx::connection& m_attacker;
    int m_tried = 0;
    std::vector<std::string> m_succeeded;
};

} // namespace countersign::test
