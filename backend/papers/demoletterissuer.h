#pragma once

#include "backend/papers/assistanceletter.h"

#include <memory>
#include <string>

namespace countersign::papers {

// DEMO ONLY: a stand-in tax office that signs assistance letters, for demo mode's sample letters and for
// tests. Its root and signer certificates are named "演示税务机关 DEMO" so that nobody mistakes them for a
// real tax authority; never configure its root as a trust anchor on a production counter.
class DemoLetterIssuer {
public:
    // Makes a demo tax-authority root (EC P-256, self-signed) and a signer certificate (EC P-256) issued by
    // it, valid 2020-01-01 to 2049-12-31, in `dir` (created if missing): demo-root.crt, demo-root.key,
    // demo-signer.crt, demo-signer.key. Keys are written mode 0600. Existing files are replaced.
    // Throws std::runtime_error on failure.
    static void init(const std::string& dir);

    // Loads what init() wrote. Throws std::runtime_error when something is missing or unreadable.
    explicit DemoLetterIssuer(const std::string& dir);
    ~DemoLetterIssuer();
    DemoLetterIssuer(const DemoLetterIssuer&) = delete;
    DemoLetterIssuer& operator=(const DemoLetterIssuer&) = delete;

    // The letter as JWS compact text (ES256, "x5t#S256" always, "x5c" with the signer certificate if asked).
    // `fields.ver` is written as given, so tests can make letters of unknown versions.
    std::string issue(const AssistanceLetter& fields, bool includeX5c = false) const;

    // Writes `text` as a QR code PNG: UTF-8, 4-module quiet zone, 4 pixels a module.
    // Throws std::runtime_error when the text doesn't fit a QR code or the file can't be written.
    static void writeQrPng(const std::string& text, const std::string& pngPath);

    std::string trustAnchorPem() const;
    std::string signerCertPem() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::papers
