#pragma once

#include <string>
#include <vector>

#include <QDateTime>

#include "db/reportdata.h"

// What a day close shows before anyone signs, and why one is refused: plain values without the database, so
// the kiosk's day-close screen can show them (dayclose.h reads and closes).
namespace countersign::dayclose {

/// A transaction of the day that is not completed, failed or compensated yet: it must be finished (or given
/// up) before the day can be closed.
struct OpenTransaction {
    std::string number;
    std::string kind;
    std::string state;
    std::string counterCode;
    std::string operatorUsername;
    QDateTime startedAt;
};

/// What the kiosk shows before anyone signs: the day's live figures, the cash expected, and whatever stands
/// in the way of closing it.
struct Preview {
    reports::DailyReport report; ///< live figures (a closed day: its snapshot, with the close)
    long long expectedCashFen = 0;
    std::vector<OpenTransaction> open;
    bool alreadyClosed = false;
    bool futureDay = false;
    /// Why the day can't be closed now, in words (English); empty when it can.
    std::vector<std::string> obstacles;
    bool canClose() const { return obstacles.empty(); }
};

/// Why a close was refused.
enum class Refusal {
    WrongCredentials, ///< unknown signer, wrong password, locked or disabled account
    NotAllowed,       ///< the signer is not a supervisor or admin of the centre
    FutureDay,        ///< the day has not come yet
    AlreadyClosed,
    OpenTransactions, ///< see `open`
    BadAmount,        ///< counted cash below zero (or no valid date)
};

} // namespace countersign::dayclose
