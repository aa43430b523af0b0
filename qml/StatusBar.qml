import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// What the counter is connected to, who is working and where, and the time — on every screen.
Rectangle {
    id: bar
    implicitHeight: 44
    color: Theme.statusBar

    component Indicator: RowLayout {
        property string label
        property string value
        property color dot: Theme.mutedText
        spacing: 6
        Rectangle {
            width: 12
            height: 12
            radius: 6
            color: parent.dot
        }
        Label {
            text: parent.label + ": " + parent.value
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacing
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing * 1.5

        Indicator {
            objectName: "writerIndicator"
            label: qsTr("Writer")
            value: qsTr("not connected yet")
        }
        Indicator {
            objectName: "databaseIndicator"
            label: qsTr("Database")
            value: Workstation.databaseState === Workstation.Up ? qsTr("connected")
                 : Workstation.databaseState === Workstation.Down ? qsTr("disconnected") : qsTr("connecting…")
            dot: Workstation.databaseState === Workstation.Up ? Theme.ok
               : Workstation.databaseState === Workstation.Down ? Theme.error : Theme.warning
        }
        Indicator {
            label: qsTr("CA")
            value: qsTr("not connected yet")
        }
        Indicator {
            label: qsTr("Printer")
            value: qsTr("not connected yet")
        }
        Item { Layout.fillWidth: true }
        Label {
            text: Session.loggedIn ? qsTr("Operator: %1").arg(Session.displayName) : qsTr("Not logged in")
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
        }
        Label {
            text: Workstation.centreName + " · " + qsTr("Counter %1").arg(Workstation.counterName)
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
        }
        Label {
            id: clock
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
            text: Qt.formatDateTime(new Date(), "yyyy-MM-dd HH:mm:ss")
            Timer {
                interval: 1000
                running: true
                repeat: true
                onTriggered: clock.text = Qt.formatDateTime(new Date(), "yyyy-MM-dd HH:mm:ss")
            }
        }
    }
}
