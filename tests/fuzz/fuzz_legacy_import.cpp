// The legacy certificate import file (countersignctl legacy import --file): CSV or a PEM bundle with
// Key-Serial/USCC/Company lines, read by legacy::readImportFile, and the RFC 4180 reader under it
// (legacy::parseCsv). Invariants: certificates are numbered 1, 2, … on lines in file order (an empty PEM
// is the import's to refuse, entry by entry); CSV records start on increasing lines within the file.
#include <algorithm>
#include <stdexcept>

#include "backend/legacy/importfile.h"
#include "tests/fuzz/support.h"

using namespace countersign;

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
