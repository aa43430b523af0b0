#pragma once

#include <memory>
#include <string>
#include <vector>

namespace countersign::test {

/// A CA of before Countersign, for the import tests and benchmark: an EC P-256 root valid from 20 years ago,
/// issuing enterprise certificates directly (a fresh EC P-256 key each, no CSR) with any validity.
class LegacyCa {
public:
    explicit LegacyCa(const std::string& name = "旧系统税务CA");
    ~LegacyCa();

    /// An enterprise certificate (PEM): C=CN, O=company, CN=company, organizationIdentifier=NTRCN-uscc; valid
    /// from `fromDays` to `toDays` days from now (negative: in the past).
    std::string issue(const std::string& uscc, const std::string& company, int fromDays = -100,
                      int toDays = 265) const;
    std::string certificatePem() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// The serial (upper-case hex, as the counter records it) of a certificate PEM.
std::string serialOfPem(const std::string& pem);
/// A valid USCC made from a number (distinct numbers, distinct codes).
std::string usccFor(long long n);
/// A field quoted for CSV (RFC 4180).
std::string csvQuoted(const std::string& text);

} // namespace countersign::test
