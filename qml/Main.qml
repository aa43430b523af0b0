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

    readonly property bool inFlow: Session.loggedIn && window.operation !== "" && !window.operation.startsWith("office:")

    // Enter on a focused button presses it on every screen (the steps of a flow do the same for theirs).
    Item {
        anchors.fill: parent
        Keys.onReturnPressed: (event) => event.accepted = Keyboard.pressButton(window.activeFocusItem)
        Keys.onEnterPressed: (event) => event.accepted = Keyboard.pressButton(window.activeFocusItem)

        // Login, home and the back office. While a flow is open the home screen stays underneath, hidden.
        Loader {
            id: screen
            anchors.fill: parent
            focus: !flowLoader.shown
            visible: !flowLoader.shown
            sourceComponent: !Session.loggedIn ? loginScreen
                           : window.operation.startsWith("office:") ? backOffice : homeScreen
        }

        // An operation's flow is made in the background (a few frames), so the click that opens it never holds
        // the screen up; the home screen shows until it is ready.
        Loader {
            id: flowLoader
            readonly property bool shown: active && status === Loader.Ready
            anchors.fill: parent
            asynchronous: true
            active: window.inFlow
            focus: shown
            visible: shown
            sourceComponent: operationFlow
        }
    }

    Component {
        id: loginScreen
        LoginScreen {
            focus: true
        }
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
