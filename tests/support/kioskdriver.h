#pragma once

#include <memory>

#include <QString>

#include "backend/config.h"
#include "tests/screens/screendriver.h"

namespace countersign::qml {
class Kiosk;
}

namespace countersign::test {

/// The real kiosk (qml::Kiosk: every service, Main.qml) in this process, shown offscreen at 1280×800 and
/// driven through ScreenDriver the way an operator does. It counts the operator's inputs (clicks, scans,
/// fields typed) so tests can hold a flow to its action budget; the agent's PIN-pad presses are not counted.
class KioskDriver : public ScreenDriver {
public:
    explicit KioskDriver(const AppConfig& config);
    ~KioskDriver();

    qml::Kiosk& kiosk() { return *m_kiosk; }

    /// Logs in at the login screen (not counted).
    void login(const QString& user, const QString& password);

protected:
    /// A wait gave up: the screen as it was goes to a PNG under the build tree's test-failures/ and stderr
    /// says where and what the screen showed.
    void gaveUp(int ms) override;

private:
    KioskDriver(std::unique_ptr<qml::Kiosk> kiosk, QQuickWindow* window);

    std::unique_ptr<qml::Kiosk> m_kiosk;
};

} // namespace countersign::test
