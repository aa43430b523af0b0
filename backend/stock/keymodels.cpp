#include "backend/stock/keymodels.h"

#include <pqxx/except>

#include "backend/stock/stock.h"
#include "db/connection.h"
#include "token/secretfile.h"

namespace countersign::stock {

std::string factorySoPinSetting(const std::string& name) {
    return "countersignctl stock model set \"" + name + "\" --factory-so-pin-file FILE";
}

std::string factorySoPinRefused(const db::KeyModel& model) {
    return "The key refused the factory SO PIN of model \"" + model.name + "\" (from " +
           model.factorySoPinFile + "; " + factorySoPinSetting(model.name) +
           "); one SO PIN try was spent. Correct the model's setting "
           "before this key is tried again.";
}

std::string registerFactorySoPin(const std::string& modelName) {
    const std::string name = modelName.empty() ? std::string("MODEL") : modelName;
    return "If it is a vendor's key still on its factory SO PIN, register the factory SO PIN of its model "
           "\"" +
           name + "\": " + factorySoPinSetting(name) + ".";
}

std::string factorySoPinProblem(const db::KeyModel& model, const Secret& pin) {
    const auto length = static_cast<int>(pin.size());
    if (length == 0)
        return "the factory SO PIN file of model \"" + model.name + "\" (" + model.factorySoPinFile +
               ") is empty: its first line must be the PIN";
    if ((model.pinMin > 0 && length < model.pinMin) || (model.pinMax > 0 && length > model.pinMax))
        return "the PIN in the factory SO PIN file of model \"" + model.name + "\" (" +
               model.factorySoPinFile + ") has " + std::to_string(length) +
               " characters, and the model takes " + std::to_string(model.pinMin > 0 ? model.pinMin : 1) +
               ".." + (model.pinMax > 0 ? std::to_string(model.pinMax) : std::string("any number"));
    return {};
}

FactorySoPin readFactorySoPin(const db::KeyModel& model) {
    FactorySoPin out;
    if (model.factorySoPinFile.empty())
        return out;
    token::SecretFileProblem problem = token::SecretFileProblem::None;
    auto pin = token::readOwnerOnlyLine(model.factorySoPinFile, &problem);
    if (!pin) {
        out.problem = "the factory SO PIN file of model \"" + model.name +
                      "\" can't be used: " + token::secretFileProblemText(problem, model.factorySoPinFile);
        return out;
    }
    out.problem = factorySoPinProblem(model, *pin);
    if (out.problem.empty())
        out.pin = std::move(pin);
    return out;
}

FactorySoPinState factorySoPinState(const db::KeyModel& model) {
    FactorySoPinState state;
    state.set = !model.factorySoPinFile.empty();
    if (!state.set)
        return state;
    const auto read = readFactorySoPin(model);
    state.usableHere = read.pin.has_value();
    state.problem = read.problem;
    return state;
}

std::string modelProblem(const db::KeyModel& model) {
    if (model.pinMin > 0 && model.pinMax > 0 && model.pinMin > model.pinMax)
        return "model \"" + model.name + "\": the shortest PIN (" + std::to_string(model.pinMin) +
               ") is longer than the longest (" + std::to_string(model.pinMax) + "); nothing was recorded";
    if (model.factorySoPinFile.empty())
        return {};
    if (model.factorySoPinFile.front() != '/')
        return "the factory SO PIN file of model \"" + model.name + "\" must be an absolute path, not " +
               model.factorySoPinFile + "; nothing was recorded";
    const auto read = readFactorySoPin(model);
    if (!read.pin)
        return read.problem + "; nothing was recorded";
    return {};
}

void setModel(pqxx::transaction_base& tx, const Secret& adminSession, const db::KeyModel& model) {
    try {
        db::KeyModelStore{tx}.set(adminSession, model);
    } catch (const pqxx::sql_error& e) {
        if (const auto why = db::databaseRefusal(e))
            throw StockError(*why);
        throw;
    }
}

} // namespace countersign::stock
