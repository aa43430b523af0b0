#include "printing/cjkfont.h"

#include <QFontDatabase>
#include <QRawFont>

namespace countersign::printing {

QString cjkFontFamily() {
    static const char* const preferred[] = {"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC",
                                            "WenQuanYi Zen Hei", "Source Han Sans SC"};
    const QStringList families = QFontDatabase::families(QFontDatabase::SimplifiedChinese);
    for (const char* name : preferred) {
        if (families.contains(QLatin1String(name)))
            return QLatin1String(name);
    }
    return families.isEmpty() ? QString() : families.first();
}

bool fontCovers(const QFont& font, const QString& text) {
    const QRawFont raw = QRawFont::fromFont(font, QFontDatabase::SimplifiedChinese);
    if (!raw.isValid())
        return false;
    for (const uint ucs4 : text.toUcs4()) {
        if (ucs4 > 0x20 && !raw.supportsCharacter(ucs4))
            return false;
    }
    return true;
}

} // namespace countersign::printing
