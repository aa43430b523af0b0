#pragma once

#include <optional>
#include <string>

#include <pqxx/transaction_base>

#include "db/keymodelstore.h"
#include "token/secret.h"

namespace countersign::stock {

/// A model's factory SO PIN as read on this machine: the PIN, or in words why it can't be used.
struct FactorySoPin {
    std::optional<Secret> pin;
    std::string problem; ///< names the file and the model; never the PIN
};

/// The factory SO PIN of `model` from its file: a secret file (token/secretfile.h: opened once, a regular
/// file only its owner may read, mode 0600 or 0400) whose first line is the PIN, which must be within the
/// model's PIN lengths. A model with no file gives neither PIN nor problem.
FactorySoPin readFactorySoPin(const db::KeyModel& model);

/// Where a model's factory SO PIN stands on this machine (never the PIN): whether a file is recorded, and
/// whether it holds a usable PIN here (readFactorySoPin), else why not.
struct FactorySoPinState {
    bool set = false;
    bool usableHere = false;
    std::string problem;
};
FactorySoPinState factorySoPinState(const db::KeyModel& model);

/// Why `model` can't be recorded as it stands (its shortest PIN longer than its longest; a factory SO PIN
/// file that is not absolute or holds no usable PIN on this machine), in words naming the model and ending
/// "nothing was recorded"; empty when it can. countersignctl stock model set and the kiosk's stock page both
/// ask before the admin's session is used.
std::string modelProblem(const db::KeyModel& model);

/// Why `pin` can't be the factory SO PIN of `model` (empty, or outside its PIN lengths); empty when it can.
std::string factorySoPinProblem(const db::KeyModel& model, const Secret& pin);

/// The command that records model `name`'s factory SO PIN, for messages that send someone to it:
/// countersignctl stock model set "NAME" --factory-so-pin-file FILE.
std::string factorySoPinSetting(const std::string& name);

/// A key refused `model`'s factory SO PIN (TokenErrorCode::FactorySoPinIncorrect), in words naming the
/// model's setting and the try it cost.
std::string factorySoPinRefused(const db::KeyModel& model);

/// What to do about a key with no SO PIN of this system recorded that refused the derived SO PIN while its
/// model (`modelName`, as the key reports it) has no factory SO PIN registered: register it.
std::string registerFactorySoPin(const std::string& modelName);

/// Sets `model` whole as the admin of `adminSession` (countersign.key_model_set, audited "stock.model_set").
/// StockError in the database's words when it refuses (not an admin, a relative path, min > max …).
void setModel(pqxx::transaction_base& tx, const Secret& adminSession, const db::KeyModel& model);

} // namespace countersign::stock
