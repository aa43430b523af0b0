#include "qml/officecontroller.h"

namespace countersign::qml {

QString OfficeController::notReady() {
    return tr("This counter is not ready.");
}

QString OfficeController::connectionLost() {
    return tr("The database cannot be reached; nothing was changed.");
}

} // namespace countersign::qml
