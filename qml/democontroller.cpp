#include "qml/democontroller.h"

#include <algorithm>

#include <QThread>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include "backend/counter/demo.h"
#include "backend/counter/station.h"
#include "qml/paperpictures.h"
#include "qml/registration.h"

namespace countersign::qml {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// What a finished issuance hands back to the GUI thread.
struct Issued {
    counter::demo::SampleLetter letter;
    std::string error;
};

// What the scanner's pictures hand back: the card's number, or why they could not be written.
struct Scanned {
    QString idNo;
    QString error;
};

} // namespace

DemoController::DemoController(QObject* parent)
    : CounterController(parent) {}

void DemoController::componentComplete() {
    m_writer = singletonOf<Writer>(this, "Writer");
    CounterController::componentComplete();
}

void DemoController::setWriter(Writer* writer) {
    m_writer = writer;
    Q_EMIT servicesChanged();
}

bool DemoController::available() const {
    return workstation() && workstation()->demo() && m_writer && m_writer->station();
}

QVariantList DemoController::companies() const {
    QVariantList out;
    for (const auto& c : counter::demo::sampleCompanies())
        out.append(QVariantMap{{QStringLiteral("name"), qs(c.name)},
                               {QStringLiteral("uscc"), qs(c.uscc)},
                               {QStringLiteral("agentName"), qs(c.agentName)},
                               {QStringLiteral("agentIdNo"), qs(c.agentIdNo)},
                               {QStringLiteral("agentMobile"), qs(c.agentMobile)}});
    return out;
}

bool DemoController::refused() {
    if (!workstation() || !workstation()->demo()) {
        m_error = tr("The demo controls exist in demo mode only.");
    } else if (m_busy) {
        m_error = tr("Wait until the last demo action is done.");
    } else {
        return false;
    }
    Q_EMIT changed();
    return true;
}

void DemoController::finish(const QString& message, const QString& error) {
    m_busy = false;
    m_message = message;
    m_error = error;
    Q_EMIT changed();
}

template <typename R, typename Job, typename Then> bool DemoController::onKeys(Job job, Then then) {
    if (refused())
        return false;
    if (!m_writer || !m_writer->station()) {
        m_error = tr("No key writer is configured.");
        Q_EMIT changed();
        return false;
    }
    m_busy = true;
    m_error.clear();
    Q_EMIT changed();
    const AppConfig config = workstation()->config();
    m_writer->station()->runOnKeys<R>(
        this, [config, job](token::KeyDevice& keys) { return job(config, keys); },
        [this, then](const counter::JobResult<R>& r) {
            if (!r.ok())
                finish({},
                       QString::fromStdString(r.text(workstation()->language() == QLatin1String("zh_CN"))));
            else
                finish(then(*r.value), {});
        });
    return true;
}

bool DemoController::insertBlank() {
    return onKeys<counter::demo::BlankInserted>(
        [](const AppConfig& config, token::KeyDevice& keys) {
            return counter::demo::insertBlank(config, keys);
        },
        [](counter::demo::BlankInserted done) {
            return done == counter::demo::BlankInserted::Inserted
                       ? tr("A fresh blank key is in the writer.")
                       : tr("A blank key was in the writer already.");
        });
}

bool DemoController::removeKey() {
    return onKeys<bool>(
        [](const AppConfig& config, token::KeyDevice& keys) {
            counter::demo::removeKeys(config, keys);
            return true;
        },
        [](bool) { return tr("The keys are out of the writer."); });
}

bool DemoController::reinsertKey() {
    return onKeys<bool>([](const AppConfig& config,
                           token::KeyDevice& keys) { return counter::demo::reinsertKeys(config, keys); },
                        [](bool back) {
                            return back ? tr("The keys are back in the writer.")
                                        : tr("No key was out of the writer.");
                        });
}

bool DemoController::lockPin(const QString& serial) {
    const std::string s = serial.toStdString();
    return onKeys<int>(
        [s](const AppConfig& config, token::KeyDevice& keys) {
            return counter::demo::lockUserPin(config, keys, s);
        },
        [serial](int tries) {
            return tr("Key %1 is locked after %2 wrong PINs: try UNLOCK.").arg(serial).arg(tries);
        });
}

bool DemoController::issueLetter(int index) {
    if (refused())
        return false;
    m_busy = true;
    m_error.clear();
    Q_EMIT changed();
    const AppConfig config = workstation()->config();
    QtConcurrent::run([config, index] {
        Issued out;
        try {
            out.letter =
                counter::demo::issueSampleLetter(config, static_cast<std::size_t>(std::max(index, 0)));
        } catch (const std::exception& e) {
            out.error = e.what();
        }
        return out;
    }).then(this, [this](const Issued& out) {
        if (!out.error.empty()) {
            finish({}, qs(out.error));
            return;
        }
        const auto& l = out.letter.fields;
        m_letter = QVariantMap{{QStringLiteral("no"), qs(l.no)},
                               {QStringLiteral("text"), qs(out.letter.text)},
                               {QStringLiteral("qrUrl"), QUrl::fromLocalFile(qs(out.letter.qrPath))},
                               {QStringLiteral("company"), qs(l.org)},
                               {QStringLiteral("uscc"), qs(l.uscc)},
                               {QStringLiteral("agentName"), qs(l.agentName)},
                               {QStringLiteral("agentIdNo"), qs(l.agentIdNo)},
                               {QStringLiteral("expires"), qs(l.expires.iso())}};
        finish(tr("Letter %1 issued for %2.").arg(qs(l.no), qs(l.org)), {});
        Q_EMIT letterIssued(qs(out.letter.text));
    });
    return true;
}

bool DemoController::scanPapers(int index, bool letterPage) {
    if (refused())
        return false;
    const auto& companies = counter::demo::sampleCompanies();
    const QString folder = workstation()->config().scannerFolder;
    if (index < 0 || static_cast<std::size_t>(index) >= companies.size() || folder.isEmpty()) {
        m_error = folder.isEmpty() ? tr("No scanner folder is configured ([scanner] folder).")
                                   : tr("There is no such sample company.");
        Q_EMIT changed();
        return false;
    }
    const auto& c = companies[static_cast<std::size_t>(index)];
    const QString name = qs(c.agentName), idNo = qs(c.agentIdNo);
    m_busy = true;
    m_error.clear();
    Q_EMIT changed();
    QtConcurrent::run([folder, name, idNo, letterPage] {
        Scanned out;
        try {
            // One after the other, as the operator feeds them: the papers step takes them oldest first.
            QStringList papers{QStringLiteral("id_front"), QStringLiteral("id_back")};
            if (letterPage)
                papers.prepend(QStringLiteral("letter"));
            for (const QString& what : papers) {
                writePaperPicture(folder, what, name, idNo);
                QThread::msleep(20);
            }
            out.idNo = idNo;
        } catch (const std::exception& e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    }).then(this, [this](const Scanned& out) {
        if (!out.error.isEmpty()) {
            finish({}, out.error);
            return;
        }
        finish(tr("The agent's papers are in the scanner folder."), {});
        Q_EMIT papersScanned(out.idNo);
    });
    return true;
}

} // namespace countersign::qml
