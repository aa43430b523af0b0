#pragma once

#include <string>
#include <vector>

#include <QObject>
#include <QStringList>

#include "backend/auth/login.h"
#include "backend/phrase.h"

namespace countersign::counter {
class Station;
}

namespace countersign::qml {

/// Recovery at kiosk start (DESIGN §7): once the first staff member has logged in, every unfinished
/// transaction of this counter is resumed where no PIN is needed and compensated otherwise (certificate
/// revoked, fee refunded and flagged for the supervisor, key wiped), on the token thread with its own
/// database connection, so the GUI thread never waits. What was done is shown on the home screen. Made in
/// main() and handed to QML as the singleton `Recovery`.
class Recovery : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool running READ running NOTIFY changed)
    Q_PROPERTY(bool done READ done NOTIFY changed)
    Q_PROPERTY(QStringList report READ report NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
public:
    explicit Recovery(counter::Station* station, QObject* parent = nullptr);

    bool running() const { return m_running; }
    bool done() const { return m_done; }
    /// One line per transaction recovered: its number, kind, final state and what was done, in the language
    /// of the installed translators (read again after a language switch: retranslate()).
    QStringList report() const;
    QString error() const { return m_error; }

    /// Runs recovery once for this counter, as `staffId` with their staff session; later calls do nothing.
    void run(long long counterId, long long staffId, auth::SessionToken session);
    /// The language changed: the report reads anew.
    void retranslate() { Q_EMIT changed(); }

    /// A recovered transaction as the report says it.
    struct Line {
        std::string number, kind, state;
        std::vector<Phrase> notes;
    };

Q_SIGNALS:
    void changed();
    void finished();

private:
    counter::Station* m_station;
    bool m_running = false;
    bool m_done = false;
    std::vector<Line> m_lines;
    QString m_error;
};

} // namespace countersign::qml
