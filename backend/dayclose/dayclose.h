#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <QDate>
#include <QDateTime>

#include <pqxx/connection>

#include "backend/approvals/approvals.h"
#include "backend/auth/authenticator.h"
#include "backend/dayclose/preview.h"
#include "db/reports.h"

// The day close (日结, DESIGN §8): a supervisor (or an admin) of the centre reviews the day, enters the cash
// counted in the drawer and signs with their password; the day's figures are frozen in a snapshot and the
// database refuses later changes to that day's records (0008). Every function opens its own short database
// transactions on `conn` and runs on the calling thread — in the kiosk, the database thread.
namespace countersign::dayclose {

class CloseRefused : public std::runtime_error {
public:
    CloseRefused(Refusal reason, const std::string& message, std::vector<OpenTransaction> open = {})
        : std::runtime_error(message)
        , reason(reason)
        , open(std::move(open)) {}
    Refusal reason;
    std::vector<OpenTransaction> open;
};

struct CloseRequest {
    long long centreId = 0;
    QDate date;
    long long countedCashFen = 0;
    long long counterId = 0; ///< where it is signed: whose audit chain records it
    /// The session of the person logged in at the counter who asks for the close, when that is not the signer
    /// (an operator with a supervisor signing: the database records a day_close approval naming both, the
    /// person taken from this session). Empty: the signer asks.
    auth::SessionToken requester;
    /// The supervisor (or admin) who signs, with their password. Checked like a login: wrong passwords count
    /// towards the lockout and every attempt is audited ("day_close.*").
    approvals::SupervisorCredentials signer;
};

/// The review of a day: live figures, expected cash, open transactions, obstacles. Reads only.
Preview preview(pqxx::connection& conn, long long centreId, const QDate& date);

/// Closes the day: checks the signer's password and right to sign, that the day is not in the future nor
/// closed, and that none of its transactions is open — under the day's lock, so nothing is written to the day
/// meanwhile — then stores the snapshot (the day's figures, each counter's audit chain head) with the counted
/// cash, and audits "day.closed". Returns the closed day's report (its snapshot, with the close). Throws
/// CloseRefused saying why (refusals after the signature are audited "day.close_refused"); database errors
/// propagate.
reports::DailyReport close(pqxx::connection& conn, const CloseRequest& request);

} // namespace countersign::dayclose
