#include "backend/legacy/importfile.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

namespace countersign::legacy {

namespace {

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string withoutBom(const std::string& content) {
    return content.compare(0, 3, "\xEF\xBB\xBF") == 0 ? content.substr(3) : content;
}

std::vector<ImportEntry> readCsv(const std::string& content) {
    const auto records = parseCsv(content);
    if (records.empty())
        throw std::runtime_error("the CSV file is empty");
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < records[0].fields.size(); ++i)
        column[lower(trimmed(records[0].fields[i]))] = i;
    for (const char* name : {"key_serial", "uscc", "company", "certificate_pem"})
        if (!column.count(name))
            throw std::runtime_error(std::string("the CSV header (line 1) has no ") + name +
                                     " column; it names " + kCsvColumns);
    std::vector<ImportEntry> out;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& f = records[r].fields;
        if (f.size() == 1 && trimmed(f[0]).empty())
            continue; // a blank line
        auto field = [&](const char* name) {
            const std::size_t i = column[name];
            return i < f.size() ? trimmed(f[i]) : std::string();
        };
        ImportEntry e;
        e.index = static_cast<int>(out.size()) + 1;
        e.line = records[r].line;
        e.pem = field("certificate_pem");
        e.keySerial = field("key_serial");
        e.uscc = field("uscc");
        e.company = field("company");
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<ImportEntry> readBundle(const std::string& content) {
    std::vector<ImportEntry> out;
    ImportEntry pending;
    bool inBlock = false;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos < content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string::npos)
            end = content.size();
        const std::string line = trimmed(content.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (!inBlock) {
            if (line == "-----BEGIN CERTIFICATE-----") {
                inBlock = true;
                pending.line = lineNo;
                pending.pem = line + "\n";
                continue;
            }
            const auto colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            const std::string name = lower(trimmed(line.substr(0, colon)));
            const std::string value = trimmed(line.substr(colon + 1));
            if (name == "key-serial" || name == "key_serial")
                pending.keySerial = value;
            else if (name == "uscc")
                pending.uscc = value;
            else if (name == "company")
                pending.company = value;
            continue;
        }
        pending.pem += line + "\n";
        if (line == "-----END CERTIFICATE-----") {
            inBlock = false;
            pending.index = static_cast<int>(out.size()) + 1;
            out.push_back(std::move(pending));
            pending = ImportEntry{};
        }
    }
    if (inBlock)
        throw std::runtime_error("the certificate starting on line " + std::to_string(pending.line) +
                                 " has no END CERTIFICATE line");
    return out;
}

} // namespace

std::vector<CsvRecord> parseCsv(const std::string& text) {
    std::vector<CsvRecord> out;
    CsvRecord record;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    int quoteLine = 0;
    record.line = 1;
    auto endField = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        fieldStarted = false;
    };
    auto endRecord = [&](int nextLine) {
        endField();
        out.push_back(std::move(record));
        record = CsvRecord{};
        record.line = nextLine;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == ',') {
            endField();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue; // CRLF: the LF ends the record
        } else if (c == '\n') {
            ++line;
            endRecord(line);
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        throw std::runtime_error("the quoted field starting on line " + std::to_string(quoteLine) +
                                 " has no closing quote");
    if (fieldStarted || !record.fields.empty())
        endRecord(line);
    return out;
}

std::vector<ImportEntry> readImportFile(const std::string& raw) {
    const std::string content = withoutBom(raw);
    const std::string firstLine = lower(content.substr(0, content.find('\n')));
    if (firstLine.find("certificate_pem") != std::string::npos)
        return readCsv(content);
    return readBundle(content);
}

} // namespace countersign::legacy
