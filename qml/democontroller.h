#pragma once

#include <QPointer>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "qml/countercontroller.h"
#include "qml/writer.h"

namespace countersign::qml {

/// DEMO ONLY: the demo panel's controller (qml/DemoPanel.qml, DESIGN §10): puts a fresh blank key in the demo
/// writer, pulls the keys out and puts them back, locks a key's PIN with wrong PINs, and issues sample
/// assistance letters — so a person can try NEW, REPLACE and UNLOCK from the screen alone. Every call is
/// refused outside demo mode. The key work runs on the token thread (counter::Station::runOnKeys), the
/// letter's signing and its QR file on a worker: the GUI thread never waits on either. The work itself is
/// backend/counter/demo.h's.
class DemoController : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool available READ available NOTIFY servicesChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString errorText READ errorText NOTIFY changed)
    Q_PROPERTY(QVariantList companies READ companies CONSTANT)
    Q_PROPERTY(QVariantMap letter READ letter NOTIFY changed)

public:
    explicit DemoController(QObject* parent = nullptr);

    /// Demo mode, with the writer's services found.
    bool available() const;
    bool busy() const { return m_busy; }
    QString message() const { return m_message; }
    QString errorText() const { return m_error; }
    /// One map per sample company: name, uscc, agentName, agentIdNo, agentMobile.
    QVariantList companies() const;
    /// The last sample letter issued: no, text, qrUrl, company, uscc, agentName, agentIdNo, expires (empty
    /// before the first).
    QVariantMap letter() const { return m_letter; }

    Writer* writer() const { return m_writer; }
    void setWriter(Writer* writer);

    /// Each returns false when refused at once (errorText says why): outside demo mode, or while busy.
    Q_INVOKABLE bool insertBlank();
    Q_INVOKABLE bool removeKey();
    Q_INVOKABLE bool reinsertKey();
    Q_INVOKABLE bool lockPin(const QString& serial);
    /// Issues a fresh NEW letter for companies()[index]; letterIssued(text) follows.
    Q_INVOKABLE bool issueLetter(int index);
    /// The document scanner and the ID reader at work on the agent of companies()[index]: pictures of the ID
    /// card's front and back (and, with `letterPage`, an authorization letter's page first) written to the
    /// scanner folder ([scanner] folder), where the papers step takes them by itself; papersScanned(idNo)
    /// follows with the card's number for the ID reader to type.
    Q_INVOKABLE bool scanPapers(int index, bool letterPage);

    void componentComplete() override;

Q_SIGNALS:
    void changed();
    /// A sample letter was signed: its text, as the letter's QR code holds it.
    void letterIssued(const QString& text);
    /// The agent's papers are in the scanner folder: the ID card's number, as the ID reader reads it.
    void papersScanned(const QString& idNo);

private:
    bool refused();
    template <typename R, typename Job, typename Then> bool onKeys(Job job, Then then);
    void finish(const QString& message, const QString& error);

    QPointer<Writer> m_writer;
    bool m_busy = false;
    QString m_message, m_error;
    QVariantMap m_letter;
};

} // namespace countersign::qml
