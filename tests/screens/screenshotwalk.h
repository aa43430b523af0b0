#pragma once

#include <QString>

#include "token/secret.h"

namespace countersign::qml {
class Kiosk;
}

namespace countersign::test {

/// countersign_screenshots (./deploy/demo.sh --screenshots): walks every screen of every flow on a demo
/// counter and writes one PNG per screen and language (<flow>-<step>[-<state>].<zh_CN|en>.png). It really
/// runs the operations — a NEW, a refused renewal and upgrade, a REPLACE of a lost key with its fee, an
/// UNLOCK of a key it locked with six wrong PINs — so it needs a demo counter ([demo] enabled), its DEMO tax
/// office to sign letters, and an operator's account; with an admin's account it also walks the back office.
struct ScreenshotWalk {
    QString dir;        ///< where the PNGs go
    QString lettersDir; ///< the DEMO tax office (countersignctl letter demo-issuer init --dir)
    QString operatorName;
    QString adminName; ///< empty: the back office is left out; else an admin with the operator's password
    Secret password;
};

/// Runs the walk in `kiosk` (loaded, offscreen). Returns the process exit status; says what failed on stderr.
int runScreenshotWalk(qml::Kiosk& kiosk, ScreenshotWalk walk);

} // namespace countersign::test
