#pragma once

#include "backend/identifiers/date.h"
#include "backend/phrase.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace countersign::papers {

// The fields of an assistance letter (证书协办函, DESIGN §3.2) as its payload carries them.
struct AssistanceLetter {
    int ver = 1;
    std::string no;         // letter number, unique per issuing office
    std::string office;     // tax office code
    std::string officeName; // tax office name
    std::string uscc;
    std::string org; // company name
    std::string agentName;
    std::string agentIdNo;
    Date issued;
    Date expires;
    std::vector<std::string> biz; // business types; a new certificate needs "NEW"
};

// One named check of a letter and its outcome, with a reason a person at the counter can read.
// The ids are stable (the UI and the audit log key on them): "format", "algorithm", "signer", "chain",
// "signer_valid_on_issued", "signature", "dates", "business", "uscc", "agent_id", "unused".
struct LetterCheck {
    std::string id;
    bool passed = false;
    std::string reason; // English (why.english())
    Phrase why;         // the reason, for the UI to translate
};

// Everything found out about one letter. `checks` always lists every check in the order above; a check that
// could not be run (say, the payload could not be read) is listed as failed with a reason saying why.
// `letter` is filled whenever the payload could be read, even if checks failed, so the operator can see what
// the letter claims: trust it only when ok().
struct LetterVerification {
    std::optional<AssistanceLetter> letter;
    std::vector<LetterCheck> checks;

    bool ok() const;
    // The first failed check, or nullptr when all passed.
    const LetterCheck* firstFailure() const;
    // The check with this id, or nullptr.
    const LetterCheck* check(const std::string& id) const;
};

// Tells whether letter `no` of tax office `office` was already used, and by which transaction.
using LetterRegister =
    std::function<std::optional<std::string>(const std::string& office, const std::string& no)>;

// Verifies the JWS text (RFC 7515 compact serialization) in an assistance letter's QR code against the
// configured tax-authority trust anchors and signer certificates. An RS256 signer's RSA key must have at
// least 2048 bits (RFC 7518 §3.3), else the "signature" check fails.
class AssistanceLetterVerifier {
public:
    // Both lists hold PEM certificates (a string may hold several). `trustAnchors` are the tax authorities'
    // roots; `signerCerts` are the signer certificates a letter without "x5c" is looked up in by its
    // "x5t#S256" thumbprint (they are not trusted by themselves: they must chain to an anchor). Throws
    // std::runtime_error when a PEM can't be read, because a misconfigured verifier must not quietly refuse
    // every letter.
    AssistanceLetterVerifier(const std::vector<std::string>& trustAnchors,
                             const std::vector<std::string>& signerCerts);
    ~AssistanceLetterVerifier();
    AssistanceLetterVerifier(AssistanceLetterVerifier&&) noexcept;
    AssistanceLetterVerifier& operator=(AssistanceLetterVerifier&&) noexcept;

    // Runs every check. `today` is the counter's day. Without `consumedBy` the "unused" check fails: a letter
    // is only accepted once it is known not to have been used before.
    LetterVerification verify(const std::string& jwsText, Date today,
                              const LetterRegister& consumedBy = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// The text of the first QR code found in the image file at `path` (PNG, JPEG … whatever QImage reads), or
// nullopt when the file can't be read or holds no readable QR code. A file too large in bytes or pixels is
// refused before it is decoded: throws papers::ScanRefused (backend/papers/scan.h).
std::optional<std::string> decodeQrFromImage(const std::string& path);

namespace detail {

// RFC 7515 §2 base64url without padding; the demo issuer signs with the same encoding the verifier reads.
std::string base64urlEncode(const std::string& bytes);
// nullopt for anything but unpadded base64url.
std::optional<std::string> base64urlDecode(const std::string& text);
// "x5t#S256" of a DER certificate: base64url(SHA-256(der)).
std::string thumbprintS256(const std::string& der);

} // namespace detail

} // namespace countersign::papers
