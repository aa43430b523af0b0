#pragma once

#include <string>
#include <vector>

#include "backend/config.h"
#include "backend/papers/assistanceletter.h"
#include "token/keydevice.h"

namespace countersign::counter::demo {

// DEMO ONLY (DESIGN §10): what the demo controls do, so a person can try every operation from the screen
// alone. The writer's hands work on the demo writer only — SoftHSM2 behind the test fault module
// (tests/faultmodule, which deploy/demo.sh configures as [pkcs11] module) — and every function refuses
// outside demo mode ([demo] enabled=true).

/// Why the demo controls are refused here, or "" when they may run.
std::string refusal(const AppConfig& config);

/// A sample customer: a company with a valid USCC, its agent with a valid resident ID number. Made up, and
/// named as demo companies.
struct SampleCompany {
    std::string name;
    std::string uscc;
    std::string agentName;
    std::string agentIdNo;
    std::string agentMobile;
};
const std::vector<SampleCompany>& sampleCompanies();

/// A fresh DEMO assistance letter, signed by the demo tax office of [demo] letters_dir.
struct SampleLetter {
    papers::AssistanceLetter fields;
    std::string text;   ///< the JWS, as the letter's QR code holds it
    std::string qrPath; ///< its QR code as a PNG: in [scanner] folder when set (the kiosk opens it from
                        ///< there too), else in <letters_dir>/samples
};
/// Signs a NEW letter for sampleCompanies()[company], valid from today (in the centre's zone) for 30 days,
/// numbered DEMO-<date>-<time>-<n> so each is unused. Throws std::runtime_error when refused (not demo mode,
/// no letters_dir, no such company) or when the issuer's files can't be read or the PNG written.
SampleLetter issueSampleLetter(const AppConfig& config, std::size_t company);

// The writer's hands. Each runs on the token thread (`keys` is the kiosk's own device, whose module the fault
// module is) and throws std::runtime_error when refused.

/// What putting a blank key in did.
enum class BlankInserted { Inserted, AlreadyIn };
/// Puts a fresh blank key in the writer: SoftHSM2's free slot, an uninitialised token, shows as the blank
/// key NEW and REPLACE take (the fault module's writer mode, CSFAULT_WRITER). Its serial comes with the
/// NEW's C_InitToken; the key is received into the centre's stock when the transaction takes it (tx_key_take
/// receives a key the counter meets for the first time), so no stock intake is needed.
BlankInserted insertBlank(const AppConfig& config, token::KeyDevice& keys);
/// Pulls every key out of the writer (csfault_remove_now).
void removeKeys(const AppConfig& config, token::KeyDevice& keys);
/// Puts back what removeKeys() pulled out (csfault_reinsert); false when nothing was out.
bool reinsertKeys(const AppConfig& config, token::KeyDevice& keys);
/// Locks the user PIN of key `serial` as a customer would: wrong PINs through C_Login until the key locks
/// (6 on the demo writer). Returns the number of wrong PINs sent.
int lockUserPin(const AppConfig& config, token::KeyDevice& keys, const std::string& serial);

} // namespace countersign::counter::demo
