#include "backend/ctl/stockcommands.h"

#include <algorithm>

#include <QJsonArray>

#include <pqxx/pqxx>

#include "backend/ctl/adminsession.h"
#include "backend/ctl/keymodelcommands.h"
#include "backend/stock/stock.h"

namespace countersign::ctl {

const char* const kStockCommandsHelp =
    R"(  stock receive --model M --serial S [--serial S2 …] [--reference R] --operator NAME --password-fd N
                                receive blank keys into this centre's stock (admin)
  stock list [--status S] [--model M]
                                stock levels by model (in stock, damaged, issued, written off; "low" under
                                [stock] low_level) and the keys: those this centre holds, or those of status
                                S (in_stock, damaged, issued, written_off, all) and of model M
  stock write-off SERIAL (--reason R | --reference R) [--reason R] --operator NAME --password-fd N
                                write off a key in stock or a damaged key with its reason and/or the
                                write-off form's reference (admin)
  stock model set MODEL [--factory-so-pin-file FILE] [--pin-min N] [--pin-max N] [--algorithms a,b]
                    [--manufacturer M] --operator NAME --password-fd N
                                record a key model as its keys report it: the file (mode 0600) holding its
                                factory SO PIN, its PIN lengths and algorithms (admin; "" clears, 0 = no limit)
  stock model list              the key models, and whether each factory SO PIN file is usable here
)";

namespace {

const char* const kStockUsage =
    "countersignctl stock receive --model M --serial S [--serial S2 …] [--reference R] --operator NAME "
    "--password-fd N\n"
    "       countersignctl stock list [--status in_stock|damaged|issued|written_off|all] [--model M]\n"
    "       countersignctl stock write-off SERIAL [--reason R] [--reference R] --operator NAME --password-fd "
    "N\n"
    "       countersignctl stock model set MODEL … | stock model list";

int stockReceive(Context& ctx, Arguments& args) {
    const auto model = args.takeOption("--model");
    const auto serials = args.takeAllOptions("--serial");
    const auto reference = args.takeOption("--reference").value_or("");
    if (!model || model->empty())
        throw UsageError("--model is required\nusage: " + std::string(kStockUsage));
    if (serials.empty())
        throw UsageError("at least one --serial is required\nusage: " + std::string(kStockUsage));
    withoutLogin(args).expectEmpty(kStockUsage);
    auto conn = ctx.connect();
    requireWorkstation(ctx, *conn);
    // The database checks that this person is an admin, and records them.
    const AdminSession admin(*conn, args);
    args.expectEmpty(kStockUsage);
    pqxx::work tx{*conn};
    try {
        stock::receive(tx, admin.session(), *model, serials, reference);
    } catch (const stock::StockError& e) {
        throw Refused(e.what());
    }
    tx.commit();
    QJsonArray list;
    for (const auto& s : serials)
        list.append(QString::fromStdString(s));
    ctx.print({{QStringLiteral("received"), list}, {QStringLiteral("model"), QString::fromStdString(*model)}},
              "received " + std::to_string(serials.size()) + " key(s) of model " + *model +
                  " into the stock of " + ctx.config.centreCode.toStdString());
    return 0;
}

int stockList(Context& ctx, Arguments& args) {
    stock::KeyFilter filter;
    filter.status = args.takeOption("--status").value_or("");
    filter.model = args.takeOption("--model").value_or("");
    args.expectEmpty(kStockUsage);
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    const long long centreId = requireWorkstation(ctx, tx).centreId;
    std::vector<stock::StockKey> keys;
    try {
        keys = stock::keys(tx, centreId, filter);
    } catch (const stock::StockError& e) {
        throw UsageError(std::string(e.what()) + "\nusage: " + kStockUsage);
    }
    auto levels = stock::levels(tx, centreId, ctx.config.stockLowLevel);
    if (!filter.model.empty())
        levels.erase(std::remove_if(levels.begin(), levels.end(),
                                    [&](const stock::StockLevel& l) { return l.model != filter.model; }),
                     levels.end());
    QJsonArray levelList, keyList;
    std::string text = "stock of centre " + ctx.config.centreCode.toStdString() + "\n";
    long long total = 0;
    for (const auto& l : levels) {
        levelList.append(QJsonObject{{QStringLiteral("model"), QString::fromStdString(l.model)},
                                     {QStringLiteral("in_stock"), l.inStock},
                                     {QStringLiteral("damaged"), l.damaged},
                                     {QStringLiteral("issued"), l.issued},
                                     {QStringLiteral("written_off"), l.writtenOff},
                                     {QStringLiteral("low"), l.low}});
        text += "  " + l.model + ": " + std::to_string(l.inStock) + " in stock, " +
                std::to_string(l.damaged) + " damaged, " + std::to_string(l.issued) + " issued, " +
                std::to_string(l.writtenOff) + " written off" + (l.low ? "  LOW" : "") + "\n";
        total += l.inStock;
    }
    if (levels.empty())
        text += "  no keys\n";
    if (!keys.empty())
        text += "keys:\n";
    for (const auto& k : keys) {
        keyList.append(QJsonObject{{QStringLiteral("serial"), QString::fromStdString(k.serial)},
                                   {QStringLiteral("model"), QString::fromStdString(k.model)},
                                   {QStringLiteral("state"), QString::fromStdString(k.state)},
                                   {QStringLiteral("status"), QString::fromStdString(k.status)},
                                   {QStringLiteral("received_at"), QString::fromStdString(k.receivedAt)},
                                   {QStringLiteral("note"), QString::fromStdString(k.note)}});
        text += "  " + k.serial + "  " + k.model + "  " + k.state +
                (k.status != k.state ? " (" + k.status + ")" : std::string()) +
                (k.receivedAt.empty() ? "" : "  received " + k.receivedAt) +
                (k.note.empty() ? "" : "  " + k.note) + "\n";
    }
    if (keys.empty() && !filter.status.empty())
        text += "no key " + filter.status + (filter.model.empty() ? "" : " of model " + filter.model) + "\n";
    text += std::to_string(total) + " key(s) in stock";
    ctx.print({{QStringLiteral("levels"), levelList},
               {QStringLiteral("keys"), keyList},
               {QStringLiteral("in_stock"), total}},
              text);
    return 0;
}

int stockWriteOff(Context& ctx, Arguments& args) {
    const auto reference = args.takeOption("--reference").value_or("");
    // --note is the reason's older name.
    const auto reason = args.takeOption("--reason");
    const auto note = args.takeOption("--note");
    if (reason && note)
        throw UsageError("give the reason once: --reason R\nusage: " + std::string(kStockUsage));
    const std::string why = reason ? *reason : note.value_or("");
    if (reference.empty() && why.empty())
        throw UsageError("--reason (why the key is written off) or --reference (the write-off form) is "
                         "required\nusage: " +
                         std::string(kStockUsage));
    withoutLogin(args).takePositionals(1, kStockUsage);
    auto conn = ctx.connect();
    requireWorkstation(ctx, *conn);
    const AdminSession admin(*conn, args);
    const auto serial = args.takePositionals(1, kStockUsage)[0];
    pqxx::work tx{*conn};
    try {
        stock::writeOff(tx, admin.session(), serial, reference, why);
    } catch (const stock::StockError& e) {
        throw Refused(e.what());
    }
    tx.commit();
    ctx.print({{QStringLiteral("written_off"), QString::fromStdString(serial)},
               {QStringLiteral("reference"), QString::fromStdString(reference)},
               {QStringLiteral("reason"), QString::fromStdString(why)}},
              "key " + serial + " written off" + (why.empty() ? "" : ": " + why) +
                  (reference.empty() ? "" : " (reference " + reference + ")"));
    return 0;
}

} // namespace

int stockCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (sub == std::optional<std::string>("receive"))
        return stockReceive(ctx, args);
    if (sub == std::optional<std::string>("list"))
        return stockList(ctx, args);
    if (sub == std::optional<std::string>("write-off"))
        return stockWriteOff(ctx, args);
    if (sub == std::optional<std::string>("model"))
        return stockModelCommand(ctx, args);
    throw UsageError(std::string("usage: ") + kStockUsage);
}

} // namespace countersign::ctl
