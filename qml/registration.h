#pragma once

#include <QJSEngine>
#include <QtQml/qqml.h>
#include <QtQml/qqmlregistration.h>

#include "qml/devicestatus.h"
#include "qml/idlemonitor.h"
#include "qml/keyboardwedge.h"
#include "qml/recovery.h"
#include "qml/session.h"
#include "qml/workstation.h"
#include "qml/writer.h"

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

struct WriterForeign {
    Q_GADGET
    QML_FOREIGN(countersign::qml::Writer)
    QML_NAMED_ELEMENT(Writer)
    QML_SINGLETON
public:
    static Writer* create(QQmlEngine*, QJSEngine*) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline Writer* instance = nullptr;
};

struct KeyboardWedgeForeign {
    Q_GADGET
    QML_FOREIGN(countersign::qml::KeyboardWedge)
    QML_NAMED_ELEMENT(KeyboardWedge)
    QML_SINGLETON
public:
    static KeyboardWedge* create(QQmlEngine*, QJSEngine*) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline KeyboardWedge* instance = nullptr;
};

struct DeviceStatusForeign {
    Q_GADGET
    QML_FOREIGN(countersign::qml::DeviceStatus)
    QML_NAMED_ELEMENT(DeviceStatus)
    QML_SINGLETON
public:
    static DeviceStatus* create(QQmlEngine*, QJSEngine*) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline DeviceStatus* instance = nullptr;
};

struct IdleMonitorForeign {
    Q_GADGET
    QML_FOREIGN(countersign::qml::IdleMonitor)
    QML_NAMED_ELEMENT(IdleMonitor)
    QML_SINGLETON
public:
    static IdleMonitor* create(QQmlEngine*, QJSEngine*) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline IdleMonitor* instance = nullptr;
};

} // namespace countersign::qml
