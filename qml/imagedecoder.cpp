#include "qml/imagedecoder.h"

#include <optional>
#include <string>

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "backend/papers/scan.h"
#include "qml/registration.h"

namespace countersign::qml {

namespace {

enum class Failure { None, Unreadable, NotAnImage, NoCode, TooLarge, TooManyPixels };

struct Decoding {
    Failure failure = Failure::None;
    QString text;
};

// Runs on the pool: touches the file system and ZXing only. The scan's size in bytes and pixels is checked
// before it is decoded (backend/papers/scan.h).
Decoding decodeFile(const QString& path) {
    const papers::Scan scan = papers::readScan(path.toStdString());
    switch (scan.problem) {
    case papers::Scan::Problem::None:
        break;
    case papers::Scan::Problem::Unreadable:
    case papers::Scan::Problem::NotAFile:
        return {Failure::Unreadable, {}};
    case papers::Scan::Problem::NotAnImage:
        return {Failure::NotAnImage, {}};
    case papers::Scan::Problem::TooLarge:
        return {Failure::TooLarge, {}};
    case papers::Scan::Problem::TooManyPixels:
        return {Failure::TooManyPixels, {}};
    }
    if (scan.mimeType.rfind("image/", 0) != 0)
        return {Failure::NotAnImage, {}};
    const std::optional<std::string> text = papers::decodeQr(scan);
    if (!text)
        return {Failure::NoCode, {}};
    return {Failure::None, QString::fromStdString(*text)};
}

QStringList listFolder(const QString& folder) {
    if (folder.isEmpty())
        return {};
    const QFileInfoList files = QDir(folder).entryInfoList(
        ImageDecoder::imageNameFilters(), QDir::Files | QDir::Readable, QDir::Time); // newest first
    QStringList paths;
    paths.reserve(files.size());
    for (const QFileInfo& f : files)
        paths.append(f.absoluteFilePath());
    return paths;
}

} // namespace

ImageDecoder::ImageDecoder(QObject* parent)
    : QObject(parent) {}

QStringList ImageDecoder::imageNameFilters() {
    // QDir matches these without regard to case, so IMG_0001.JPG is found too.
    return {QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"),
            QStringLiteral("*.bmp"), QStringLiteral("*.tif"), QStringLiteral("*.tiff")};
}

void ImageDecoder::componentComplete() {
    if (const Workstation* w = singletonOf<Workstation>(this, "Workstation"); w && m_folder.isEmpty())
        setFolder(w->scannerFolder());
}

void ImageDecoder::setFolder(const QString& folder) {
    if (folder == m_folder)
        return;
    m_folder = folder;
    Q_EMIT folderChanged();
}

void ImageDecoder::setPending(int pending) {
    const bool wasBusy = busy();
    m_pending = pending;
    if (busy() != wasBusy)
        Q_EMIT busyChanged();
}

// A QFutureWatcher owned by this object, not QFuture::then(this, …): Qt 6.4 asserts from the pool thread
// that the context object is still alive, and a decoder may go away with its screen mid-decode. A watcher
// dies with its owner and the finished pool task is then simply dropped.
void ImageDecoder::decode(const QString& path) {
    const quint64 request = ++m_latestDecode;
    setPending(m_pending + 1);
    auto* watcher = new QFutureWatcher<Decoding>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, request, path] {
        const Decoding result = watcher->result();
        watcher->deleteLater();
        setPending(m_pending - 1);
        if (request != m_latestDecode)
            return; // the operator has picked another image since
        const QString name = QFileInfo(path).fileName();
        switch (result.failure) {
        case Failure::None:
            Q_EMIT decoded(result.text, path);
            return;
        case Failure::Unreadable:
            Q_EMIT failed(tr("The file %1 can't be read.").arg(name));
            return;
        case Failure::NotAnImage:
            Q_EMIT failed(tr("The file %1 is not an image this counter can read.").arg(name));
            return;
        case Failure::TooLarge:
            Q_EMIT failed(tr("The file %1 is larger than %2 MB: scan the paper again at a lower resolution.")
                              .arg(name)
                              .arg(papers::kMaxScanBytes / (1024 * 1024)));
            return;
        case Failure::TooManyPixels:
            Q_EMIT failed(tr("The image %1 has more than %2 megapixels: scan the paper again at a lower "
                             "resolution.")
                              .arg(name)
                              .arg(papers::kMaxScanPixels / 1000000));
            return;
        case Failure::NoCode:
            Q_EMIT failed(
                tr("No QR code could be read in %1. Scan the paper again, flat and in focus.").arg(name));
            return;
        }
    });
    watcher->setFuture(QtConcurrent::run(decodeFile, path));
}

QStringList ImageDecoder::images(const QString& folder) const {
    return listFolder(folder.isEmpty() ? m_folder : folder);
}

void ImageDecoder::listImages(const QString& folder) {
    const QString dir = folder.isEmpty() ? m_folder : folder;
    auto* watcher = new QFutureWatcher<QStringList>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, dir] {
        const QStringList paths = watcher->result();
        watcher->deleteLater();
        Q_EMIT imagesListed(dir, paths);
    });
    watcher->setFuture(QtConcurrent::run(listFolder, dir));
}

} // namespace countersign::qml
