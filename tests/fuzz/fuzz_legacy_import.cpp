// The legacy certificate import file (countersignctl legacy import --file): CSV or a PEM bundle with
// Key-Serial/USCC/Company lines, read by legacy::readImportFile, each entry then verified as the import does
// before anything reaches the database (legacy::LegacyVerifier::verify, against legacy/legacy-ca.pem), and
// the RFC 4180 reader under it (legacy::parseCsv). Invariants: certificates are numbered 1, 2, … on lines in
// file order (an empty PEM is the import's to refuse, entry by entry); a refused entry says why, an accepted
// one has its serial, USCC, company, key serial and DER; CSV records start on increasing lines within the
// file.
#include <algorithm>
#include <stdexcept>

#include "backend/legacy/importfile.h"
#include "backend/legacy/legacyimport.h"
#include "tests/fuzz/support.h"

using namespace countersign;

namespace {

void verify(const legacy::ImportEntry& entry) {
    static const legacy::LegacyVerifier verifier(COUNTERSIGN_FUZZ_DIR "/legacy/legacy-ca.pem");
    legacy::ImportedRow report;
    const auto row = verifier.verify(entry, report);
    if (!row) {
        if (report.outcome != "refused" || report.reason.empty())
            fuzz::broken("a refused legacy certificate is not refused with a reason");
        return;
    }
    if (row->serial.empty() || row->uscc.empty() || row->company.empty() || row->keySerial.empty() ||
        row->der.empty())
        fuzz::broken("an accepted legacy certificate lacks its serial, USCC, company, key serial or DER");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = fuzz::text(data, size);
    const int lines = 1 + static_cast<int>(std::count(input.begin(), input.end(), '\n')) +
                      static_cast<int>(std::count(input.begin(), input.end(), '\r'));
    try {
        const auto entries = legacy::readImportFile(input);
        int line = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].index != static_cast<int>(i) + 1)
                fuzz::broken("import entries are not numbered 1, 2, …");
            if (entries[i].line < 1 || entries[i].line < line || entries[i].line > lines)
                fuzz::broken("an import entry's line is outside the file or out of order");
            line = entries[i].line;
            verify(entries[i]);
        }
    } catch (const std::runtime_error& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused import file gives no reason");
    }
    try {
        const auto records = legacy::parseCsv(input);
        int line = 0;
        for (const auto& r : records) {
            if (r.line <= line || r.line > lines)
                fuzz::broken("CSV records do not start on increasing lines of the file");
            line = r.line;
        }
    } catch (const std::runtime_error& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused CSV gives no reason");
    }
    return 0;
}
