import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// What the counter is connected to, who is working and where, and the time — on every screen. Each device
// is a coloured dot and a short text; when the window is too narrow for all of it, the longest texts are cut
// short with "…" and the clock always stays whole.
Rectangle {
    id: bar
    implicitHeight: 44
    color: Theme.statusBar

    // A dot and "Label: value", cut short with "…" when there is no room for all of it.
    component Indicator: Item {
        id: indicator
        property string label
        property string value
        property color dot: Theme.mutedText
        // The most it may take: a long company or printer name is cut short, the other indicators stay.
        property real maximumWidth: 220
        // What the person at the counter reads, and whether it had to be cut short.
        readonly property alias shownText: caption.text
        readonly property alias elided: caption.truncated
        signal tapped()

        implicitWidth: Math.min(dotItem.width + 6 + Math.ceil(caption.implicitWidth), maximumWidth)
        implicitHeight: Math.max(dotItem.height, caption.implicitHeight)
        Layout.fillHeight: true
        // The indicators keep their width; the place name gives way first when the bar is short of room.
        Layout.preferredWidth: implicitWidth
        Layout.minimumWidth: implicitWidth
        Layout.maximumWidth: implicitWidth

        Rectangle {
            id: dotItem
            objectName: "dot"
            anchors.verticalCenter: parent.verticalCenter
            width: 12
            height: 12
            radius: 6
            color: indicator.dot
        }
        Label {
            id: caption
            anchors.left: dotItem.right
            anchors.leftMargin: 6
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            text: indicator.label + ": " + indicator.value
            elide: Text.ElideRight
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
        }
        TapHandler {
            onTapped: indicator.tapped()
        }
    }

    function writerText() {
        switch (Writer.state) {
        case Writer.NoKey: return qsTr("no key")
        case Writer.BlankKey: return qsTr("blank key")
        case Writer.EnterpriseKey: return Writer.company !== "" ? qsTr("key of %1").arg(Writer.company) : qsTr("enterprise key")
        case Writer.OtherKey: return qsTr("key without certificate")
        case Writer.PinLocked: return qsTr("PIN locked")
        case Writer.SoPinLocked: return qsTr("PIN locked for good")
        }
        return qsTr("not connected")
    }

    function writerDot() {
        switch (Writer.state) {
        case Writer.NoKey: return Theme.mutedText
        case Writer.BlankKey:
        case Writer.EnterpriseKey: return Theme.ok
        case Writer.OtherKey:
        case Writer.PinLocked: return Theme.warning
        }
        return Theme.error
    }

    function caText() {
        switch (DeviceStatus.caState) {
        case DeviceStatus.CaState.Up: return qsTr("online")
        case DeviceStatus.CaState.Down: return qsTr("unavailable")
        }
        return qsTr("checking…")
    }

    function printerText() {
        switch (DeviceStatus.printerState) {
        case DeviceStatus.PrinterState.Ready:
            return DeviceStatus.printerName !== "" ? qsTr("%1 ready").arg(DeviceStatus.printerName) : qsTr("ready")
        case DeviceStatus.PrinterState.NotConfigured: return qsTr("none set up")
        case DeviceStatus.PrinterState.Down:
            return DeviceStatus.printerName !== "" ? qsTr("%1 not ready").arg(DeviceStatus.printerName) : qsTr("not ready")
        }
        return qsTr("checking…")
    }

    function placeText() {
        // Counter names are written out in full ("1号窗口"); only a bare code needs "Counter".
        const centre = Workstation.centreName !== "" ? Workstation.centreName : Workstation.centreCode
        const counter = Workstation.counterName !== "" ? Workstation.counterName
                      : Workstation.counterCode !== "" ? qsTr("Counter %1").arg(Workstation.counterCode) : ""
        if (centre === "" && counter === "")
            return qsTr("No counter configured")
        return centre !== "" && counter !== "" ? centre + " · " + counter : centre + counter
    }

    // The counter alone (the centre's name is on the home screen), for a bar short of room.
    function counterText() {
        const counter = Workstation.counterName !== "" ? Workstation.counterName
                      : Workstation.counterCode !== "" ? qsTr("Counter %1").arg(Workstation.counterCode) : ""
        return counter !== "" ? counter : bar.placeText()
    }
    // Short of room, the place gives way first: the counter without the centre, then cut short. Measured
    // from the others' natural widths, never the place's own (which would change what it measures).
    TextMetrics {
        id: placeMetrics
        font: placeLabel.font
        text: bar.placeText()
    }
    readonly property bool placeFits: 2 * Theme.spacing + 7 * row.spacing + writerIndicator.implicitWidth
                                      + databaseIndicator.implicitWidth + caIndicator.implicitWidth
                                      + printerIndicator.implicitWidth + operatorLabel.implicitWidth
                                      + Math.ceil(placeMetrics.advanceWidth) + clock.implicitWidth <= bar.width

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.spacing
        anchors.rightMargin: Theme.spacing
        spacing: 12

        Indicator {
            id: writerIndicator
            objectName: "writerIndicator"
            label: qsTr("Writer")
            value: bar.writerText()
            dot: bar.writerDot()
            // A company's name is long: on a wider screen the writer's line takes the room there is.
            maximumWidth: Math.max(260, bar.width - 940)
        }
        Indicator {
            id: databaseIndicator
            objectName: "databaseIndicator"
            label: qsTr("Database")
            value: Workstation.databaseState === Workstation.Up ? qsTr("connected")
                 : Workstation.databaseState === Workstation.Down ? qsTr("disconnected") : qsTr("connecting…")
            dot: Workstation.databaseState === Workstation.Up ? Theme.ok
               : Workstation.databaseState === Workstation.Down ? Theme.error : Theme.mutedText
            onTapped: Workstation.retryDatabase()
        }
        Indicator {
            id: caIndicator
            objectName: "caIndicator"
            label: qsTr("CA")
            value: bar.caText()
            dot: DeviceStatus.caState === DeviceStatus.CaState.Up ? Theme.ok
               : DeviceStatus.caState === DeviceStatus.CaState.Down ? Theme.error : Theme.mutedText
            onTapped: DeviceStatus.refresh()
        }
        Indicator {
            id: printerIndicator
            objectName: "printerIndicator"
            label: qsTr("Printer")
            value: bar.printerText()
            maximumWidth: 200
            dot: DeviceStatus.printerState === DeviceStatus.PrinterState.Ready ? Theme.ok
               : DeviceStatus.printerState === DeviceStatus.PrinterState.NotConfigured ? Theme.warning
               : DeviceStatus.printerState === DeviceStatus.PrinterState.Down ? Theme.error : Theme.mutedText
            onTapped: DeviceStatus.refresh()
        }
        Item {
            Layout.fillWidth: true
            Layout.minimumWidth: 0
            Layout.preferredWidth: 0
        }
        Label {
            id: operatorLabel
            objectName: "operatorLabel"
            text: Session.loggedIn ? qsTr("Operator: %1").arg(Session.displayName) : qsTr("Not logged in")
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
            elide: Text.ElideRight
            Layout.preferredWidth: Math.ceil(implicitWidth)
            Layout.maximumWidth: Math.ceil(implicitWidth)
            Layout.minimumWidth: Math.min(implicitWidth, 160)
        }
        Label {
            id: placeLabel
            objectName: "placeLabel"
            text: bar.placeFits ? bar.placeText() : bar.counterText()
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
            elide: Text.ElideMiddle
            Layout.fillWidth: true
            // Whole pixels: a fraction short of its width, the text elides.
            Layout.preferredWidth: Math.ceil(implicitWidth)
            Layout.maximumWidth: Math.ceil(implicitWidth)
            Layout.minimumWidth: Math.min(implicitWidth, 80)
        }
        Label {
            id: clock
            objectName: "clock"
            color: Theme.statusText
            font.pixelSize: Theme.smallSize
            text: Qt.formatDateTime(new Date(), "yyyy-MM-dd HH:mm:ss")
            Layout.minimumWidth: implicitWidth
            Timer {
                interval: 1000
                running: true
                repeat: true
                onTriggered: clock.text = Qt.formatDateTime(new Date(), "yyyy-MM-dd HH:mm:ss")
            }
        }
    }
}
