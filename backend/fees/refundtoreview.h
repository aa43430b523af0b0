#pragma once

#include <string>

// A plain value without the database, so the kiosk's back office can show it (fees.h reads and reviews them).
namespace countersign::fees {

/// A refund recovery made that waits for a supervisor's review (DESIGN §7).
struct RefundToReview {
    long long refundId = 0;
    std::string transactionNumber;
    long long amountFen = 0;
    std::string method;
    std::string at; ///< YYYY-MM-DD HH:MI, China Standard Time
};

} // namespace countersign::fees
