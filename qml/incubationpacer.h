#pragma once

#include <QObject>
#include <QTimer>
#include <QtQml/QQmlIncubationController>

namespace countersign::qml {

/// Makes what the screens load in the background (asynchronous Loaders: an operation's flow and its steps) in
/// short slices, one per turn of the event loop, so the GUI thread never stops for long. Qt's own controller
/// (the window's) works 2/3 of a frame at a time, about 10 ms, when the scene graph renders on the GUI thread
/// as the software and offscreen ones do; the kiosk's pause goal is a frame (16 ms) all told.
class IncubationPacer : public QObject, public QQmlIncubationController {
public:
    explicit IncubationPacer(int sliceMs, QObject* parent = nullptr);

protected:
    void incubatingObjectCountChanged(int count) override;

private:
    int m_sliceMs;
    QTimer m_timer;
};

} // namespace countersign::qml
