#include "tests/support/attacklog.h"

#include <cstdio>

#include <catch2/catch.hpp>

#include <pqxx/transaction>

namespace countersign::test {

AttackLog::~AttackLog() {
    std::printf("%d attacks tried, %zu succeeded\n", m_tried, m_succeeded.size());
}

void AttackLog::attack(const std::string& what, const std::string& because,
                       const std::function<void(pqxx::transaction_base&)>& body) {
    ++m_tried;
    INFO(what);
    try {
        pqxx::work tx{m_attacker};
        body(tx);
    } catch (const std::exception& e) {
        refused(what, e.what());
        CHECK_THAT(e.what(), Catch::Contains(because));
        return;
    }
    worked(what);
}

void AttackLog::attack(const std::string& what, const std::function<void(pqxx::transaction_base&)>& body) {
    attack(what, std::string(), body);
}

void AttackLog::attackWhole(const std::string& what, const std::function<bool()>& body) {
    ++m_tried;
    bool harm = false;
    try {
        harm = body();
    } catch (const std::exception& e) {
        refused(what, e.what());
    }
    if (harm)
        worked(what);
}

void AttackLog::refused(const std::string& what, const std::string& why) const {
    std::printf("refused: %s: %s\n", what.c_str(), why.substr(0, why.find('\n')).c_str());
}

void AttackLog::worked(const std::string& what) {
    m_succeeded.push_back(what);
    FAIL_CHECK("the attack succeeded: " << what);
}

} // namespace countersign::test
