#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <QDate>
#include <QDateTime>

// The reports' figures as plain values (money in fen), without the database: what db/reports.h reads and
// printing/reportpdf.h draws. The out-of-line members and the code lists are defined with the reading code
// in db/reports.cpp (countersign_db); printing uses the values alone.
namespace countersign::reports {

/// A report that can't be made as asked: an unknown centre, a range that ends before it starts or spans more
/// than kMaxRangeDays days, a snapshot that can't be read.
class ReportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A range report covers at most a year (a leap year included).
constexpr int kMaxRangeDays = 366;

/// The codes as stored, in the order reports show them.
const std::vector<std::string>& operationKinds(); ///< NEW RENEW UPGRADE REPLACE UNLOCK
const std::vector<std::string>& paymentMethods(); ///< cash bank_card wechat_pay alipay
const std::vector<std::string>& stockMovements(); ///< receive issue return_unused return_damaged write_off

/// Transactions by how they ended. unfinished: not completed, failed or compensated yet (only on open days).
struct Counts {
    long long completed = 0;
    long long failed = 0;
    long long compensated = 0;
    long long unfinished = 0;
    long long total() const { return completed + failed + compensated + unfinished; }
    Counts& operator+=(const Counts& other);
};

/// One operation (kind) of a day or range.
struct OperationFigures {
    std::string kind;
    Counts counts;
    long long waivers = 0;         ///< waiver lines (negative fee lines), all transactions
    long long waivedFen = 0;       ///< what they waived, as a positive amount
    long long lettersConsumed = 0; ///< completed with a letter (assistance or authorization)
};

/// One operator's work.
struct OperatorFigures {
    long long staffId = 0;
    std::string username;
    std::string displayName;
    Counts counts;
    long long waivers = 0;
    long long waivedFen = 0;
};

/// Money by payment method: payments taken and refunds paid back (on the day they were paid back, by the
/// method of the payment they return).
struct MethodFigures {
    std::string method;
    long long payments = 0;
    long long paidFen = 0;
    long long refunds = 0;
    long long refundedFen = 0;
    long long netFen() const { return paidFen - refundedFen; }
};

/// A day's (or a range's, or a centre's) figures. The totals are the sums of the rows.
struct Figures {
    std::vector<OperationFigures> byOperation; ///< the five kinds, in operationKinds() order, zeros included
    std::vector<OperatorFigures> byOperator;   ///< by username; empty in the per-day rows of a range and in
                                               ///< the centres report
    std::vector<MethodFigures> byMethod;       ///< the four methods, in paymentMethods() order

    Counts counts;
    long long waivers = 0;
    long long waivedFen = 0;
    long long lettersConsumed = 0;
    long long payments = 0;
    long long paidFen = 0;
    long long refunds = 0;
    long long refundedFen = 0;
    long long cashTakenFen = 0;
    long long cashRefundedFen = 0;
    /// Cash that should be in the drawer: cash taken minus cash paid back (may be < 0 on a refund-only day).
    long long expectedCashFen() const { return cashTakenFen - cashRefundedFen; }
    long long keysReceived = 0;        ///< blank keys received into stock
    long long keysIssued = 0;          ///< keys taken from stock by transactions
    long long keysReturnedUnused = 0;  ///< back to stock from a compensated transaction
    long long keysReturnedDamaged = 0; ///< damaged keys handed in (REPLACE)
    long long keysWrittenOff = 0;

    /// Adds another day's or centre's figures (rows matched by kind, method, staff id).
    Figures& operator+=(const Figures& other);
};

struct Centre {
    long long id = 0;
    std::string code;
    std::string name;
};

/// Keys a centre holds, by model.
struct StockLevel {
    std::string model;
    long long inStock = 0;
    long long damaged = 0; ///< returned damaged, not yet written off
};

/// A counter's audit chain head (last seq and hash) when the day was closed: anchors the chain outside the
/// rows it covers (0001, §7).
struct ChainHead {
    long long counterId = 0;
    std::string counterCode;
    long long seq = 0;
    std::string hashHex;
};

/// The sign-off of a closed day.
struct DayClose {
    long long id = 0;
    QDateTime signedAt;
    std::string closedBy;     ///< username of the supervisor or admin who signed
    std::string closedByName; ///< their display name
    std::string requestedBy;  ///< the operator who asked, when a supervisor signed for them (an approval)
    std::string counterCode;  ///< where it was signed; empty when unknown
    long long countedCashFen = 0;
    long long expectedCashFen = 0;
    long long differenceFen() const { return countedCashFen - expectedCashFen; }
};

/// 日报: one centre, one business day.
struct DailyReport {
    Centre centre;
    QDate date;
    Figures figures;
    std::vector<StockLevel> stockLevels; ///< when the figures were read (for a closed day: at the close)
    QDateTime generatedAt;               ///< when the figures were read (for a closed day: at the close)
    std::optional<DayClose> close;       ///< set when the day is closed: then the report is its snapshot
    std::vector<ChainHead> chainHeads;   ///< closed days: every counter of the centre at the close
    bool closed() const { return close.has_value(); }
};

/// One day of a range.
struct DayRow {
    QDate date;
    bool closed = false;
    Figures figures; ///< without byOperator
};

/// Days of one centre, from..to inclusive, each and in total.
struct RangeReport {
    Centre centre;
    QDate from;
    QDate to;
    std::vector<DayRow> days; ///< every day of the range, in order, zeros included
    Figures totals;           ///< with byOperator
    int closedDays() const;
};

/// One centre of the cross-centre report.
struct CentreRow {
    Centre centre;
    int closedDays = 0;
    int openDays = 0;
    Figures figures; ///< without byOperator
};

/// Every centre over a range, for the head office.
struct CentresReport {
    QDate from;
    QDate to;
    std::vector<CentreRow> centres; ///< every centre, by code
    Figures totals;
};

/// A certificate that expires soon: renewal work to expect.
struct ExpiringCertificate {
    std::string serial;
    std::string company;
    std::string uscc;
    std::string centreCode; ///< the centre that issued it (or that last handled its key); empty when unknown
    std::string keySerial;  ///< empty when not on a key we know
    QDateTime notAfter;
    int daysLeft = 0; ///< calendar days from today (China Standard Time) to its last day
};

struct ExpiringReport {
    int days = 60;
    std::optional<Centre> centre; ///< empty: all centres
    QDateTime generatedAt;
    std::vector<ExpiringCertificate> certificates; ///< soonest first
};

} // namespace countersign::reports
