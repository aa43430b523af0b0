#pragma once

#include <QFont>
#include <QString>

namespace countersign::printing {

/// Finds an installed font family that has glyphs for Simplified Chinese, preferring the ones deploy/
/// installs. Needs a QGuiApplication. Returns an empty string when there is none (Chinese would render as
/// boxes: the kiosk warns and `countersignctl doctor` fails).
QString cjkFontFamily();

/// True when `font` renders every character of `text` from its own glyphs or fontconfig's fallback.
bool fontCovers(const QFont& font, const QString& text);

} // namespace countersign::printing
