#pragma once

#include <QJSEngine>
#include <QtQml/qqml.h>
#include <QtQml/qqmlregistration.h>

#include "qml/recovery.h"
#include "qml/session.h"
#include "qml/workstation.h"

namespace countersign::qml {

// The services are created in main() (or by a test) and handed to QML as singletons; QML never creates them.
// main() stores them here before the engine loads anything.

struct WorkstationForeign {
    Q_GADGET
    QML_FOREIGN(countersign::qml::Workstation)
    QML_NAMED_ELEMENT(Workstation)
    QML_SINGLETON
public:
    static Workstation* create(QQmlEngine* engine, QJSEngine*) {
        instance->setEngine(engine);
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline Workstation* instance = nullptr;
};

struct SessionForeign {
    Q_GADGET
    QML_FOREIGN(countersign::qml::Session)
    QML_NAMED_ELEMENT(Session)
    QML_SINGLETON
public:
    static Session* create(QQmlEngine*, QJSEngine*) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline Session* instance = nullptr;
};

struct RecoveryForeign {
    Q_GADGET
    QML_FOREIGN(countersign::qml::Recovery)
    QML_NAMED_ELEMENT(Recovery)
    QML_SINGLETON
public:
    static Recovery* create(QQmlEngine*, QJSEngine*) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline Recovery* instance = nullptr;
};

} // namespace countersign::qml
