#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include "backend/workflow/workflow.h"

namespace countersign::qml {

/// The evidence scans of one operation at the counter (DESIGN §3.1, §3.3, §11): the letter and the agent's ID
/// card, front and back, each an image from the scanner's folder ([scanner] folder), shown as a thumbnail,
/// replaceable and removable. Which are required comes from [scanner] required_scans_<operation>. A file is
/// read, checked (backend/papers/scan.h: the same size and pixel caps as the workflow's) and scaled to its
/// thumbnail on the thread pool, never on the GUI thread. While `watching`, an image that newly arrives in
/// the folder fills the first empty slot (the operator scans the papers; the kiosk takes them). A camera that
/// saves its pictures into the folder works the same. OperationController owns one (its `scans`) and passes
/// the scans on as the operation's evidence.
class ScanController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("an operation's scans are OperationController.scans")
    /// [{name: letter|id_front|id_back, required, attached, busy, file (base name), size (bytes),
    ///   thumbnail (a data URL of a small PNG)}], in that order.
    Q_PROPERTY(QVariantList items READ items NOTIFY changed)
    /// The required scans not attached yet, named for the operator ("the letter; the ID card's front"); empty
    /// when none is missing.
    Q_PROPERTY(QString missing READ missing NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    /// Why the last file picked was refused (too large, not an image …); empty once a scan is attached.
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString folder READ folder NOTIFY changed)
    /// The folder's images, newest first (full paths), as last listed by listImages().
    Q_PROPERTY(QStringList images READ images NOTIFY imagesChanged)
    /// New images in the folder fill the first empty slot.
    Q_PROPERTY(bool watching READ watching WRITE setWatching NOTIFY watchingChanged)

public:
    explicit ScanController(QObject* parent = nullptr);
    ~ScanController() override;

    QVariantList items() const;
    QString missing() const;
    bool busy() const;
    QString message() const { return m_message; }
    QString folder() const { return m_folder; }
    QStringList images() const { return m_images; }
    bool watching() const { return m_watching; }
    void setWatching(bool watching);

    void setFolder(const QString& folder);
    /// The scans the operation requires (configuration names, backend/scans.h).
    void setRequired(const std::vector<std::string>& names);
    /// Every scan forgotten (a new agent at the counter).
    void clear();
    /// A data URL of a small PNG of `image` (at most 320 px a side, scaled while decoding), for the screens;
    /// empty when it is not an image this counter reads. Any thread.
    static QString thumbnailOf(const std::string& image);
    /// What the operation keeps as evidence: each attached scan's kind, type and bytes.
    std::vector<workflow::Evidence> evidence() const;

    /// Reads the image at `path` for the slot `name` on the pool: attached (changed()) or refused (message,
    /// refused()).
    Q_INVOKABLE void attach(const QString& name, const QString& path);
    Q_INVOKABLE void remove(const QString& name);
    /// Lists the folder's images on the pool; imagesChanged() follows.
    Q_INVOKABLE void listImages();

Q_SIGNALS:
    void changed();
    void imagesChanged();
    void watchingChanged();
    /// A scan attached, replaced or removed: the checks made before no longer hold.
    void scansEdited();
    void refused(const QString& name, const QString& reason);

public:
    /// A file read and checked on the pool.
    struct Loaded {
        QString problem; ///< set: refused, in the operator's language
        std::string mimeType;
        std::string bytes;
        QString thumbnail;
    };

private:
    struct Slot {
        QString path;
        std::string mimeType;
        std::string bytes;
        QString thumbnail;
        quint64 loading = 0; ///< the request under way, 0: none
    };
    void poll();

    QString m_folder;
    std::vector<std::string> m_required;
    std::map<QString, Slot> m_slots;
    QString m_message;
    QStringList m_images;
    quint64 m_request = 0;
    bool m_watching = false;
    QTimer m_timer;
    /// The images in the folder when watching started or last seen: only newer ones are taken.
    std::set<QString> m_seen;
    bool m_polling = false;
    QDateTime m_watchSince;
};

} // namespace countersign::qml
