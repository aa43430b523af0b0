import QtQuick
import QtQuick.Controls
import Countersign

// Shown on every screen in demo mode so nobody mistakes the demo for real issuance.
Rectangle {
    implicitHeight: visible ? 40 : 0
    color: Theme.demo

    Label {
        anchors.centerIn: parent
        text: qsTr("DEMO MODE — demo keys and letters only; no certificate issued here is valid")
        color: "white"
        font.pixelSize: Theme.smallSize + 2
        font.bold: true
    }
    Loader { anchors.right: parent.right; anchors.rightMargin: 8; anchors.verticalCenter: parent.verticalCenter; active: Workstation.demo; sourceComponent: Component { DemoPanel {} } }
}
