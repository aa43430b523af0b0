#pragma once

#include <QJSEngine>
#include <QQmlEngine>
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

/// The one object main() (or a test) made for a QML singleton: QML gets it, never a new one, and never owns
/// it.
template <typename T> struct SingletonInstance {
    static T* create(QQmlEngine*, QJSEngine*) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    static inline T* instance = nullptr;
};

/// The singleton `name` of the Countersign module as the engine that made `object` holds it: how a
/// controller QML makes finds the services (in componentComplete). nullptr for an object no engine made.
template <typename T> T* singletonOf(const QObject* object, const char* name) {
    QQmlEngine* engine = qmlEngine(object);
    if (!engine)
        return nullptr;
    const int id = qmlTypeId("Countersign", 1, 0, name);
    return id < 0 ? nullptr : engine->singletonInstance<T*>(id);
}

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

struct SessionForeign : SingletonInstance<Session> {
    Q_GADGET
    QML_FOREIGN(countersign::qml::Session)
    QML_NAMED_ELEMENT(Session)
    QML_SINGLETON
};

struct RecoveryForeign : SingletonInstance<Recovery> {
    Q_GADGET
    QML_FOREIGN(countersign::qml::Recovery)
    QML_NAMED_ELEMENT(Recovery)
    QML_SINGLETON
};

struct WriterForeign : SingletonInstance<Writer> {
    Q_GADGET
    QML_FOREIGN(countersign::qml::Writer)
    QML_NAMED_ELEMENT(Writer)
    QML_SINGLETON
};

struct KeyboardWedgeForeign : SingletonInstance<KeyboardWedge> {
    Q_GADGET
    QML_FOREIGN(countersign::qml::KeyboardWedge)
    QML_NAMED_ELEMENT(KeyboardWedge)
    QML_SINGLETON
};

struct DeviceStatusForeign : SingletonInstance<DeviceStatus> {
    Q_GADGET
    QML_FOREIGN(countersign::qml::DeviceStatus)
    QML_NAMED_ELEMENT(DeviceStatus)
    QML_SINGLETON
};

struct IdleMonitorForeign : SingletonInstance<IdleMonitor> {
    Q_GADGET
    QML_FOREIGN(countersign::qml::IdleMonitor)
    QML_NAMED_ELEMENT(IdleMonitor)
    QML_SINGLETON
};

} // namespace countersign::qml
