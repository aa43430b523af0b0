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
// The ids are stable (the UI and the audit log key on them): "format", "header" (no "crit" this verifier does
// not implement), "algorithm", "signer" (a registered, active signer), "signer_office" (registered for the
// letter's office), "chain", "signer_valid_on_issued", "signer_valid_today", "signature", "dates", "lifetime"
// (at most [letters] max_validity_days long, issued no longer ago), "business" (NEW, and only known operation
// codes), "uscc", "agent_id", "unused".
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

// A signer certificate registered with `letter trust add --signer PEM --office CODE`: it signs letters of
// that tax office only, and none once disabled.
struct RegisteredSigner {
    std::string pem;
    std::string office;
    bool active = true;
};

// The centre's rules for letters (the configuration's [letters] and [workstation] timezone).
struct LetterRules {
    int maxValidityDays = 90;               // expires − issued, and how long ago issued may be
    std::string timeZone = "Asia/Shanghai"; // IANA id: where a letter's dates are days
};

// The operation codes a letter's "biz" may hold, the ones of backend/operation.h.
bool isKnownBusiness(const std::string& code);

// Tells whether letter `no` of tax office `office` was already used, and by which transaction.
using LetterRegister =
    std::function<std::optional<std::string>(const std::string& office, const std::string& no)>;

// Verifies the JWS text (RFC 7515 compact serialization) in an assistance letter's QR code against the
// configured tax-authority trust anchors and registered signer certificates. An RS256 signer's RSA key must
// have at least 2048 bits (RFC 7518 §3.3), else the "signature" check fails.
class AssistanceLetterVerifier {
public:
    // `trustAnchors` hold PEM certificates (a string may hold several): the tax authorities' roots.
    // `signers` are the registered signers, each one PEM certificate: the only certificates a letter is
    // signed by. A letter names its signer by "x5t#S256" or carries it in "x5c"; a carried certificate counts
    // only when it is one of them (a registered signer must still chain to an anchor). Throws
    // std::runtime_error when a PEM can't be read, because a misconfigured verifier must not quietly refuse
    // every letter.
    AssistanceLetterVerifier(const std::vector<std::string>& trustAnchors,
                             const std::vector<RegisteredSigner>& signers, LetterRules rules = {});
    ~AssistanceLetterVerifier();
    AssistanceLetterVerifier(AssistanceLetterVerifier&&) noexcept;
    AssistanceLetterVerifier& operator=(AssistanceLetterVerifier&&) noexcept;

    // Runs every check. `today` is the centre's day (centreToday(rules.timeZone)). Without `consumedBy` the
    // "unused" check fails: a letter is only accepted once it is known not to have been used before.
    LetterVerification verify(const std::string& jwsText, Date today,
                              const LetterRegister& consumedBy = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Today in the IANA time zone `zone` (the centre's, [workstation] timezone), whatever the machine's zone.
// Throws std::runtime_error for a zone this system does not know.
Date centreToday(const std::string& zone);

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
