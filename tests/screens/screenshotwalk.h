#pragma once

#include <QList>
#include <QSize>
#include <QString>

#include "token/secret.h"

namespace countersign::qml {
class Kiosk;
}

namespace countersign::test {

/// countersign_screenshots (./deploy/demo.sh --screenshots): walks every screen of every flow on a demo
/// counter and writes one PNG per screen, language and window size (<flow>-<step>[-<state>].<zh_CN|en>.png
/// at 1280×800, <…>.<zh_CN|en>.<W>x<H>.png at the others), checking each with the layout checker
/// (layoutcheck.h): what it finds goes to layout-findings.txt beside the PNGs. It really
/// runs the operations — a NEW, a refused renewal and upgrade, a REPLACE of a lost key with its fee, an
/// UNLOCK of a key it locked with six wrong PINs — so it needs a demo counter ([demo] enabled), its DEMO tax
/// office to sign letters, and an operator's account; with an admin's account it also walks the back office.
struct ScreenshotWalk {
    QString dir;        ///< where the PNGs go
    QString lettersDir; ///< the DEMO tax office (countersignctl letter demo-issuer init --dir)
    QString operatorName;
    QString adminName; ///< empty: the back office is left out; else an admin with the operator's password
    Secret password;
    QList<QSize> sizes{QSize(1280, 800)}; ///< every screen at each; the walk itself runs at the first
    bool checkLayout = false;             ///< a layout finding makes the walk fail (exit status 3)
};

/// The window size the kiosk is made for, and the one whose PNGs keep their names without a size.
inline const QSize kDefaultShotSize(1280, 800);

/// Runs the walk in `kiosk` (loaded, offscreen). Returns the process exit status (1 the walk failed, 3 it
/// ran but checkLayout found problems, listed on stderr); says what failed on stderr.
int runScreenshotWalk(qml::Kiosk& kiosk, ScreenshotWalk walk);

} // namespace countersign::test
