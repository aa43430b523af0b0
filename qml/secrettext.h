#pragma once

#include <memory>

#include <QByteArray>
#include <QString>

#include <openssl/crypto.h>

#include "backend/counter/secrets.h"

namespace countersign::qml {

/// A password typed into a field, as a Secret the database thread can check and wipe; the UTF-8 copy made on
/// the way is wiped here.
inline std::shared_ptr<Secret> secretOf(const QString& text) {
    QByteArray utf8 = text.toUtf8();
    auto secret =
        std::make_shared<Secret>(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    OPENSSL_cleanse(utf8.data(), static_cast<std::size_t>(utf8.size()));
    return secret;
}

} // namespace countersign::qml
