import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// After login: who is working, where, and the way out. The counter operations come here.
Item {
    id: root
    signal operationChosen(string kind)
    signal backOfficeChosen(string section)

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
        // The five counter operations (DESIGN §2), large enough for a touch screen; Tab and Enter work too.
        GridLayout {
            objectName: "operations"
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spacing
            columns: 3
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            Repeater {
                model: [
                    { kind: "NEW", name: qsTr("New certificate"), zh: "新办" },
                    { kind: "RENEW", name: qsTr("Renewal"), zh: "更新" },
                    { kind: "UPGRADE", name: qsTr("Upgrade"), zh: "升级" },
                    { kind: "REPLACE", name: qsTr("Replacement key"), zh: "补办" },
                    { kind: "UNLOCK", name: qsTr("Unlock"), zh: "解锁" }
                ]
                delegate: Button {
                    required property var modelData
                    required property int index
                    objectName: "operation_" + modelData.kind
                    implicitWidth: 220
                    implicitHeight: 110
                    font.pixelSize: Theme.headingSize
                    focus: index === 0
                    enabled: Workstation.databaseState !== Workstation.Down
                    text: modelData.name
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: root.operationChosen(modelData.kind)
                }
            }
            // The counter's past: operators for their own counter, supervisors for the centre.
            Button {
                objectName: "office_search"
                implicitWidth: 220
                implicitHeight: 110
                font.pixelSize: Theme.headingSize
                enabled: Workstation.databaseState !== Workstation.Down
                text: qsTr("Past transactions")
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                onClicked: root.backOfficeChosen("search")
            }
        }
        // Supervisors and admins: their screens.
        // As wide as the operations above it: three a row (six in one row don't fit a 1280-px screen).
        GridLayout {
            objectName: "backOfficeButtons"
            Layout.alignment: Qt.AlignHCenter
            visible: Session.isSupervisor
            columns: 3
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            Repeater {
                model: [
                    { id: "report", name: qsTr("Daily report"), show: Session.isSupervisor },
                    { id: "approvals", name: qsTr("Approvals waiting"), show: Session.isSupervisor },
                    { id: "close", name: qsTr("Day close"), show: Session.isSupervisor },
                    { id: "stock", name: qsTr("Key stock"), show: Session.isAdmin },
                    { id: "staff", name: qsTr("Staff"), show: Session.isAdmin },
                    { id: "settings", name: qsTr("Settings"), show: Session.isAdmin }
                ]
                delegate: Button {
                    required property var modelData
                    objectName: "office_" + modelData.id
                    visible: modelData.show
                    implicitHeight: Theme.touchTarget
                    implicitWidth: 220
                    text: modelData.name
                    onClicked: root.backOfficeChosen(modelData.id)
                }
            }
        }
        Label {
            objectName: "databaseDown"
            Layout.alignment: Qt.AlignHCenter
            visible: Workstation.databaseState === Workstation.Down
            text: qsTr("The database cannot be reached: no operation can start until it is back.")
            color: Theme.error
            font.bold: true
        }
        Button {
            objectName: "retryDatabase"
            Layout.alignment: Qt.AlignHCenter
            visible: Workstation.databaseState === Workstation.Down
            implicitHeight: Theme.touchTarget
            text: qsTr("Retry now")
            onClicked: Workstation.retryDatabase()
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
