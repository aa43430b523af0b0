#pragma once

#include <catch2/catch.hpp>

#include "db/reports.h"
#include "tests/support/reportdata.h"

namespace countersign::test {

/// Every figure of a report against the plain SQL sums over the same rows.
inline void checkFigures(const reports::Figures& f, const PlainSums& plain) {
    REQUIRE(f.byOperation.size() == 5);
    for (const auto& o : f.byOperation) {
        INFO("operation " << o.kind);
        const auto it = plain.byKind.find(o.kind);
        const std::array<long long, 4> want =
            it == plain.byKind.end() ? std::array<long long, 4>{} : it->second;
        CHECK(o.counts.completed == want[0]);
        CHECK(o.counts.failed == want[1]);
        CHECK(o.counts.compensated == want[2]);
        CHECK(o.counts.unfinished == want[3]);
    }
    CHECK(f.counts.total() == plain.transactions);
    REQUIRE(f.byMethod.size() == 4);
    for (const auto& m : f.byMethod) {
        INFO("method " << m.method);
        const auto value = [&m](const std::map<std::string, long long>& by) {
            const auto it = by.find(m.method);
            return it == by.end() ? 0LL : it->second;
        };
        CHECK(m.payments == value(plain.paymentsByMethod));
        CHECK(m.paidFen == value(plain.paidByMethod));
        CHECK(m.refunds == value(plain.refundsByMethod));
        CHECK(m.refundedFen == value(plain.refundedByMethod));
    }
    CHECK(f.paidFen == plain.paid);
    CHECK(f.refundedFen == plain.refunded);
    CHECK(f.expectedCashFen() == plain.cashExpected);
    CHECK(f.waivers == plain.waivers);
    CHECK(f.waivedFen == plain.waived);
    CHECK(f.keysIssued == plain.keysIssued);
    CHECK(f.keysReturnedDamaged == plain.keysReturnedDamaged);
    CHECK(f.keysReturnedUnused == plain.keysReturnedUnused);
    CHECK(f.keysWrittenOff == plain.keysWrittenOff);
    CHECK(f.lettersConsumed == plain.lettersConsumed);
}

} // namespace countersign::test
