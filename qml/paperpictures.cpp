#include "qml/paperpictures.h"

#include <atomic>
#include <stdexcept>

#include <QDateTime>
#include <QImage>
#include <QPainter>

namespace countersign::qml {

QString writePaperPicture(const QString& folder, const QString& what, const QString& agentName,
                          const QString& agentIdNo) {
    static std::atomic<int> n{0};
    const bool letter = what == QLatin1String("letter");
    QImage image(letter ? QSize(620, 877) : QSize(856, 540), QImage::Format_RGB32);
    image.fill(letter ? QColor(0xfb, 0xfb, 0xf8) : QColor(0xdc, 0xe9, 0xf2));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font = p.font();
    font.setPixelSize(letter ? 34 : 40);
    p.setFont(font);
    p.setPen(QColor(0x22, 0x22, 0x22));
    if (letter) {
        p.drawText(QRect(0, 60, image.width(), 60), Qt::AlignCenter, QStringLiteral("授权委托书"));
        font.setPixelSize(20);
        p.setFont(font);
        for (int i = 0; i < 14; ++i)
            p.fillRect(70, 170 + i * 38, i % 4 == 3 ? 300 : 480, 10, QColor(0x9a, 0x9a, 0x9a));
        p.setPen(QPen(QColor(0xc6, 0x28, 0x28), 5));
        p.drawEllipse(QPoint(430, 760), 70, 70); // the company seal
    } else if (what == QLatin1String("id_front")) {
        p.fillRect(600, 90, 200, 250, QColor(0xb0, 0xc4, 0xd4)); // the photo
        font.setPixelSize(30);
        p.setFont(font);
        // The birth date as the number holds it (digits 7–14).
        const QString born = agentIdNo.size() >= 14 ? QStringLiteral("%1年%2月%3日")
                                                          .arg(agentIdNo.mid(6, 4))
                                                          .arg(agentIdNo.mid(10, 2).toInt())
                                                          .arg(agentIdNo.mid(12, 2).toInt())
                                                    : QString();
        const QStringList lines{QStringLiteral("姓名  ") + agentName, QStringLiteral("性别  男    民族  汉"),
                                QStringLiteral("出生  ") + born, QStringLiteral("住址  北京市朝阳区"),
                                QStringLiteral("公民身份号码  ") + agentIdNo};
        for (int i = 0; i < lines.size(); ++i)
            p.drawText(50, 120 + i * 80, lines[i]);
    } else {
        p.setPen(QPen(QColor(0xc6, 0x28, 0x28), 6));
        p.drawEllipse(QPoint(130, 130), 80, 80); // the national emblem
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QRect(230, 70, 600, 120), Qt::AlignCenter, QStringLiteral("中华人民共和国\n居民身份证"));
        font.setPixelSize(28);
        p.setFont(font);
        p.drawText(120, 400, QStringLiteral("签发机关  北京市公安局朝阳分局"));
        p.drawText(120, 460, QStringLiteral("有效期限  2020.01.01-2040.01.01"));
    }
    p.end();
    const QString path = QStringLiteral("%1/scan-%2-%3-%4.png")
                             .arg(folder, what)
                             .arg(QDateTime::currentMSecsSinceEpoch())
                             .arg(++n);
    if (!image.save(path, "PNG"))
        throw std::runtime_error("cannot write " + path.toStdString());
    return path;
}

} // namespace countersign::qml
