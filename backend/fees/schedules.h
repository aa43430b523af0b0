#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "backend/fees/fees.h"
#include "backend/fees/schedulevalues.h"
#include "backend/identifiers/date.h"
#include "token/secret.h"

// Fee schedule versions (issue 21, the fees migration): a schedule's code has versions, each with its rules
// and the day it takes effect; a version ends where the next starts. A new version is an admin's work with a
// second person's approval (another admin or a supervisor), bound to exactly its content; one in force or
// past never changes.
namespace countersign::fees {

/// Every version of every schedule, by code then version, with their status on `day` and the one in force at
/// `centreId` (chosen as quote() does with `configuredCode`, [fees] schedule; none marked when no schedule is
/// in force there).
std::vector<FeeScheduleVersion> listScheduleVersions(pqxx::transaction_base& tx, long long centreId,
                                                     const std::string& configuredCode, Date day);

/// A version with its rules (those of `operation` when not empty): version `version` of `code`, or the one in
/// force on `date`, or (neither) the one in force today. FeeError naming what does not exist.
FeeScheduleInfo scheduleVersion(pqxx::transaction_base& tx, const std::string& code,
                                std::optional<int> version, std::optional<Date> date,
                                const std::string& operation = {});

/// Reads a new version from JSON: {"code", "name", "valid_from", "region", "centre", "rules": [{"operation",
/// "condition", "amount_fen" (integer) or "amount" (yuan as a string, "26.00"), "description"}]}. FeeError
/// naming the field (e.g. "rules[2].amount") on anything malformed; then checkScheduleVersion.
NewScheduleVersion parseScheduleVersionJson(const std::string& json, Date today);

/// Throws FeeError naming the field when `version` can't be added: a field missing or not storable text, an
/// operation or condition unknown, an amount of the wrong sign, two rules for one operation and condition, a
/// valid_from not after `today`.
void checkScheduleVersion(const NewScheduleVersion& version, Date today);

/// What the second person approves: approvals::subjectText of kind fee_schedule with the version's code,
/// name, valid_from, region, centre and every rule (sorted by operation, then condition) — the same text
/// countersign.fee_version_parts makes in the database.
std::string scheduleVersionApprovalText(const NewScheduleVersion& version);

/// The version as the JSON countersign.fee_schedule_add_version takes (amounts in fen).
std::string scheduleVersionJson(const NewScheduleVersion& version);

/// Adds `version` as the admin of `adminSession` with the fee_schedule approval `approvalId`, in the caller's
/// transaction (countersign.fee_schedule_add_version: audited "fees.version_added"). Returns its number.
/// FeeError in the database's words when it refuses.
int addScheduleVersion(pqxx::transaction_base& tx, const Secret& adminSession, long long approvalId,
                       const NewScheduleVersion& version);

/// A draft of the next version of `code`: its latest version's name, region, centre and rules, starting
/// tomorrow (or the day after the latest version's start, when that is later).
NewScheduleVersion nextVersionDraft(pqxx::transaction_base& tx, const std::string& code, Date today);

} // namespace countersign::fees
