#include "backend/ctl/legacycommands.h"

#include <iostream>

#include <QJsonArray>

#include <pqxx/transaction>

#include "backend/ctl/adminsession.h"
#include "backend/legacy/legacyimport.h"
#include "backend/privatefile.h"
#include "db/legacystore.h"

namespace countersign::ctl {

const char* const kLegacyCommandsHelp =
    R"(  certificates import --file F [--batch N] --operator ADMIN [--password-fd N]
                                make certificates issued before Countersign known (admin): each must chain
                                to a CA of [trust] legacy_ca_file (X509_verify_cert, checked at the
                                certificate's own notBefore: an expired one is imported for the record and
                                said so). F is a PEM bundle — lines "Key-Serial: S" (required), "USCC: U" and
                                "Company: C" before each certificate's BEGIN line; USCC and company default to
                                the certificate's organizationIdentifier and O — or CSV (RFC 4180, UTF-8,
                                quoted fields may hold commas and the PEM's newlines) whose header names the
                                columns key_serial,uscc,company,certificate_pem (any order; others ignored).
                                Records the enterprise (never renamed), the key (active, in its hands) and the
                                certificate (active), N rows per database transaction (default 1000), one
                                audit entry "certificates.imported" per batch with the file's SHA-256. A row
                                that doesn't chain or doesn't fit is refused and named (line, serial, subject,
                                reason) and the others are imported; the exit status is then 1. Importing the
                                same file again is harmless: what is on record is "known"
  certificates revocations [--export FILE] [--all] --operator ADMIN [--password-fd N]
                                the revocations the legacy CA still has to make (a REPLACE of a legacy key
                                revokes its certificate on record, and Countersign, which does not run that
                                CA, records a request): CSV serial,issuer,reason,requested_at,transaction,
                                state,done_at to FILE (mode 0600) or stdout; --all includes closed ones.
                                Hand it to the legacy CA's operator, who revokes them there
  certificates revocations --mark-done SERIAL [--mark-done SERIAL2 …] --operator ADMIN [--password-fd N]
                                the legacy CA has revoked these: their requests are closed (audited)
)";

namespace {

const char* const kUsage =
    "countersignctl certificates import --file F [--batch N] --operator ADMIN [--password-fd N]\n"
    "       countersignctl certificates revocations [--export FILE] [--all] --operator ADMIN [--password-fd "
    "N]\n"
    "       countersignctl certificates revocations --mark-done SERIAL … --operator ADMIN [--password-fd N]";

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

int importCommand(Context& ctx, Arguments& args) {
    const auto file = args.takeOption("--file");
    const auto batchText = args.takeOption("--batch");
    withoutLogin(args).expectEmpty(kUsage);
    if (!file)
        throw UsageError(std::string("--file is required\nusage: ") + kUsage);
    int batch = 1000;
    if (batchText) {
        try {
            batch = std::stoi(*batchText);
        } catch (const std::exception&) {
            batch = 0;
        }
        if (batch < 1 || batch > 5000)
            throw UsageError("--batch must be 1 … 5000");
    }
    const std::string content = readFile(*file);
    std::optional<legacy::LegacyVerifier> verifier;
    try {
        verifier.emplace(ctx.config.legacyCaFile.toStdString());
        legacy::readImportFile(content); // a file that can't be read is refused before anyone logs in
    } catch (const std::runtime_error& e) {
        throw Refused(std::string(e.what()) + "; nothing was imported");
    }
    auto conn = ctx.connect();
    const AdminSession admin(*conn, args);
    const legacy::ImportReport report = legacy::importFile(*conn, admin.session(), content, *verifier, batch);

    QJsonArray rows;
    std::string text;
    for (const auto& r : report.rows) {
        if (r.outcome == "refused" || r.expired)
            rows.append(QJsonObject{{QStringLiteral("index"), r.index},
                                    {QStringLiteral("line"), r.line},
                                    {QStringLiteral("serial"), q(r.serial)},
                                    {QStringLiteral("subject"), q(r.subject)},
                                    {QStringLiteral("outcome"), q(r.outcome)},
                                    {QStringLiteral("expired"), r.expired},
                                    {QStringLiteral("reason"), q(r.reason)}});
        if (r.outcome == "refused")
            text += "line " + std::to_string(r.line) + " (certificate " + std::to_string(r.index) +
                    (r.serial.empty() ? "" : ", serial " + r.serial) +
                    (r.subject.empty() ? "" : ", " + r.subject) + "): refused: " + r.reason + "\n";
        else if (r.expired)
            text += "line " + std::to_string(r.line) + " (certificate " + std::to_string(r.index) +
                    ", serial " + r.serial + "): imported for the record, expired\n";
    }
    text += "imported " + std::to_string(report.imported) + " (" + std::to_string(report.expired) +
            " of them expired), already known " + std::to_string(report.known) + ", refused " +
            std::to_string(report.refused) + "; file SHA-256 " + report.fileDigest;
    ctx.print({{QStringLiteral("imported"), report.imported},
               {QStringLiteral("known"), report.known},
               {QStringLiteral("refused"), report.refused},
               {QStringLiteral("expired"), report.expired},
               {QStringLiteral("fileSha256"), q(report.fileDigest)},
               {QStringLiteral("rows"), rows}},
              text);
    return report.refused > 0 ? 1 : 0;
}

int revocationsCommand(Context& ctx, Arguments& args) {
    const auto exportFile = args.takeOption("--export");
    const bool all = args.takeFlag("--all");
    const auto done = args.takeAllOptions("--mark-done");
    withoutLogin(args).expectEmpty(kUsage);
    if (!done.empty() && (exportFile || all))
        throw UsageError("--mark-done goes alone, without --export or --all");
    auto conn = ctx.connect();
    const AdminSession admin(*conn, args);
    if (!done.empty()) {
        pqxx::work tx{*conn};
        const auto closed = db::LegacyStore{tx}.markRevocationsDone(admin.session(), done);
        tx.commit();
        QJsonArray list;
        for (const auto& s : closed)
            list.append(q(s));
        ctx.print({{QStringLiteral("done"), list}},
                  std::to_string(closed.size()) +
                      " revocation request(s) closed: the legacy CA revoked them");
        return 0;
    }
    pqxx::work tx{*conn};
    const auto requests = db::LegacyStore{tx}.exportRevocations(admin.session(), all);
    tx.commit();
    std::string csv = "serial,issuer,reason,requested_at,transaction,state,done_at\r\n";
    QJsonArray list;
    for (const auto& r : requests) {
        csv += csvField(r.serial) + "," + csvField(r.issuer) + "," + csvField(r.reason) + "," +
               csvField(r.requestedAt) + "," + csvField(r.transaction) + "," + csvField(r.state) + "," +
               csvField(r.doneAt) + "\r\n";
        list.append(QJsonObject{{QStringLiteral("serial"), q(r.serial)},
                                {QStringLiteral("issuer"), q(r.issuer)},
                                {QStringLiteral("reason"), q(r.reason)},
                                {QStringLiteral("requestedAt"), q(r.requestedAt)},
                                {QStringLiteral("transaction"), q(r.transaction)},
                                {QStringLiteral("state"), q(r.state)},
                                {QStringLiteral("doneAt"), q(r.doneAt)}});
    }
    if (exportFile) {
        try {
            writePrivateFile(*exportFile, csv);
        } catch (const std::exception& e) {
            throw Refused(e.what());
        }
        ctx.print({{QStringLiteral("file"), q(*exportFile)}, {QStringLiteral("requests"), list}},
                  std::to_string(requests.size()) + " revocation request(s) written to " + *exportFile);
    } else if (ctx.json) {
        ctx.print({{QStringLiteral("requests"), list}}, "");
    } else {
        std::cout << csv;
    }
    return 0;
}

} // namespace

int certificatesCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (sub && *sub == "import")
        return importCommand(ctx, args);
    if (sub && *sub == "revocations")
        return revocationsCommand(ctx, args);
    throw UsageError(std::string("usage: ") + kUsage);
}

} // namespace countersign::ctl
