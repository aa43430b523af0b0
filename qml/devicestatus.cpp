#include "qml/devicestatus.h"

#include <QPrinter>
#include <QPrinterInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "backend/counter/castatus.h"

namespace countersign::qml {

/// The CA check on its own thread (counter::CaStatus, which keeps its connection and the CA between checks),
/// put in words for the status bar.
class CaProbe : public QObject {
    Q_OBJECT
public:
    explicit CaProbe(const AppConfig& config)
        : m_status(config) {}

    void check() {
        const counter::CaStatus::Check c = m_status.check();
        switch (c.state) {
        case counter::CaStatus::State::Up:
            Q_EMIT checked(DeviceStatus::CaState::Up, QString());
            return;
        case counter::CaStatus::State::DatabaseUnreachable:
            Q_EMIT checked(DeviceStatus::CaState::Down, tr("The database cannot be reached."));
            return;
        case counter::CaStatus::State::Down:
            break;
        }
        Q_EMIT checked(DeviceStatus::CaState::Down, QString::fromStdString(c.reason));
    }

Q_SIGNALS:
    void checked(countersign::qml::DeviceStatus::CaState state, const QString& message);

private:
    counter::CaStatus m_status;
};

namespace {

struct PrinterResult {
    DeviceStatus::PrinterState state = DeviceStatus::PrinterState::Unknown;
    QString name;
    QString message;
};

// Runs on the thread pool: asking CUPS may block.
PrinterResult probePrinter(const QString& configured) {
    PrinterResult r;
    const QPrinterInfo info =
        configured.isEmpty() ? QPrinterInfo::defaultPrinter() : QPrinterInfo::printerInfo(configured);
    if (info.isNull()) {
        r.name = configured;
        if (configured.isEmpty()) {
            r.state = DeviceStatus::PrinterState::NotConfigured;
            r.message = DeviceStatus::tr("No printer is set up on this computer.");
        } else {
            r.state = DeviceStatus::PrinterState::Down;
            r.message = DeviceStatus::tr("The printer %1 is not installed.").arg(configured);
        }
        return r;
    }
    r.name = info.description().isEmpty() ? info.printerName() : info.description();
    switch (info.state()) {
    case QPrinter::Idle:
    case QPrinter::Active:
        r.state = DeviceStatus::PrinterState::Ready;
        break;
    case QPrinter::Aborted:
    case QPrinter::Error:
        r.state = DeviceStatus::PrinterState::Down;
        r.message = DeviceStatus::tr("The printer %1 is stopped or reports an error.").arg(r.name);
        break;
    }
    return r;
}

} // namespace

DeviceStatus::DeviceStatus(AppConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config)) {
    m_timer.setInterval(30000);
    connect(&m_timer, &QTimer::timeout, this, &DeviceStatus::refresh);
    m_caThread.setObjectName(QStringLiteral("countersign-ca-status"));
    m_caProbe = new CaProbe(m_config);
    m_caProbe->moveToThread(&m_caThread);
    connect(&m_caThread, &QThread::finished, m_caProbe, &QObject::deleteLater);
    connect(m_caProbe, &CaProbe::checked, this, [this](CaState state, const QString& message) {
        const bool wasChecking = checking();
        m_caBusy = false;
        if (state != m_caState || message != m_caMessage) {
            m_caState = state;
            m_caMessage = message;
            Q_EMIT caChanged();
        }
        if (wasChecking != checking())
            Q_EMIT checkingChanged();
    });
    m_caThread.start();
}

DeviceStatus::~DeviceStatus() {
    // A CA check in progress is let finish (CMP calls end at [cmp] total_timeout).
    m_caThread.quit();
    m_caThread.wait();
}

void DeviceStatus::start() {
    refresh();
    m_timer.start();
}

void DeviceStatus::refresh() {
    const bool wasChecking = checking();
    refreshCa();
    refreshPrinter();
    if (wasChecking != checking())
        Q_EMIT checkingChanged();
}

void DeviceStatus::refreshCa() {
    if (m_caBusy)
        return;
    m_caBusy = true;
    QMetaObject::invokeMethod(m_caProbe, &CaProbe::check, Qt::QueuedConnection);
}

void DeviceStatus::refreshPrinter() {
    if (m_printerBusy)
        return;
    m_printerBusy = true;
    QtConcurrent::run(probePrinter, m_config.printerName).then(this, [this](const PrinterResult& r) {
        const bool wasChecking = checking();
        m_printerBusy = false;
        if (r.state != m_printerState || r.name != m_printerName || r.message != m_printerMessage) {
            m_printerState = r.state;
            m_printerName = r.name;
            m_printerMessage = r.message;
            Q_EMIT printerChanged();
        }
        if (wasChecking != checking())
            Q_EMIT checkingChanged();
    });
}

} // namespace countersign::qml

#include "devicestatus.moc"
