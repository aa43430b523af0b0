#include "backend/fees/fees.h"

#include <algorithm>

#include <pqxx/result>

#include "backend/approvals/approvals.h"
#include "backend/fees/approvalcheck.h"
#include "backend/fees/textcheck.h"
#include "backend/money.h"
#include "db/prepared.h"

namespace countersign::fees {

namespace {

bool isOperation(const std::string& op) {
    return op == "NEW" || op == "RENEW" || op == "UPGRADE" || op == "REPLACE" || op == "UNLOCK";
}

struct Schedule {
    long long id = 0;
    std::string code;
    std::string name;
};

Schedule chooseSchedule(pqxx::transaction_base& tx, long long centreId, const std::string& scheduleCode,
                        Date businessDate) {
    const auto centre =
        db::execPrepared(tx, "SELECT code, region FROM countersign.centres WHERE id = $1", centreId);
    if (centre.empty())
        throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "centre %1 does not exist")).arg(centreId));
    const std::string centreCode = centre[0][0].as<std::string>();
    const auto region = centre[0][1].as<std::optional<std::string>>();
    const std::string day = businessDate.iso();

    if (!scheduleCode.empty()) {
        const auto r =
            db::execPrepared(tx,
                             // The code's version that started last on or before the day (its end is the
                             // next's start); none started yet: the first.
                             "SELECT id, code, name, valid_from::text, coalesce(valid_to::text, ''), "
                             "       valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date), "
                             "       centre_id, region "
                             "FROM countersign.fee_schedule_versions WHERE code = $1 "
                             "ORDER BY valid_from <= $2::date DESC, "
                             "         CASE WHEN valid_from <= $2::date THEN valid_from END DESC, valid_from "
                             "LIMIT 1",
                             scheduleCode, day);
        if (r.empty())
            throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "fee schedule %1 does not exist (check [fees] "
                                                              "schedule in the configuration)"))
                               .arg(printable(scheduleCode)));
        const auto row = r[0];
        if (!row[5].as<bool>()) {
            const std::string from = row[3].as<std::string>();
            const std::string to = row[4].as<std::string>();
            throw FeeError(
                to.empty()
                    ? Phrase(QT_TRANSLATE_NOOP("Reason",
                                               "fee schedule %1 is not in force on %2 (valid from %3)"))
                          .arg(scheduleCode)
                          .arg(day)
                          .arg(from)
                    : Phrase(QT_TRANSLATE_NOOP("Reason",
                                               "fee schedule %1 is not in force on %2 (valid from %3 to %4)"))
                          .arg(scheduleCode)
                          .arg(day)
                          .arg(from)
                          .arg(to));
        }
        const auto ownCentre = row[6].as<std::optional<long long>>();
        if (ownCentre && *ownCentre != centreId)
            throw FeeError(
                Phrase(QT_TRANSLATE_NOOP("Reason", "fee schedule %1 belongs to another centre, not %2"))
                    .arg(scheduleCode)
                    .arg(centreCode));
        const auto ownRegion = row[7].as<std::optional<std::string>>();
        if (ownRegion && ownRegion != region)
            throw FeeError(
                Phrase(QT_TRANSLATE_NOOP("Reason", "fee schedule %1 is for region %2, not centre %3's"))
                    .arg(scheduleCode)
                    .arg(*ownRegion)
                    .arg(centreCode));
        return {row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>()};
    }

    // The centre's own schedule, else its region's, else one with neither.
    const auto r =
        db::execPrepared(tx,
                         "SELECT id, code, name, CASE WHEN centre_id IS NOT NULL THEN 1 WHEN region IS NOT "
                         "NULL THEN 2 ELSE 3 END "
                         "       AS level "
                         "FROM countersign.fee_schedule_versions "
                         "WHERE valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date) "
                         "  AND (centre_id = $1 OR (centre_id IS NULL AND region = $3) "
                         "       OR (centre_id IS NULL AND region IS NULL)) "
                         "ORDER BY level, code",
                         centreId, day, region);
    if (r.empty())
        throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "no fee schedule is in force for centre %1 on %2"))
                           .arg(centreCode)
                           .arg(day));
    const int level = r[0][3].as<int>();
    std::vector<std::string> candidates;
    for (const auto& row : r)
        if (row[3].as<int>() == level)
            candidates.push_back(row[1].as<std::string>());
    if (candidates.size() > 1) {
        std::string list;
        for (const auto& c : candidates)
            list += (list.empty() ? "" : ", ") + c;
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "more than one fee schedule is in force for centre %1 on "
                                               "%2 (%3): choose one with [fees] schedule in the "
                                               "configuration"))
                .arg(centreCode)
                .arg(day)
                .arg(list));
    }
    return {r[0][0].as<long long>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
}

} // namespace

FeeScheduleInfo scheduleInForce(pqxx::transaction_base& tx, long long centreId,
                                const std::string& scheduleCode, Date businessDate,
                                const std::string& operation) {
    if (!operation.empty() && !isOperation(operation))
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "unknown operation %1: expected NEW, RENEW, UPGRADE, "
                                               "REPLACE or UNLOCK"))
                .arg(printable(operation)));
    if (!businessDate.isValid())
        throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "the business date is not a valid date")));
    const Schedule chosen = chooseSchedule(tx, centreId, scheduleCode, businessDate);
    FeeScheduleInfo info;
    info.id = chosen.id;
    info.code = chosen.code;
    info.name = chosen.name;
    const auto s = db::execPrepared1(tx,
                                     "SELECT valid_from::text, coalesce(valid_to::text, ''), version FROM "
                                     "countersign.fee_schedule_versions "
                                     "WHERE id = $1",
                                     chosen.id);
    info.validFrom = s[0].as<std::string>();
    info.validTo = s[1].as<std::string>();
    info.version = s[2].as<int>();
    const auto rules = db::execPrepared(
        tx,
        "SELECT id, operation, condition, amount_fen, description FROM countersign.fee_rules "
        "WHERE schedule_id = $1 AND ($2 = '' OR operation = $2) "
        "ORDER BY array_position(ARRAY['NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK'], operation), "
        "         array_position(ARRAY['default', 'first_certificate', 'further_certificate', "
        "'damage_waiver'], "
        "                        condition)",
        chosen.id, operation);
    for (const auto& row : rules)
        info.rules.push_back({row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>(),
                              row[3].as<long long>(), row[4].as<std::string>()});
    return info;
}

long long FeeQuote::totalFen() const {
    Money total;
    for (const auto& line : lines)
        total += Money::fen(line.amountFen);
    return total.fen();
}

namespace {

/// quote(), or with `approving` the quote a waiver's approval is asked for: its attestation and approval are
/// not there yet.
FeeQuote quoteLines(pqxx::transaction_base& tx, long long centreId, const std::string& scheduleCode,
                    const std::string& operation, const FeeConditions& conditions, Date businessDate,
                    bool approving) {
    if (!isOperation(operation))
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "unknown operation %1: expected NEW, RENEW, UPGRADE, "
                                               "REPLACE or UNLOCK"))
                .arg(printable(operation)));
    if (!businessDate.isValid())
        throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "the business date is not a valid date")));
    const Schedule schedule = chooseSchedule(tx, centreId, scheduleCode, businessDate);
    FeeQuote q;
    q.scheduleId = schedule.id;
    q.scheduleCode = schedule.code;
    q.scheduleName = schedule.name;

    struct Rule {
        long long id;
        long long amountFen;
        std::string description;
    };
    std::optional<Rule> byCondition[4];
    const char* const names[4] = {"default", "first_certificate", "further_certificate", "damage_waiver"};
    const auto rules =
        db::execPrepared(tx,
                         "SELECT id, condition, amount_fen, description FROM countersign.fee_rules "
                         "WHERE schedule_id = $1 AND operation = $2",
                         schedule.id, operation);
    for (const auto& row : rules)
        for (int i = 0; i < 4; ++i)
            if (row[1].as<std::string>() == names[i])
                byCondition[i] =
                    Rule{row[0].as<long long>(), row[2].as<long long>(), row[3].as<std::string>()};

    std::optional<Rule> charge = byCondition[0];
    if (operation == "NEW") {
        const auto& specific = conditions.firstCertificate ? byCondition[1] : byCondition[2];
        if (specific)
            charge = specific;
    }
    FeeLine line;
    if (charge) {
        line.ruleId = charge->id;
        line.description = charge->description;
        line.amountFen = charge->amountFen;
    } else {
        line.description = "no fee for " + operation;
    }
    q.lines.push_back(line);

    if (conditions.damageWaiver) {
        const auto& waiver = byCondition[3];
        if (!waiver)
            throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "fee schedule %1 has no damage waiver for %2"))
                               .arg(schedule.code)
                               .arg(operation));
        if (!conditions.waiverAttestedBy && !approving)
            throw FeeError(
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "a fee waiver needs the operator who attested the condition (%1)"))
                    .arg(waiver->description));
        if (!conditions.waiverApprovalId && !approving)
            throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "a fee waiver needs a supervisor's approval")));
        if (conditions.waiverApprovalId)
            checkApproval(tx, *conditions.waiverApprovalId, "fee_waiver", std::nullopt,
                          Phrase(QT_TRANSLATE_NOOP("Reason", "the fee waiver")));
        // A waiver cancels at most the charge it belongs to: the total never goes below zero.
        const long long amount = std::max(waiver->amountFen, -line.amountFen);
        if (amount < 0) {
            FeeLine w;
            w.ruleId = waiver->id;
            w.description = line.description + " waived";
            w.amountFen = amount;
            w.waiverReason = waiver->description;
            w.attestedBy = conditions.waiverAttestedBy;
            w.approvalId = conditions.waiverApprovalId;
            q.lines.push_back(w);
        }
    }
    return q;
}

} // namespace

FeeQuote quote(pqxx::transaction_base& tx, long long centreId, const std::string& scheduleCode,
               const std::string& operation, const FeeConditions& conditions, Date businessDate) {
    return quoteLines(tx, centreId, scheduleCode, operation, conditions, businessDate, false);
}

std::string waiverApprovalText(pqxx::transaction_base& tx, long long centreId,
                               const std::string& scheduleCode, const std::string& operation,
                               const FeeConditions& conditions, Date businessDate) {
    FeeConditions c = conditions;
    c.damageWaiver = true;
    for (const auto& line : quoteLines(tx, centreId, scheduleCode, operation, c, businessDate, true).lines)
        if (line.amountFen < 0)
            return approvals::subjectText(
                approvals::ApprovalKind::FeeWaiver,
                {line.description, std::to_string(line.amountFen), line.waiverReason});
    return approvals::subjectText(approvals::ApprovalKind::FeeWaiver, {"nothing to waive"});
}

} // namespace countersign::fees
