#include "backend/ctl/keymodelcommands.h"

#include <filesystem>

#include <QJsonArray>

#include <pqxx/transaction>

#include "backend/ctl/adminsession.h"
#include "backend/stock/keymodels.h"
#include "backend/stock/stock.h"
#include "token/keydevice.h"

namespace countersign::ctl {

namespace {

const char* const kUsage =
    "countersignctl stock model set MODEL [--factory-so-pin-file FILE] [--pin-min N] [--pin-max N] "
    "[--algorithms rsa2048,rsa3072,ec-p256] [--manufacturer M] --operator NAME --password-fd N\n"
    "       countersignctl stock model list";

int pinLength(const std::string& option, const std::string& text) {
    std::size_t used = 0;
    int n = -1;
    try {
        n = std::stoi(text, &used);
    } catch (const std::exception&) {
    }
    if (used != text.size() || n < 0 || n > 255)
        throw UsageError(option + " must be a number of characters 1..255 (0: no limit)");
    return n;
}

std::vector<std::string> algorithms(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t from = 0; from < text.size();) {
        const std::size_t comma = std::min(text.find(',', from), text.size());
        const std::string name = text.substr(from, comma - from);
        token::KeyAlgorithm parsed;
        if (!token::parseAlgorithm(name, parsed))
            throw UsageError("--algorithms takes rsa2048, rsa3072 and ec-p256, not \"" + name + "\"");
        out.push_back(name);
        from = comma + 1;
    }
    return out;
}

// The state of a model's factory SO PIN file on this machine, never the PIN.
QJsonObject factorySoPinJson(const db::KeyModel& m, std::string& text) {
    const auto state = stock::factorySoPinState(m);
    if (!state.set) {
        text = "no factory SO PIN";
        return {{QStringLiteral("set"), false}, {QStringLiteral("usable_here"), false}};
    }
    text = "factory SO PIN file " + m.factorySoPinFile +
           (state.usableHere ? " (usable here)" : ": " + state.problem);
    return {{QStringLiteral("set"), true},
            {QStringLiteral("file"), QString::fromStdString(m.factorySoPinFile)},
            {QStringLiteral("usable_here"), state.usableHere},
            {QStringLiteral("problem"), QString::fromStdString(state.problem)}};
}

QJsonObject modelJson(const db::KeyModel& m, std::string& text) {
    QJsonArray algs;
    for (const auto& a : m.algorithms)
        algs.append(QString::fromStdString(a));
    std::string factory;
    const QJsonObject so = factorySoPinJson(m, factory);
    std::string algText;
    for (const auto& a : m.algorithms)
        algText += (algText.empty() ? "" : ",") + a;
    text = "\"" + m.name + "\"" + (m.manufacturer.empty() ? "" : " by " + m.manufacturer) + ": PIN " +
           (m.pinMin > 0 ? std::to_string(m.pinMin) : std::string("any")) + ".." +
           (m.pinMax > 0 ? std::to_string(m.pinMax) : std::string("any")) + " characters, algorithms " +
           (algText.empty() ? std::string("as the key offers") : algText) + ", " + factory;
    return {{QStringLiteral("name"), QString::fromStdString(m.name)},
            {QStringLiteral("manufacturer"), QString::fromStdString(m.manufacturer)},
            {QStringLiteral("pin_min"), m.pinMin},
            {QStringLiteral("pin_max"), m.pinMax},
            {QStringLiteral("algorithms"), algs},
            {QStringLiteral("factory_so_pin"), so},
            {QStringLiteral("updated_by"), QString::fromStdString(m.updatedBy)},
            {QStringLiteral("updated_at"), QString::fromStdString(m.updatedAt)}};
}

int modelSet(Context& ctx, Arguments& args) {
    const auto file = args.takeOption("--factory-so-pin-file");
    const auto pinMin = args.takeOption("--pin-min");
    const auto pinMax = args.takeOption("--pin-max");
    const auto algs = args.takeOption("--algorithms");
    const auto manufacturer = args.takeOption("--manufacturer");
    if (args.takeOption("--factory-so-pin") || args.takeOption("--so-pin"))
        throw UsageError("a factory SO PIN is never taken from the command line: put it in a file of mode "
                         "0600 and give --factory-so-pin-file FILE");
    const std::string name = withoutLogin(args).takePositionals(1, kUsage)[0];
    if (name.empty())
        throw UsageError("the model's name is needed, as the key reports it (countersignctl token list)");

    auto conn = ctx.connect();
    requireWorkstation(ctx, *conn);
    // What is not given stays as recorded.
    db::KeyModel model;
    {
        pqxx::read_transaction tx{*conn};
        model = db::KeyModelStore{tx}.find(name).value_or(db::KeyModel{});
    }
    model.name = name;
    if (file)
        model.factorySoPinFile =
            file->empty() ? std::string() : std::filesystem::absolute(*file).lexically_normal().string();
    if (pinMin)
        model.pinMin = pinLength("--pin-min", *pinMin);
    if (pinMax)
        model.pinMax = pinLength("--pin-max", *pinMax);
    if (algs)
        model.algorithms = algorithms(*algs);
    if (manufacturer)
        model.manufacturer = *manufacturer;
    // The file is checked here, before anyone logs in: it must hold a usable PIN on this machine.
    if (const std::string problem = stock::modelProblem(model); !problem.empty())
        throw Refused(problem);

    const AdminSession admin(*conn, args);
    args.takePositionals(1, kUsage);
    pqxx::work tx{*conn};
    try {
        stock::setModel(tx, admin.session(), model);
    } catch (const stock::StockError& e) {
        throw Refused(e.what());
    }
    const auto recorded = db::KeyModelStore{tx}.find(name);
    tx.commit();
    std::string text;
    const QJsonObject json = modelJson(recorded.value_or(model), text);
    ctx.print(json, "model " + text);
    return 0;
}

int modelList(Context& ctx, Arguments& args) {
    args.expectEmpty(kUsage);
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    requireWorkstation(ctx, tx);
    QJsonArray list;
    std::string text;
    const auto models = db::KeyModelStore{tx}.list();
    for (const auto& m : models) {
        std::string line;
        list.append(modelJson(m, line));
        text += "  " + line + "\n";
    }
    ctx.print({{QStringLiteral("models"), list}},
              models.empty() ? "no key model recorded" : "key models:\n" + text.substr(0, text.size() - 1));
    return 0;
}

} // namespace

int stockModelCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (sub == std::optional<std::string>("set"))
        return modelSet(ctx, args);
    if (sub == std::optional<std::string>("list"))
        return modelList(ctx, args);
    throw UsageError(std::string("usage: ") + kUsage);
}

} // namespace countersign::ctl
