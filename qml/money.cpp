#include "qml/money.h"

#include "backend/money.h"

namespace countersign::qml {

QString Money::yuan(qint64 fen) const {
    return QString::fromStdString(countersign::yuan(fen));
}

} // namespace countersign::qml
