#include "token/tokenthread.h"

#include <algorithm>
#include <tuple>

#include <QTimer>

#include "token/slotevents.h"

namespace countersign::token {

namespace {

// Two snapshots differ when the person at the counter would see a difference.
bool sameState(const std::vector<TokenInfo>& a, const std::vector<TokenInfo>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const TokenInfo& x = a[i];
        const TokenInfo& y = b[i];
        auto flags = [](const PinFlags& f) {
            return std::make_tuple(f.countLow, f.finalTry, f.locked, f.toBeChanged);
        };
        if (x.serial != y.serial || x.label != y.label || x.initialized != y.initialized ||
            x.userPinSet != y.userPinSet || flags(x.userPin) != flags(y.userPin) ||
            flags(x.soPin) != flags(y.soPin) || x.certificates.size() != y.certificates.size())
            return false;
        for (std::size_t c = 0; c < x.certificates.size(); ++c) {
            if (x.certificates[c].serial != y.certificates[c].serial)
                return false;
        }
    }
    return true;
}

} // namespace

/// Lives on the token thread: owns the module and watches the writer (slot events where the module offers
/// them, polling otherwise).
class TokenWorker : public QObject {
public:
    TokenWorker(TokenThread::Options options, TokenThread* owner)
        : m_options(std::move(options))
        , m_owner(owner) {}

    ~TokenWorker() override {
        if (!m_events)
            return;
        // No more events; C_Finalize (the device going) ends a blocking wait, then the waiter is let go.
        m_events->stop();
        m_device.reset();
        m_events->finish(2000);
    }

    void start() {
        try {
            m_device = std::make_unique<KeyDevice>(m_options.modulePath,
                                                   Pkcs11Uri::parse(m_options.writerUri), m_options.deriver);
        } catch (const TokenError& e) {
            m_loadError = e;
        } catch (const std::exception& e) {
            m_loadError =
                TokenError(TokenErrorCode::ModuleLoadFailed, "loading the PKCS#11 module", 0, {}, e.what());
        }
        if (m_loadError) {
            const TokenError error = *m_loadError;
            QMetaObject::invokeMethod(
                m_owner,
                [owner = m_owner, error] {
                    owner->m_moduleError = error;
                    Q_EMIT owner->moduleFailed(QString::fromStdString(error.message(true)));
                },
                Qt::QueuedConnection);
            return;
        }
        m_timer = new QTimer(this);
        QObject::connect(m_timer, &QTimer::timeout, this, [this] { poll(); });
        watch();
        poll();
    }

    void execute(const std::function<void(KeyDevice*, const TokenError*)>& task) {
        task(m_device.get(), m_loadError ? &*m_loadError : nullptr);
        // An operation may have changed what the writer shows (PIN locked, certificate written).
        if (m_device)
            poll();
    }

private:
    // Slot events where the module offers a blocking wait for them; polling otherwise, or once the module
    // stops answering them. The writer is polled at the usual pace until a slot event has come (a module may
    // accept the wait and never report anything); from then on only slowly, for what no event tells.
    void watch() {
        if (m_options.slotEvents) {
            // Events come on the waiter's thread; the writer is read here, on the token thread.
            const auto onEvent = [this] {
                QMetaObject::invokeMethod(
                    this, [this] { event(); }, Qt::QueuedConnection);
            };
            const auto onLost = [this] {
                QMetaObject::invokeMethod(
                    this, [this] { lost(); }, Qt::QueuedConnection);
            };
            m_events = SlotEvents::start(m_device->modulePath(), onEvent, onLost);
        }
        m_timer->setInterval(m_options.pollMilliseconds);
        m_timer->start();
        tell(m_events ? QStringLiteral("events") : QStringLiteral("polling"));
    }

    void event() {
        if (m_events && m_timer->interval() != m_options.eventPollMilliseconds)
            m_timer->setInterval(m_options.eventPollMilliseconds);
        poll();
    }

    void lost() {
        if (!m_events)
            return;
        m_events->stop();
        m_events->finish(0);
        m_events.reset();
        m_timer->setInterval(m_options.pollMilliseconds);
        tell(QStringLiteral("polling"));
        poll();
    }

    void tell(const QString& how) {
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, how] { owner->m_watching = how; }, Qt::QueuedConnection);
    }

    void poll() {
        std::vector<TokenInfo> now;
        try {
            now = m_device->keys(true);
        } catch (const TokenError&) {
            now.clear(); // the module can't list slots: nothing usable in the writer
        }
        if (sameState(now, m_last))
            return;
        m_last = now;
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, now = std::move(now)]() mutable { owner->publish(std::move(now)); },
            Qt::QueuedConnection);
    }

    TokenThread::Options m_options;
    TokenThread* m_owner;
    std::unique_ptr<KeyDevice> m_device;
    std::optional<TokenError> m_loadError;
    QTimer* m_timer = nullptr;
    std::unique_ptr<SlotEvents> m_events; // set while the module's slot events are watched
    std::vector<TokenInfo> m_last;
};

TokenThread::TokenThread(Options options, QObject* parent)
    : QObject(parent) {
    m_thread.setObjectName(QStringLiteral("countersign-token"));
    m_worker = new TokenWorker(std::move(options), this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->start(); }, Qt::QueuedConnection);
}

TokenThread::~TokenThread() {
    m_thread.quit();
    m_thread.wait();
}

void TokenThread::enqueue(Task task) {
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, task = std::move(task)] { worker->execute(task); },
        Qt::QueuedConnection);
}

void TokenThread::publish(std::vector<TokenInfo> keys) {
    auto serials = [](const std::vector<TokenInfo>& list) {
        std::vector<std::string> out;
        for (const auto& k : list)
            out.push_back(k.serial);
        return out;
    };
    const auto before = serials(m_keys);
    const auto after = serials(keys);
    m_keys = std::move(keys);
    for (const auto& s : after) {
        if (std::find(before.begin(), before.end(), s) == before.end())
            Q_EMIT keyInserted(QString::fromStdString(s));
    }
    for (const auto& s : before) {
        if (std::find(after.begin(), after.end(), s) == after.end())
            Q_EMIT keyRemoved(QString::fromStdString(s));
    }
    Q_EMIT keysChanged();
}

} // namespace countersign::token
