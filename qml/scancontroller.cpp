#include "qml/scancontroller.h"

#include <algorithm>

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImage>
#include <QImageReader>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include "backend/papers/scan.h"
#include "backend/scans.h"
#include "qml/imagedecoder.h"

namespace countersign::qml {

namespace {

/// The longest side of a thumbnail.
constexpr int kThumbnailSide = 320;
constexpr int kPollMs = 1000;

struct Listed {
    QString path;
    QDateTime modified;
};

// Runs on the pool: the file's checks (a regular file within the caps of backend/papers/scan.h, an image by
// its content), then its thumbnail scaled while decoding.
ScanController::Loaded loadScan(const QString& path) {
    ScanController::Loaded out;
    const QString name = QFileInfo(path).fileName();
    papers::Scan scan = papers::readScan(path.toStdString());
    switch (scan.problem) {
    case papers::Scan::Problem::None:
        break;
    case papers::Scan::Problem::Unreadable:
    case papers::Scan::Problem::NotAFile:
        out.problem = ScanController::tr("The file %1 can't be read.").arg(name);
        return out;
    case papers::Scan::Problem::NotAnImage:
        out.problem = ScanController::tr("The file %1 is not an image this counter can read.").arg(name);
        return out;
    case papers::Scan::Problem::TooLarge:
        out.problem = ScanController::tr("The file %1 is larger than %2 MB: scan the paper again at a lower "
                                         "resolution.")
                          .arg(name)
                          .arg(papers::kMaxScanBytes / (1024 * 1024));
        return out;
    case papers::Scan::Problem::TooManyPixels:
        out.problem =
            ScanController::tr("The image %1 has more than %2 megapixels: scan the paper again at a "
                               "lower resolution.")
                .arg(name)
                .arg(papers::kMaxScanPixels / 1000000);
        return out;
    }
    out.thumbnail =
        scan.mimeType.rfind("image/", 0) == 0 ? ScanController::thumbnailOf(scan.bytes) : QString();
    if (out.thumbnail.isEmpty()) {
        out.problem = ScanController::tr("The file %1 is not an image this counter can read.").arg(name);
        return out;
    }
    out.mimeType = scan.mimeType;
    out.bytes = std::move(scan.bytes);
    return out;
}

std::vector<Listed> listFolder(const QString& folder) {
    std::vector<Listed> out;
    if (folder.isEmpty())
        return out;
    const QFileInfoList files = QDir(folder).entryInfoList(
        ImageDecoder::imageNameFilters(), QDir::Files | QDir::Readable, QDir::Time); // newest first
    for (const QFileInfo& f : files)
        out.push_back({f.absoluteFilePath(), f.lastModified()});
    return out;
}

QString scanWord(const std::string& name) {
    if (name == "letter")
        return ScanController::tr("the letter");
    if (name == "id_front")
        return ScanController::tr("the ID card's front");
    return ScanController::tr("the ID card's back");
}

} // namespace

QString ScanController::thumbnailOf(const std::string& image) {
    QByteArray bytes = QByteArray::fromStdString(image);
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (!size.isValid() || static_cast<long long>(size.width()) * size.height() > papers::kMaxScanPixels)
        return {};
    reader.setScaledSize(size.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio)
                             .boundedTo(size)
                             .expandedTo(QSize(1, 1)));
    const QImage thumbnail = reader.read();
    if (thumbnail.isNull())
        return {};
    QByteArray png;
    QBuffer pngBuffer(&png);
    pngBuffer.open(QIODevice::WriteOnly);
    thumbnail.save(&pngBuffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

ScanController::ScanController(QObject* parent)
    : QObject(parent) {
    for (const auto& k : kScanKinds)
        m_slots[QString::fromLatin1(k.name)] = Slot{};
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &ScanController::poll);
}

ScanController::~ScanController() = default;

QVariantList ScanController::items() const {
    QVariantList out;
    for (const auto& k : kScanKinds) {
        const QString name = QString::fromLatin1(k.name);
        const Slot& s = m_slots.at(name);
        out.append(QVariantMap{{QStringLiteral("name"), name},
                               {QStringLiteral("required"),
                                std::find(m_required.begin(), m_required.end(), k.name) != m_required.end()},
                               {QStringLiteral("attached"), !s.bytes.empty()},
                               {QStringLiteral("busy"), s.loading != 0},
                               {QStringLiteral("file"), QFileInfo(s.path).fileName()},
                               {QStringLiteral("size"), static_cast<qint64>(s.bytes.size())},
                               {QStringLiteral("thumbnail"), s.thumbnail}});
    }
    return out;
}

QString ScanController::missing() const {
    QStringList names;
    for (const auto& name : m_required) {
        const auto s = m_slots.find(QString::fromStdString(name));
        if (s != m_slots.end() && s->second.bytes.empty())
            names << scanWord(name);
    }
    return names.join(tr("; "));
}

bool ScanController::busy() const {
    return std::any_of(m_slots.begin(), m_slots.end(), [](const auto& s) { return s.second.loading != 0; });
}

void ScanController::setFolder(const QString& folder) {
    if (folder == m_folder)
        return;
    m_folder = folder;
    Q_EMIT changed();
}

void ScanController::setRequired(const std::vector<std::string>& names) {
    if (names == m_required)
        return;
    m_required = names;
    Q_EMIT changed();
}

void ScanController::clear() {
    for (auto& [name, s] : m_slots)
        s = Slot{};
    m_message.clear();
    m_seen.clear();
    Q_EMIT changed();
    Q_EMIT scansEdited();
}

std::vector<workflow::Evidence> ScanController::evidence() const {
    std::vector<workflow::Evidence> out;
    for (const auto& k : kScanKinds) {
        const Slot& s = m_slots.at(QString::fromLatin1(k.name));
        if (!s.bytes.empty())
            out.push_back({k.evidenceKind, s.mimeType, s.bytes});
    }
    return out;
}

// A QFutureWatcher owned by this object (see ImageDecoder::decode): a scan still loading when the screen goes
// away is dropped with its watcher.
void ScanController::attach(const QString& name, const QString& path) {
    const auto slot = m_slots.find(name);
    if (slot == m_slots.end() || path.isEmpty())
        return;
    const quint64 request = ++m_request;
    slot->second.loading = request;
    m_seen.insert(path);
    Q_EMIT changed();
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, name, path, request] {
        Loaded loaded = watcher->result();
        watcher->deleteLater();
        Slot& s = m_slots[name];
        if (s.loading != request)
            return; // replaced or removed meanwhile
        s.loading = 0;
        if (!loaded.problem.isEmpty()) {
            m_message = loaded.problem;
            Q_EMIT changed();
            Q_EMIT refused(name, loaded.problem);
            return;
        }
        s.path = path;
        s.mimeType = std::move(loaded.mimeType);
        s.bytes = std::move(loaded.bytes);
        s.thumbnail = loaded.thumbnail;
        m_message.clear();
        Q_EMIT changed();
        Q_EMIT scansEdited();
    });
    watcher->setFuture(QtConcurrent::run(loadScan, path));
}

void ScanController::remove(const QString& name) {
    const auto slot = m_slots.find(name);
    if (slot == m_slots.end())
        return;
    slot->second = Slot{};
    Q_EMIT changed();
    Q_EMIT scansEdited();
}

void ScanController::listImages() {
    auto* watcher = new QFutureWatcher<std::vector<Listed>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto listed = watcher->result();
        watcher->deleteLater();
        QStringList paths;
        for (const auto& l : listed)
            paths << l.path;
        m_images = paths;
        Q_EMIT imagesChanged();
    });
    watcher->setFuture(QtConcurrent::run(listFolder, m_folder));
}

void ScanController::setWatching(bool watching) {
    if (watching == m_watching)
        return;
    m_watching = watching;
    if (watching) {
        m_watchSince = QDateTime::currentDateTime();
        m_timer.start();
    } else {
        m_timer.stop();
    }
    Q_EMIT watchingChanged();
}

// While watching: an image written since watching began and not taken yet fills the first empty slot, the
// required ones first, oldest image first (the papers in the order they were scanned).
void ScanController::poll() {
    if (m_polling || m_folder.isEmpty())
        return;
    m_polling = true;
    auto* watcher = new QFutureWatcher<std::vector<Listed>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        auto listed = watcher->result();
        watcher->deleteLater();
        m_polling = false;
        if (!m_watching)
            return;
        std::reverse(listed.begin(), listed.end());
        for (const auto& l : listed) {
            if (l.modified < m_watchSince || m_seen.count(l.path))
                continue;
            // A file still being written is taken at the next poll.
            if (l.modified.msecsTo(QDateTime::currentDateTime()) < kPollMs / 2)
                continue;
            m_seen.insert(l.path);
            QString empty;
            for (const bool wantRequired : {true, false})
                for (const auto& k : kScanKinds) {
                    const QString name = QString::fromLatin1(k.name);
                    const bool required =
                        std::find(m_required.begin(), m_required.end(), k.name) != m_required.end();
                    const Slot& s = m_slots[name];
                    if (empty.isEmpty() && required == wantRequired && s.bytes.empty() && s.loading == 0)
                        empty = name;
                }
            if (!empty.isEmpty())
                attach(empty, l.path);
        }
    });
    watcher->setFuture(QtConcurrent::run(listFolder, m_folder));
}

} // namespace countersign::qml
