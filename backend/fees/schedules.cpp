#include "backend/fees/schedules.h"

#include <algorithm>
#include <limits>
#include <set>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/result>

#include "backend/approvals/approvals.h"
#include "backend/fees/textcheck.h"
#include "backend/money.h"
#include "db/connection.h"
#include "db/prepared.h"

namespace countersign::fees {

namespace {

// The largest amount of a rule, in fen, whether given as "amount" or as "amount_fen".
constexpr qint64 kMaxRuleFen = qint64(1) << 40;

const char* const kOperations[] = {"NEW", "RENEW", "UPGRADE", "REPLACE", "UNLOCK"};
const char* const kConditions[] = {"default", "first_certificate", "further_certificate", "damage_waiver"};

int rank(const char* const* list, int size, const std::string& value) {
    for (int i = 0; i < size; ++i)
        if (value == list[i])
            return i;
    return size;
}
int operationRank(const std::string& op) {
    return rank(kOperations, 5, op);
}
int conditionRank(const std::string& c) {
    return rank(kConditions, 4, c);
}

[[noreturn]] void refusedByDatabase(const pqxx::sql_error& e) {
    if (const auto why = db::databaseRefusal(e))
        throw FeeError(*why);
    const std::string state = e.sqlstate();
    if (state == "22023" || state == "23514" || state == "42501" || state == "28000" || state == "23505")
        throw FeeError(db::describeDatabaseError(e));
    throw;
}

std::string field(const std::string& where, const char* name) {
    return where.empty() ? std::string(name) : where + "." + name;
}

std::string textField(const QJsonObject& o, const std::string& where, const char* name, bool required) {
    const QJsonValue v = o.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            throw FeeError(field(where, name) + ": is required");
        return {};
    }
    if (!v.isString())
        throw FeeError(field(where, name) + ": must be a string");
    return v.toString().toStdString();
}

} // namespace

std::vector<FeeScheduleVersion> listScheduleVersions(pqxx::transaction_base& tx, long long centreId,
                                                     const std::string& configuredCode, Date day) {
    std::optional<long long> here;
    try {
        here = scheduleInForce(tx, centreId, configuredCode, day).id;
    } catch (const FeeError&) {
        // No schedule in force here: none is marked.
    }
    std::vector<FeeScheduleVersion> list;
    for (const auto& r : db::execPrepared(
             tx,
             "SELECT v.id, v.code, v.version, v.name, coalesce(v.region, ''), coalesce(c.code, ''), "
             "       v.valid_from::text, coalesce(v.valid_to::text, ''), "
             "       CASE WHEN v.valid_from > $1::date THEN 'future' "
             "            WHEN v.valid_to IS NOT NULL AND v.valid_to < $1::date THEN 'past' "
             "            ELSE 'in_force' END, "
             "       coalesce(cb.username, ''), coalesce(ab.username, '') "
             "FROM countersign.fee_schedule_versions v "
             "LEFT JOIN countersign.centres c ON c.id = v.centre_id "
             "LEFT JOIN countersign.staff cb ON cb.id = v.created_by "
             "LEFT JOIN countersign.approvals a ON a.id = v.approval_id "
             "LEFT JOIN countersign.staff ab ON ab.id = a.approved_by "
             "ORDER BY v.code, v.version",
             day.iso())) {
        FeeScheduleVersion v;
        v.id = r[0].as<long long>();
        v.code = r[1].c_str();
        v.version = r[2].as<int>();
        v.name = r[3].c_str();
        v.region = r[4].c_str();
        v.centre = r[5].c_str();
        v.validFrom = r[6].c_str();
        v.validTo = r[7].c_str();
        v.status = r[8].c_str();
        v.inForceHere = here && *here == v.id;
        v.createdBy = r[9].c_str();
        v.approvedBy = r[10].c_str();
        list.push_back(std::move(v));
    }
    return list;
}

FeeScheduleInfo scheduleVersion(pqxx::transaction_base& tx, const std::string& code,
                                std::optional<int> version, std::optional<Date> date,
                                const std::string& operation) {
    if (!operation.empty() && operationRank(operation) == 5)
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "unknown operation %1: expected NEW, RENEW, UPGRADE, "
                                               "REPLACE or UNLOCK"))
                .arg(printable(operation)));
    const std::string day = date.value_or(Date::today()).iso();
    const auto r =
        db::execPrepared(tx,
                         "SELECT id, code, name, valid_from::text, coalesce(valid_to::text, ''), "
                         "version FROM countersign.fee_schedule_versions "
                         "WHERE code = $1 AND CASE WHEN $2::integer IS NOT NULL THEN version = $2 "
                         "ELSE valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $3::date) "
                         "END",
                         code, version, day);
    if (r.empty()) {
        if (db::execPrepared(tx, "SELECT 1 FROM countersign.fee_schedules WHERE code = $1", code).empty())
            throw FeeError(
                Phrase(QT_TRANSLATE_NOOP("Reason", "fee schedule %1 does not exist")).arg(printable(code)));
        if (version)
            throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "fee schedule %1 has no version %2"))
                               .arg(printable(code))
                               .arg(*version));
        throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "no version of fee schedule %1 is in force on %2"))
                           .arg(printable(code))
                           .arg(day));
    }
    FeeScheduleInfo info;
    info.id = r[0][0].as<long long>();
    info.code = r[0][1].c_str();
    info.name = r[0][2].c_str();
    info.validFrom = r[0][3].c_str();
    info.validTo = r[0][4].c_str();
    info.version = r[0][5].as<int>();
    for (const auto& row : db::execPrepared(
             tx,
             "SELECT id, operation, condition, amount_fen, description FROM countersign.fee_rules "
             "WHERE schedule_id = $1 AND ($2 = '' OR operation = $2) "
             "ORDER BY array_position(ARRAY['NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK'], operation), "
             "array_position(ARRAY['default', 'first_certificate', 'further_certificate', 'damage_waiver'], "
             "condition)",
             info.id, operation))
        info.rules.push_back({row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>(),
                              row[3].as<long long>(), row[4].as<std::string>()});
    return info;
}

NewScheduleVersion parseScheduleVersionJson(const std::string& json, Date today) {
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError)
        throw FeeError("the fee schedule version is not valid JSON: " + error.errorString().toStdString() +
                       " at offset " + std::to_string(error.offset));
    if (!doc.isObject())
        throw FeeError(
            "the fee schedule version must be a JSON object with code, name, valid_from and rules");
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString k = it.key();
        if (k != QLatin1String("code") && k != QLatin1String("name") && k != QLatin1String("valid_from") &&
            k != QLatin1String("region") && k != QLatin1String("centre") && k != QLatin1String("rules"))
            throw FeeError(printable(k.toStdString()) +
                           ": unknown field (code, name, valid_from, region, centre, rules)");
    }
    NewScheduleVersion v;
    v.code = textField(o, {}, "code", true);
    v.name = textField(o, {}, "name", true);
    v.validFrom = textField(o, {}, "valid_from", true);
    v.region = textField(o, {}, "region", false);
    v.centre = textField(o, {}, "centre", false);
    const QJsonValue rules = o.value(QStringLiteral("rules"));
    if (!rules.isArray())
        throw FeeError("rules: is required, a JSON array of {operation, condition, amount, description}");
    const QJsonArray list = rules.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const std::string where = "rules[" + std::to_string(i + 1) + "]";
        if (!list.at(i).isObject())
            throw FeeError(where + ": must be a JSON object");
        const QJsonObject r = list.at(i).toObject();
        for (auto it = r.begin(); it != r.end(); ++it) {
            const QString k = it.key();
            if (k != QLatin1String("operation") && k != QLatin1String("condition") &&
                k != QLatin1String("amount") && k != QLatin1String("amount_fen") &&
                k != QLatin1String("description"))
                throw FeeError(where + "." + printable(k.toStdString()) +
                               ": unknown field (operation, condition, amount or amount_fen, description)");
        }
        NewFeeRule rule;
        rule.operation = textField(r, where, "operation", true);
        rule.condition = textField(r, where, "condition", false);
        if (rule.condition.empty())
            rule.condition = "default";
        rule.description = textField(r, where, "description", true);
        const bool hasAmount = r.contains(QStringLiteral("amount"));
        const bool hasFen = r.contains(QStringLiteral("amount_fen"));
        if (hasAmount == hasFen)
            throw FeeError(where + ".amount: give exactly one of \"amount\" (yuan as a string, e.g. "
                                   "\"26.00\") and \"amount_fen\" (an integer)");
        if (hasAmount) {
            const QJsonValue a = r.value(QStringLiteral("amount"));
            const auto money = a.isString() ? Money::parse(a.toString().toStdString()) : std::nullopt;
            if (!money)
                throw FeeError(where + ".amount: must be yuan as a string such as \"26.00\" (digits, at "
                                       "most two decimals)");
            rule.amountFen = money->fen();
        } else {
            const QJsonValue a = r.value(QStringLiteral("amount_fen"));
            const qint64 fen = a.toInteger(std::numeric_limits<qint64>::min());
            if (!a.isDouble() || fen < -kMaxRuleFen || fen > kMaxRuleFen ||
                static_cast<double>(fen) != a.toDouble())
                throw FeeError(where + ".amount_fen: must be a whole number of fen");
            rule.amountFen = fen;
        }
        v.rules.push_back(std::move(rule));
    }
    checkScheduleVersion(v, today);
    return v;
}

namespace {

void checkVersion(const NewScheduleVersion& v, Date today) {
    const auto text = [](const std::string& name, const std::string& value, std::size_t max, bool required) {
        if (required && isBlank(value))
            throw FeeError(name + ": is required");
        if (const auto problem = textProblem(value, Phrase::verbatim(name), max))
            throw FeeError(name + ": " + problem->english());
    };
    text("code", v.code, 64, true);
    text("name", v.name, 200, true);
    text("region", v.region, 64, false);
    text("centre", v.centre, 32, false);
    const auto from = Date::parse(v.validFrom);
    if (!from)
        throw FeeError("valid_from: \"" + printable(v.validFrom) + "\" is not a date (YYYY-MM-DD)");
    if (*from <= today)
        throw FeeError("valid_from: a new version takes effect after today (" + today.iso() + "), not on " +
                       from->iso() + ": a version never starts in the past");
    if (v.rules.empty())
        throw FeeError("rules: a version needs at least one rule");
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < v.rules.size(); ++i) {
        const auto& r = v.rules[i];
        const std::string where = "rules[" + std::to_string(i + 1) + "]";
        if (operationRank(r.operation) == 5)
            throw FeeError(where + ".operation: \"" + printable(r.operation) +
                           "\" is not NEW, RENEW, UPGRADE, REPLACE or UNLOCK");
        if (conditionRank(r.condition) == 4)
            throw FeeError(where + ".condition: \"" + printable(r.condition) +
                           "\" is not default, first_certificate, further_certificate or damage_waiver");
        if (r.condition == "damage_waiver" ? r.amountFen > 0 : r.amountFen < 0)
            throw FeeError(where + ".amount: " +
                           (r.condition == "damage_waiver" ? "a damage waiver is 0.00 or less, not "
                                                           : "a charge is 0.00 or more, not ") +
                           yuan(r.amountFen));
        // Found by fuzzing: "amount" in yuan took any size while "amount_fen" stopped here, so a version
        // given in yuan could be written as JSON (scheduleVersionJson) that it can't be read back from.
        if (r.amountFen < -kMaxRuleFen || r.amountFen > kMaxRuleFen)
            throw FeeError(where + ".amount: at most " + yuan(kMaxRuleFen) + " either way, not " +
                           yuan(r.amountFen));
        text(where + ".description", r.description, 200, true);
        if (!seen.insert({r.operation, r.condition}).second)
            throw FeeError(where + ": a second " + r.operation + " rule for condition " + r.condition);
    }
}

} // namespace

std::optional<std::string> scheduleVersionProblem(const NewScheduleVersion& version, Date today) {
    try {
        checkVersion(version, today);
    } catch (const FeeError& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

void checkScheduleVersion(const NewScheduleVersion& version, Date today) {
    checkVersion(version, today);
}

std::string scheduleVersionApprovalText(const NewScheduleVersion& v) {
    std::vector<std::string> parts{v.code, v.name, v.validFrom, v.region, v.centre};
    std::vector<const NewFeeRule*> rules;
    for (const auto& r : v.rules)
        rules.push_back(&r);
    std::sort(rules.begin(), rules.end(), [](const NewFeeRule* a, const NewFeeRule* b) {
        return std::make_pair(operationRank(a->operation), conditionRank(a->condition)) <
               std::make_pair(operationRank(b->operation), conditionRank(b->condition));
    });
    for (const auto* r : rules) {
        parts.push_back(r->operation);
        parts.push_back(r->condition);
        parts.push_back(std::to_string(r->amountFen));
        parts.push_back(r->description);
    }
    return approvals::subjectText(approvals::ApprovalKind::FeeSchedule, parts);
}

std::string scheduleVersionJson(const NewScheduleVersion& v) {
    QJsonArray rules;
    for (const auto& r : v.rules)
        rules.append(QJsonObject{{QStringLiteral("operation"), QString::fromStdString(r.operation)},
                                 {QStringLiteral("condition"), QString::fromStdString(r.condition)},
                                 {QStringLiteral("amount_fen"), static_cast<qint64>(r.amountFen)},
                                 {QStringLiteral("description"), QString::fromStdString(r.description)}});
    const QJsonObject o{{QStringLiteral("code"), QString::fromStdString(v.code)},
                        {QStringLiteral("name"), QString::fromStdString(v.name)},
                        {QStringLiteral("valid_from"), QString::fromStdString(v.validFrom)},
                        {QStringLiteral("region"), QString::fromStdString(v.region)},
                        {QStringLiteral("centre"), QString::fromStdString(v.centre)},
                        {QStringLiteral("rules"), rules}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

int addScheduleVersion(pqxx::transaction_base& tx, const Secret& adminSession, long long approvalId,
                       const NewScheduleVersion& version) {
    try {
        return db::execPrepared1(tx, "SELECT countersign.fee_schedule_add_version($1, $2, $3::jsonb)",
                                 adminSession.c_str(), approvalId, scheduleVersionJson(version))[0]
            .as<int>();
    } catch (const pqxx::sql_error& e) {
        refusedByDatabase(e);
    }
}

NewScheduleVersion nextVersionDraft(pqxx::transaction_base& tx, const std::string& code, Date today) {
    const auto r = db::execPrepared(
        tx,
        "SELECT s.id, s.name, coalesce(s.region, ''), coalesce(c.code, ''), "
        "       greatest($2::date + 1, s.valid_from + 1)::text "
        "FROM countersign.fee_schedules s LEFT JOIN countersign.centres c ON c.id = s.centre_id "
        "WHERE s.code = $1 ORDER BY s.valid_from DESC LIMIT 1",
        code, today.iso());
    if (r.empty())
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "fee schedule %1 does not exist")).arg(printable(code)));
    NewScheduleVersion v;
    v.code = code;
    v.name = r[0][1].c_str();
    v.region = r[0][2].c_str();
    v.centre = r[0][3].c_str();
    v.validFrom = r[0][4].c_str();
    for (const auto& row : db::execPrepared(
             tx,
             "SELECT operation, condition, amount_fen, description FROM countersign.fee_rules "
             "WHERE schedule_id = $1 "
             "ORDER BY array_position(ARRAY['NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK'], operation), "
             "array_position(ARRAY['default', 'first_certificate', 'further_certificate', 'damage_waiver'], "
             "condition)",
             r[0][0].as<long long>()))
        v.rules.push_back({row[0].c_str(), row[1].c_str(), row[2].as<long long>(), row[3].c_str()});
    return v;
}

} // namespace countersign::fees
