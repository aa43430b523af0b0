#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "backend/fees/fees.h"

namespace countersign::fees {

/// An invoice request (开票信息) as the invoicing system gets it: with its transaction and receipt numbers.
struct InvoiceRecord {
    long long id = 0;
    long long transactionId = 0;
    std::string transactionNumber;
    std::string receiptNumber; ///< the transaction's valid receipt, e.g. "TJ01-2026-000123"; empty when none
    std::string status;        ///< pending, issued or cancelled
    std::string buyerKind;
    std::string buyerName;
    std::string buyerTaxpayerId;
    std::string addressPhone;
    std::string bankAccount;
    std::string deliveryEmail;
    std::string deliveryMobile;
    long long amountFen = 0;
    std::string invoiceNumber;
    std::string createdAt; ///< ISO 8601, UTC
    std::string issuedAt;
    std::string exportedAt;
};

/// The invoice requests of a centre's transactions with `status` ("pending", "issued", "cancelled" or "all"),
/// oldest first. FeeError for any other status.
std::vector<InvoiceRecord> listInvoiceRequests(pqxx::transaction_base& tx, long long centreId,
                                               const std::string& status);

/// Records that `records` were handed to the invoicing system: sets exported_at on the pending ones (the time
/// of this export) and audits "invoice.exported" with their ids, through countersign.invoice_mark_exported —
/// back-office work: `session` must be a supervisor's or an admin's (FeeError when the database refuses it).
/// Returns how many were marked.
int markExported(pqxx::transaction_base& tx, const Secret& session, std::vector<InvoiceRecord>& records);

/// CSV (RFC 4180: a header row, CRLF line ends, fields with a comma, quote or line break quoted, quotes
/// doubled) and JSON (an array of objects) of invoice requests; amounts in fen and in yuan ("26.00").
std::string invoicesCsv(const std::vector<InvoiceRecord>& records);
std::string invoicesJson(const std::vector<InvoiceRecord>& records);

/// One invoice the invoicing system issued: which request (by id, else by transaction number) and its number.
struct IssuedInvoice {
    std::optional<long long> requestId;
    std::string transactionNumber;
    std::string invoiceNumber;
};

/// Reads issued invoices from a JSON array of {"request_id" | "transaction_no", "invoice_number"} or from CSV
/// with a header row naming request_id and/or transaction_no, and invoice_number (an exported CSV with the
/// invoice numbers filled in is accepted as it is). FeeError naming the row for anything malformed.
std::vector<IssuedInvoice> parseIssuedInvoices(const std::string& text);

/// Marks every listed request of the centre issued with its invoice number, in the caller's database
/// transaction, auditing "invoice.issued" for each. All or nothing: throws FeeError naming the first row that
/// can't be marked (unknown request, another centre's, not pending, listed twice, bad invoice number) — the
/// caller then rolls back. Each is marked by countersign.invoice_mark_issued, back-office work: `session`
/// must be a supervisor's or an admin's. Returns the request ids marked.
std::vector<long long> markIssued(pqxx::transaction_base& tx, long long centreId, const Secret& session,
                                  const std::vector<IssuedInvoice>& issued);

} // namespace countersign::fees
