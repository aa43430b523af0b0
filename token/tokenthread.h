#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QThread>

#include "token/keydevice.h"

namespace countersign::token {

/// What a job on the token thread produced: a value, or a typed error.
template <typename R> struct TokenOutcome {
    std::optional<R> value;
    std::optional<TokenError> error;
    bool ok() const { return value.has_value(); }
};

class TokenWorker;

/// The token thread: one QThread named "countersign-token" owning the PKCS#11 module (a KeyDevice). Nothing
/// else calls into the module but the slot-event waiter below. It watches the writer — a key put in or pulled
/// out is reported within a second — and runs the jobs it is handed one at a time, returning their outcome
/// queued to the caller, so the GUI thread never waits on a key. PINs handed to a job go straight to the
/// module and are wiped.
///
/// Where the module offers a blocking C_WaitForSlotEvent, a thread of its own waits in it and each slot event
/// makes the token thread read the writer at once; once events have come, the writer is re-read only every
/// `eventPollMilliseconds` besides, for what no slot event tells (PIN flags changed by another program). A
/// module without it (SoftHSM2, p11-kit's proxy, openCryptoki: CKR_FUNCTION_NOT_SUPPORTED) is polled every
/// `pollMilliseconds`. The waiter never holds up shutdown: C_Finalize ends a blocking wait (PKCS#11 2.40
/// §5.4), and a module that ignores that is left waiting, still loaded, rather than waited for.
class TokenThread : public QObject {
    Q_OBJECT
public:
    struct Options {
        std::string modulePath; ///< empty: p11-kit's proxy
        std::string writerUri;  ///< RFC 7512 URI selecting the writer, or empty
        std::shared_ptr<const SoPinDeriver> deriver;
        int pollMilliseconds = 250;
        int eventPollMilliseconds = 5000; ///< with slot events
        bool slotEvents = true;           ///< false: poll even where the module offers slot events
    };

    explicit TokenThread(Options options, QObject* parent = nullptr);
    ~TokenThread() override;

    /// Runs `job(KeyDevice&) -> R` on the token thread, then `done(const TokenOutcome<R>&)` on this object's
    /// thread unless `context` is gone by then.
    template <typename R, typename Job, typename Done> void run(QObject* context, Job job, Done done) {
        QPointer<QObject> guard(context);
        enqueue([this, guard, job = std::move(job),
                 done = std::move(done)](KeyDevice* device, const TokenError* loadError) mutable {
            auto out = std::make_shared<TokenOutcome<R>>();
            if (!device) {
                out->error = *loadError;
            } else {
                try {
                    out->value.emplace(job(*device));
                } catch (const TokenError& e) {
                    out->error = e;
                } catch (const std::exception& e) {
                    out->error = TokenError(TokenErrorCode::Other, "key operation", 0, {}, e.what());
                }
            }
            QMetaObject::invokeMethod(
                this,
                [guard, done, out] {
                    if (guard)
                        done(*out);
                },
                Qt::QueuedConnection);
        });
    }

    /// The keys in the writer as last seen (GUI-thread copy).
    const std::vector<TokenInfo>& keys() const { return m_keys; }
    /// Set when the module could not be loaded; the writer is then unusable.
    const std::optional<TokenError>& moduleError() const { return m_moduleError; }
    /// How the writer is watched, once the module is loaded: "events" (a thread waits in a blocking
    /// C_WaitForSlotEvent), "polling" (the module has none, or refused the blocking wait); empty before.
    QString watching() const { return m_watching; }

Q_SIGNALS:
    /// The set of keys or the state of one (PIN flags, certificates) changed.
    void keysChanged();
    /// A key appeared in the writer; `serial` is empty for a blank key without one.
    void keyInserted(const QString& serial);
    void keyRemoved(const QString& serial);
    void moduleFailed(const QString& message);

private:
    friend class TokenWorker;
    using Task = std::function<void(KeyDevice*, const TokenError*)>;
    void enqueue(Task task);
    void publish(std::vector<TokenInfo> keys);

    QThread m_thread;
    TokenWorker* m_worker = nullptr;
    std::vector<TokenInfo> m_keys;
    std::optional<TokenError> m_moduleError;
    QString m_watching;
};

} // namespace countersign::token
