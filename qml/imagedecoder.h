#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

namespace countersign::qml {

/// Reads the QR code in an image from the document scanner's folder (DESIGN §3.3) with ZXing-C++ on the
/// thread pool, so the GUI thread never waits on the file or the decode. Only the latest request's outcome
/// is reported.
class ImageDecoder : public QObject, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    /// The scanner's folder; unless QML sets another, the configured one ([scanner] folder) of the engine's
    /// Workstation once QML has made the decoder.
    Q_PROPERTY(QString folder READ folder WRITE setFolder NOTIFY folderChanged)

public:
    explicit ImageDecoder(QObject* parent = nullptr);

    /// The names a scanner's images end in (png, jpg, jpeg, bmp, tif, tiff), as QDir name filters.
    static QStringList imageNameFilters();

    bool busy() const { return m_pending > 0; }
    QString folder() const { return m_folder; }
    void setFolder(const QString& folder);

    void classBegin() override {}
    void componentComplete() override;

    /// Starts reading the QR code in the image at `path`; decoded() or failed() follows.
    Q_INVOKABLE void decode(const QString& path);
    /// The images in `folder` (the `folder` property when empty), newest first, as absolute paths.
    /// Reads the directory on the calling thread: prefer listImages() from QML.
    Q_INVOKABLE QStringList images(const QString& folder = QString()) const;
    /// images() on the thread pool; imagesListed() follows.
    Q_INVOKABLE void listImages(const QString& folder = QString());

Q_SIGNALS:
    void busyChanged();
    void folderChanged();
    /// `path`: the image it was read from (the papers step keeps it as the letter's scan).
    void decoded(const QString& text, const QString& path);
    /// `reason`: one translated sentence for the operator.
    void failed(const QString& reason);
    void imagesListed(const QString& folder, const QStringList& paths);

private:
    void setPending(int pending);

    QString m_folder;
    int m_pending = 0;
    quint64 m_latestDecode = 0;
};

} // namespace countersign::qml
