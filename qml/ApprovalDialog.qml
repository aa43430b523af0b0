import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// A supervisor approves at the counter (DESIGN §6): their name and password, checked like a login and
// recorded with both people. `what` is hand_entry, waiver or refund.
Popup {
    id: dialog
    objectName: "approvalDialog"
    required property QtObject controller
    property string what
    property string reasonText
    property string failure
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 560
    padding: Theme.spacing * 1.5
    closePolicy: Popup.CloseOnEscape

    function ask(kind, reason) {
        what = kind
        reasonText = reason
        failure = ""
        user.text = ""
        password.text = ""
        open()
        user.forceActiveFocus()
    }

    function submit() {
        if (!controller.busy)
            controller.approve(what, user.text, password.text)
    }

    Connections {
        target: dialog.controller
        function onApproved(kind, supervisor) {
            if (kind === dialog.what) {
                password.text = ""
                dialog.close()
            }
        }
        function onApprovalFailed(kind, reason) {
            if (kind === dialog.what) {
                dialog.failure = reason
                password.text = ""
                password.forceActiveFocus()
            }
        }
    }

    background: Rectangle {
        color: Theme.card
        radius: 8
        border.color: Theme.accent
        border.width: 2
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacing
        Label {
            text: qsTr("Supervisor approval")
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: dialog.reasonText
            color: Theme.mutedText
        }
        TextField {
            id: user
            objectName: "approvalUser"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("Supervisor's username")
            onAccepted: password.forceActiveFocus()
        }
        TextField {
            id: password
            objectName: "approvalPassword"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            echoMode: TextInput.Password
            placeholderText: qsTr("Supervisor's password")
            onAccepted: dialog.submit()
        }
        Label {
            objectName: "approvalFailure"
            Layout.fillWidth: true
            visible: dialog.failure !== ""
            wrapMode: Text.Wrap
            color: Theme.error
            text: dialog.failure
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: Theme.spacing
            Button {
                objectName: "approvalCancel"
                // Popups are outside the window's Enter handler (Main.qml).
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                text: qsTr("Cancel")
                implicitHeight: Theme.touchTarget
                implicitWidth: 160
                onClicked: dialog.close()
            }
            Button {
                objectName: "approvalSubmit"
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                text: dialog.controller.busy ? qsTr("Checking…") : qsTr("Approve")
                enabled: !dialog.controller.busy
                highlighted: true
                implicitHeight: Theme.touchTarget
                implicitWidth: 200
                onClicked: dialog.submit()
            }
        }
    }
}
