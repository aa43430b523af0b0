import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The kiosk window: the demo marking on top, the login or home screen, the status bar at the bottom.
ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    title: qsTr("Countersign counter")
    font.pixelSize: Theme.bodySize
    color: Theme.background

    header: DemoBanner {
        visible: Workstation.demo
    }

    Loader {
        id: screen
        anchors.fill: parent
        sourceComponent: Session.loggedIn ? homeScreen : loginScreen
    }

    Component {
        id: loginScreen
        LoginScreen {}
    }

    Component {
        id: homeScreen
        HomeScreen {}
    }

    footer: StatusBar {}
}
