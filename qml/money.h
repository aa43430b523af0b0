#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace countersign::qml {

/// Money as the screens show it, through the one formatter of the receipts, the command line and the kiosk
/// (countersign::yuan, backend/money.h), for every screen: QML can't call a static invokable through the name
/// of a type that is not a singleton (OperationController.yuan). Stateless: the engine makes it, as the QML
/// singleton `Money`.
class Money : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    using QObject::QObject;

    /// Fen as yuan with two decimals and no separators, "-" before a negative amount: "26.00", "-0.05".
    Q_INVOKABLE QString yuan(qint64 fen) const;
};

} // namespace countersign::qml
