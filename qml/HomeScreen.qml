import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// After login: who is working, where, and the way out. The counter operations come here.
Item {
    id: root

    function roleText() {
        switch (Session.role) {
        case Session.Supervisor: return qsTr("Supervisor")
        case Session.Admin: return qsTr("Admin")
        }
        return qsTr("Operator")
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(720, parent.width - 2 * Theme.spacing)
        spacing: Theme.spacing

        Label {
            objectName: "welcome"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Welcome, %1").arg(Session.displayName)
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
        }
        Label {
            objectName: "roleAndPlace"
            Layout.alignment: Qt.AlignHCenter
            text: root.roleText() + " · " + Workstation.centreName + " (" + Workstation.centreCode + ") · "
                  + qsTr("Counter %1").arg(Workstation.counterName)
            font.pixelSize: Theme.headingSize - 4
            color: Theme.mutedText
        }
        // What recovery at start-up did with transactions a crash or a pulled key left unfinished.
        Frame {
            objectName: "recoveryPanel"
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
            visible: Recovery.running || Recovery.report.length > 0 || Recovery.error !== ""
            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacing / 2
                Label {
                    objectName: "recoveryTitle"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.bold: true
                    color: Recovery.error !== "" ? Theme.error : Theme.text
                    text: Recovery.running ? qsTr("Checking for unfinished transactions…")
                        : Recovery.error !== "" ? qsTr("Unfinished transactions could not be recovered: %1").arg(Recovery.error)
                        : qsTr("%n unfinished transaction(s) were finished or undone; refunds await the supervisor's review.", "", Recovery.report.length)
                }
                Repeater {
                    model: Recovery.report
                    delegate: Label {
                        required property string modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.mutedText
                        text: modelData
                    }
                }
            }
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spacing * 2
            text: qsTr("No counter operations are available in this version yet.")
            color: Theme.mutedText
        }
        Button {
            objectName: "logoutButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spacing * 2
            implicitHeight: Theme.touchTarget
            implicitWidth: 240
            text: qsTr("Log out")
            onClicked: Session.logout()
        }
    }
}
