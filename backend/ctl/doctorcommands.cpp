#include "backend/ctl/doctorcommands.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonObject>

#include "backend/ctl/ctl.h"
#include "backend/doctor/doctor.h"

namespace countersign::ctl {

const char* const kDoctorCommandHelp =
    R"(  doctor                        check this workstation, one line per check: database reachable and
                                migrated, counter registered, PKCS#11 module loads and the writer is seen,
                                SO-PIN master secret present and private (owner only, owned by the user
                                running the check: run it as the kiosk's user), CA reachable, printer
                                queue exists and takes jobs, fonts with Chinese glyphs, the CRL published in
                                [ca] crl_publish_dir (signed by the issuing CA, lists every revocation, younger
                                than half its lifetime); exit 1 when any fails
)";

int doctorCommand(Context& ctx, Arguments& args) {
    args.expectEmpty("countersignctl doctor");
    const auto results = doctor::run(ctx.config);
    bool allOk = true;
    QJsonArray list;
    std::size_t width = 0;
    for (const auto& r : results)
        width = std::max(width, r.name.size());
    std::string text;
    for (const auto& r : results) {
        allOk = allOk && r.passed();
        list.append(QJsonObject{{QStringLiteral("check"), QString::fromStdString(r.name)},
                                {QStringLiteral("ok"), r.passed()},
                                {QStringLiteral("verdict"), QLatin1String(doctor::verdictName(r.verdict))},
                                {QStringLiteral("detail"), QString::fromStdString(r.detail)}});
        const char* mark = r.verdict == doctor::Verdict::Ok ? "✓ " : r.passed() ? "! " : "✗ ";
        text += std::string(mark) + r.name + std::string(width + 2 - r.name.size(), ' ') + r.detail + "\n";
    }
    int failed = 0;
    for (const auto& r : results)
        failed += r.passed() ? 0 : 1;
    text += allOk ? "all " + std::to_string(results.size()) + " checks passed"
                  : std::to_string(failed) + " of " + std::to_string(results.size()) + " checks failed";
    ctx.print({{QStringLiteral("ok"), allOk}, {QStringLiteral("checks"), list}}, text);
    return allOk ? ExitOk : ExitRefused;
}

} // namespace countersign::ctl
