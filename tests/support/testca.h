#pragma once

#include <memory>
#include <string>

namespace countersign::test {

/// A throwaway CA for tests that need a certificate for a key's CSR: an EC P-256 root made in memory.
class TestCa {
public:
    TestCa();
    ~TestCa();
    /// Signs the CSR (PEM) as given — subject included — for `days`; returns the certificate PEM.
    std::string sign(const std::string& csrPem, int days = 365) const;
    std::string certificatePem() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::test
