import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The idle lock: after Workstation.idleLockMinutes without input the whole window is covered until the
// logged-in person types their password again. It is a popup above everything else (open dialogs included),
// not a screen of its own, so what was on screen stays exactly as it was — half-typed fields, the step of an
// operation, the focus — and is only hidden while locked.
Popup {
    id: lock
    objectName: "idleLock"
    parent: Overlay.overlay
    x: 0
    y: 0
    width: parent ? parent.width : 0
    height: parent ? parent.height : 0
    z: 1000
    modal: true
    focus: true
    closePolicy: Popup.NoAutoClose
    padding: 0
    font.pixelSize: Theme.bodySize

    // The item that had the keyboard when the screen locked; it gets it back on unlock.
    property Item previousFocus: null

    function submit() {
        if (IdleMonitor.busy)
            return
        const typed = password.text
        // Not kept on screen while it is checked, nor after.
        password.clear()
        IdleMonitor.unlock(typed)
    }

    function sync() {
        if (IdleMonitor.locked && !opened) {
            previousFocus = parent ? parent.Window.activeFocusItem : null
            open()
        } else if (!IdleMonitor.locked && (opened || visible)) {
            close()
        }
    }

    Connections {
        target: IdleMonitor
        function onLockedChanged() { lock.sync() }
        function onFailed() { password.forceActiveFocus() }
    }
    Component.onCompleted: sync()

    onOpened: password.forceActiveFocus()
    onClosed: {
        password.clear()
        if (previousFocus)
            previousFocus.forceActiveFocus()
        previousFocus = null
    }

    background: Rectangle {
        color: Theme.background
    }

    // The children go into the popup's own content item, which fills it (padding is 0).
    DemoBanner {
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        visible: Workstation.demo
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(560, parent.width - 2 * Theme.spacing)
        spacing: Theme.spacing

        Label {
            objectName: "lockTitle"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Screen locked")
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
        }

        Pane {
            Layout.fillWidth: true
            padding: Theme.spacing * 1.5
            background: Rectangle {
                color: Theme.card
                radius: 12
                border.color: "#d9dee6"
            }
            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacing

                Label {
                    objectName: "lockWho"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("%1 (%2) is logged in. Enter the password to go on where you left off.")
                          .arg(Session.displayName).arg(Session.username)
                    color: Theme.text
                }
                TextField {
                    id: password
                    objectName: "lockPassword"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    placeholderText: qsTr("Password")
                    echoMode: TextInput.Password
                    enabled: !IdleMonitor.busy
                    inputMethodHints: Qt.ImhHiddenText | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    onAccepted: lock.submit()
                }
                Label {
                    objectName: "lockError"
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: IdleMonitor.errorText
                    wrapMode: Text.Wrap
                    color: Theme.error
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    BusyIndicator {
                        running: IdleMonitor.busy
                        visible: running
                        implicitWidth: Theme.touchTarget
                        implicitHeight: Theme.touchTarget
                    }
                    Item { Layout.fillWidth: true }
                    Button {
                        objectName: "lockLogout"
                        // Popups are outside the window's Enter handler (Main.qml).
                        Keys.onReturnPressed: clicked()
                        Keys.onEnterPressed: clicked()
                        text: qsTr("Log out")
                        implicitHeight: Theme.touchTarget
                        implicitWidth: Math.max(140, implicitContentWidth + leftPadding + rightPadding)
                        enabled: !IdleMonitor.busy
                        onClicked: IdleMonitor.logout()
                    }
                    Button {
                        objectName: "unlockButton"
                        Keys.onReturnPressed: clicked()
                        Keys.onEnterPressed: clicked()
                        text: qsTr("Unlock")
                        highlighted: true
                        implicitHeight: Theme.touchTarget
                        implicitWidth: Math.max(160, implicitContentWidth + leftPadding + rightPadding)
                        enabled: !IdleMonitor.busy
                        onClicked: lock.submit()
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Logging out gives up the work on screen.")
                    font.pixelSize: Theme.smallSize
                    color: Theme.mutedText
                }
            }
        }
    }

    StatusBar {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
    }
}
