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

    // The operation in progress ("" on the home screen). Logging out ends it.
    property string operation: ""
    Connections {
        target: Session
        function onChanged() {
            if (!Session.loggedIn)
                window.operation = ""
        }
    }

    Loader {
        id: screen
        anchors.fill: parent
        focus: true
        sourceComponent: !Session.loggedIn ? loginScreen
                       : window.operation.startsWith("office:") ? backOffice
                       : window.operation !== "" ? operationFlow : homeScreen
    }

    Component {
        id: loginScreen
        LoginScreen {}
    }

    Component {
        id: homeScreen
        HomeScreen {
            onOperationChosen: (kind) => window.operation = kind
            onBackOfficeChosen: (section) => window.operation = "office:" + section
        }
    }

    Component {
        id: backOffice
        BackOfficeScreen {
            section: window.operation.substring(7)
            focus: true
            onClosed: window.operation = ""
        }
    }

    Component {
        id: operationFlow
        OperationFlow {
            kind: window.operation
            focus: true
            onClosed: window.operation = ""
        }
    }

    footer: StatusBar {}

    // Covers everything after idle_lock_minutes without input; the screen underneath stays as it is.
    IdleLock {}
}
