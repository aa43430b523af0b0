import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// DEMO ONLY (DESIGN §10): the demo's hands on the writer and the tax office, so a person can try NEW, REPLACE
// and UNLOCK from the screen alone. A button in the demo banner opens a panel at the right edge that leaves
// the counter's screen usable beside it. Made only in demo mode (DemoBanner's Loader); its controller refuses
// outside demo mode anyway.
Item {
    id: handle
    implicitWidth: button.implicitWidth
    implicitHeight: button.implicitHeight

    Button {
        id: button
        objectName: "demoPanelButton"
        anchors.fill: parent
        text: drawer.visible ? qsTr("Close demo controls") : qsTr("Demo controls")
        font.pixelSize: Theme.smallSize
        font.bold: true
        implicitHeight: 34
        // visible, not opened: a click while it is still sliding in closes it.
        onClicked: drawer.visible ? drawer.close() : drawer.open()
    }

    // The company picked for sample letters and for the authorization letter's fields.
    property int company: 0
    readonly property var picked: demo.companies[company]
    readonly property var withPin: Writer.keys.filter(k => !k.blank)
    // The open operation (Main.qml's window), to hand a sample letter to a NEW's papers step.
    readonly property string operation: ApplicationWindow.window && ApplicationWindow.window.operation !== undefined
                                        ? ApplicationWindow.window.operation : ""
    property string handedTo: ""

    DemoController {
        id: demo
        objectName: "demoController"
        onPapersScanned: (idNo) => {
            // As if the ID reader read the card: the open operation's papers step takes the number.
            if (handle.operation !== "" && !handle.operation.startsWith("office:")) {
                KeyboardWedge.scanned(idNo)
                handle.handedTo = qsTr("The ID card's pictures are in the scanner folder and its number went to the open operation as if read by the ID reader.")
            } else {
                handle.handedTo = qsTr("The ID card's pictures are in the scanner folder; open an operation to take them.")
            }
        }
        onLetterIssued: (text) => {
            // As if the letter's QR were scanned: the open NEW's papers step takes it.
            if (handle.operation === "NEW") {
                KeyboardWedge.scanned(text)
                handle.handedTo = qsTr("Handed to the open NEW as if scanned. The agent's ID card to type or scan there: %1.").arg(demo.letter.agentIdNo)
            } else {
                handle.handedTo = qsTr("No NEW is open: open NEW and scan this code, or open it from the scanner folder.")
            }
        }
    }

    Drawer {
        id: drawer
        objectName: "demoPanel"
        parent: Overlay.overlay
        edge: Qt.RightEdge
        modal: false
        dim: false
        interactive: false
        // It stays open while the person works beside it; the button closes it.
        closePolicy: Popup.CloseOnEscape
        y: 40
        width: Math.min(400, parent ? parent.width * 0.35 : 400)
        height: parent ? parent.height - 40 - 44 : 600
        padding: 0

        background: Rectangle {
            color: Theme.card
            border.color: Theme.demo
            border.width: 3
        }

        // The panel's content exists only while it shows: two panels (the window's banner and the idle lock's)
        // lay nothing out while closed.
        Loader {
            anchors.fill: parent
            active: drawer.visible
            sourceComponent: panelContent
        }
    }

    Component {
        id: panelContent
        ColumnLayout {
            spacing: 0

            Connections {
                target: demo
                function onLetterIssued() { toLetter.restart() }
            }
            // The letter's QR code and text in view, once the panel has laid them out.
            Timer {
                id: toLetter
                interval: 150
                onTriggered: {
                    const flick = scroll.contentItem
                    const top = letterNote.mapToItem(column, 0, 0).y
                    flick.contentY = Math.max(0, Math.min(top - Theme.spacing, column.height - flick.height))
                }
            }

            Rectangle {
                Layout.fillWidth: true
                implicitHeight: title.implicitHeight + Theme.spacing
                color: Theme.demo
                Label {
                    id: title
                    anchors.centerIn: parent
                    width: parent.width - Theme.spacing
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    text: qsTr("DEMO controls — not part of a real counter")
                    color: "white"
                    font.bold: true
                }
            }

            ScrollView {
                id: scroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentWidth: availableWidth
                clip: true
                rightPadding: Theme.scrollBarRoom
                ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff

                ColumnLayout {
                    id: column
                    width: scroll.availableWidth
                    spacing: Theme.spacing / 2

                    Label {
                        objectName: "demoStatus"
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing / 2
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.smallSize
                        visible: text !== ""
                        color: demo.errorText !== "" ? Theme.error : Theme.ok
                        text: demo.errorText !== "" ? demo.errorText : demo.message
                    }

                    // --- The key writer ---------------------------------------------------------------
                    Label {
                        Layout.leftMargin: Theme.spacing / 2
                        text: qsTr("Key writer")
                        font.bold: true
                    }
                    Label {
                        objectName: "demoWriterState"
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing / 2
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.smallSize
                        color: Theme.mutedText
                        text: Writer.keys.length === 0 ? qsTr("No key in the writer.")
                            : qsTr("%1 key(s) in the writer, %2 blank.").arg(Writer.keys.length).arg(Writer.blankCount)
                    }
                    GridLayout {
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing / 2
                        columns: 1
                        rowSpacing: 6
                        Button {
                            objectName: "demoInsertBlank"
                            Layout.fillWidth: true
                            text: qsTr("Insert a fresh blank key")
                            enabled: !demo.busy
                            onClicked: demo.insertBlank()
                        }
                        Button {
                            objectName: "demoRemoveKey"
                            Layout.fillWidth: true
                            text: qsTr("Remove the key")
                            enabled: !demo.busy
                            onClicked: demo.removeKey()
                        }
                        Button {
                            objectName: "demoReinsertKey"
                            Layout.fillWidth: true
                            text: qsTr("Re-insert the last key")
                            enabled: !demo.busy
                            onClicked: demo.reinsertKey()
                        }
                    }

                    // --- Lock a key's PIN ---------------------------------------------------------------
                    Label {
                        Layout.leftMargin: Theme.spacing / 2
                        text: qsTr("Lock a key's PIN (6 wrong PINs), to try UNLOCK")
                        font.bold: true
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        Layout.leftMargin: Theme.spacing / 2
                        visible: handle.withPin.length === 0
                        text: qsTr("No key with a PIN is in the writer.")
                        font.pixelSize: Theme.smallSize
                        color: Theme.mutedText
                    }
                    Repeater {
                        // By count: a new list of keys would remake the rows inside the layout (see ScansPanel).
                        model: handle.withPin.length
                        delegate: RowLayout {
                            id: keyRow
                            required property int index
                            readonly property var modelData: handle.withPin[index]
                                                             || ({ serial: "", company: "", label: "", userPinLocked: false })
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.spacing / 2
                            Layout.rightMargin: Theme.spacing / 2
                            Label {
                                Layout.fillWidth: true
                                wrapMode: Text.WrapAnywhere
                                font.pixelSize: Theme.smallSize
                                text: (keyRow.modelData.company !== "" ? keyRow.modelData.company : keyRow.modelData.label) + " · " + keyRow.modelData.serial
                            }
                            Button {
                                objectName: "demoLock_" + keyRow.modelData.serial
                                text: keyRow.modelData.userPinLocked ? qsTr("PIN locked") : qsTr("Lock PIN")
                                enabled: !demo.busy && !keyRow.modelData.userPinLocked
                                onClicked: demo.lockPin(keyRow.modelData.serial)
                            }
                        }
                    }

                    // --- Sample letters -----------------------------------------------------------------
                    Label {
                        Layout.leftMargin: Theme.spacing / 2
                        Layout.topMargin: Theme.spacing / 2
                        text: qsTr("Sample letters")
                        font.bold: true
                    }
                    Repeater {
                        model: demo.companies
                        delegate: RadioButton {
                            id: companyButton
                            required property var modelData
                            required property int index
                            objectName: "demoCompany_" + index
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.spacing / 2
                            font.pixelSize: Theme.smallSize
                            text: companyButton.modelData.name
                            checked: handle.company === companyButton.index
                            onClicked: handle.company = companyButton.index
                        }
                    }
                    Button {
                        objectName: "demoIssueLetter"
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing / 2
                        text: qsTr("Issue a DEMO assistance letter (NEW)")
                        enabled: !demo.busy
                        onClicked: {
                            handle.handedTo = ""
                            demo.issueLetter(handle.company)
                        }
                    }
                    Button {
                        objectName: "demoScanPapers"
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing / 2
                        Layout.rightMargin: Theme.spacing / 2
                        text: handle.operation === "REPLACE" || handle.operation === "UNLOCK"
                              ? qsTr("Scan the authorization letter and the agent's ID card")
                              : qsTr("Scan the agent's ID card")
                        enabled: !demo.busy
                        onClicked: {
                            handle.handedTo = ""
                            demo.scanPapers(handle.company, handle.operation === "REPLACE" || handle.operation === "UNLOCK")
                        }
                    }
                    Label {
                        id: letterNote
                        objectName: "demoHandedTo"
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing / 2
                        Layout.rightMargin: Theme.spacing / 2
                        visible: text !== ""
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.smallSize
                        color: Theme.accent
                        text: handle.handedTo
                    }
                    Image {
                        objectName: "demoLetterQr"
                        Layout.alignment: Qt.AlignHCenter
                        visible: demo.letter.qrUrl !== undefined
                        source: demo.letter.qrUrl !== undefined ? demo.letter.qrUrl : ""
                        asynchronous: true
                        cache: false
                        fillMode: Image.PreserveAspectFit
                        Layout.preferredWidth: Math.min(260, scroll.availableWidth - Theme.spacing)
                        Layout.preferredHeight: Layout.preferredWidth
                    }
                    TextArea {
                        objectName: "demoLetterText"
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing / 2
                        Layout.rightMargin: Theme.spacing / 2
                        visible: demo.letter.text !== undefined
                        readOnly: true
                        selectByMouse: true
                        wrapMode: TextEdit.WrapAnywhere
                        font.pixelSize: Theme.smallSize
                        text: demo.letter.text !== undefined ? qsTr("Letter %1:").arg(demo.letter.no) + "\n" + demo.letter.text : ""
                    }

                    // The authorization letter a REPLACE or UNLOCK takes: its fields, to type.
                    Label {
                        Layout.leftMargin: Theme.spacing / 2
                        Layout.topMargin: Theme.spacing / 2
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("Authorization letter (REPLACE, UNLOCK): type these")
                        font.bold: true
                    }
                    GridLayout {
                        objectName: "demoAuthorization"
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing / 2
                        columns: 2
                        columnSpacing: Theme.spacing / 2
                        Repeater {
                            model: handle.picked ? [
                                [qsTr("Company"), handle.picked.name],
                                [qsTr("USCC"), handle.picked.uscc],
                                [qsTr("Agent"), handle.picked.agentName],
                                [qsTr("Agent's ID number"), handle.picked.agentIdNo],
                                [qsTr("Agent's mobile"), handle.picked.agentMobile]
                            ] : []
                            delegate: Item {
                                id: field
                                required property var modelData
                                required property int index
                                Layout.columnSpan: 2
                                Layout.fillWidth: true
                                implicitHeight: row.implicitHeight
                                RowLayout {
                                    id: row
                                    anchors.fill: parent
                                    Label {
                                        Layout.preferredWidth: 150
                                        text: field.modelData[0]
                                        font.pixelSize: Theme.smallSize
                                        color: Theme.mutedText
                                        wrapMode: Text.Wrap
                                    }
                                    TextEdit {
                                        objectName: "demoAuthField_" + field.index
                                        Layout.fillWidth: true
                                        readOnly: true
                                        selectByMouse: true
                                        text: field.modelData[1]
                                        font.pixelSize: Theme.smallSize
                                        color: Theme.text
                                        wrapMode: TextEdit.Wrap
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
