#pragma once

#include <string>
#include <vector>

namespace countersign::legacy {

/// One certificate of an import file, as written there: its PEM and what the file says with it.
struct ImportEntry {
    int index = 0; ///< 1-based place among the file's certificates
    int line = 0;  ///< the line it starts on (a CSV record's first line; a PEM block's BEGIN line)
    std::string pem;
    std::string keySerial; ///< empty when the file gives none
    std::string uscc;      ///< empty: the certificate's organizationIdentifier
    std::string company;   ///< empty: the certificate's O
};

/// The CSV form's header: these four column names (any order, any case; other columns are ignored).
inline constexpr const char* kCsvColumns = "key_serial,uscc,company,certificate_pem";

/// Reads an import file: CSV (RFC 4180: comma separated, fields in double quotes may hold commas, newlines
/// and doubled quotes; the first record is the header naming kCsvColumns) when its first line names a
/// certificate_pem column, else a PEM bundle, where lines "Key-Serial: S", "USCC: U" and "Company: C" before
/// a certificate's BEGIN line belong to that certificate (text outside PEM blocks, which PEM readers skip).
/// Throws std::runtime_error naming the line for a file it can't read (a CSV without a required column, an
/// unterminated quote, a PEM block without its END line).
std::vector<ImportEntry> readImportFile(const std::string& content);

/// RFC 4180 records of `text` (each a list of fields), with the line each starts on. Throws on an
/// unterminated quoted field.
struct CsvRecord {
    int line = 0;
    std::vector<std::string> fields;
};
std::vector<CsvRecord> parseCsv(const std::string& text);

} // namespace countersign::legacy
