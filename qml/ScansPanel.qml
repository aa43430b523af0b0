import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The evidence scans of the operation (DESIGN §3.1, §3.3): the letter and the agent's ID card, front and back,
// each an image from the scanner's folder shown as a thumbnail, replaceable and removable; the required ones
// ([scanner] required_scans_<operation>) are marked and the check waits for them. An image the scanner (or a
// camera saving into the folder) writes while this panel shows fills the first empty slot by itself; the letter
// image opened to read a NEW's QR code becomes the letter's scan. Files are read and scaled on the thread pool
// (ScanController), with the backend's size and pixel caps.
Frame {
    id: panel
    objectName: "scansPanel"
    required property OperationController controller
    /// The papers step's QR decoder: the letter image it reads is kept as the letter's scan.
    property ImageDecoder decoder: null
    readonly property ScanController scans: controller.scans
    readonly property bool anyRequired: scans.items.some(s => s.required)
    visible: anyRequired || scans.folder !== ""

    Binding {
        target: panel.scans
        property: "watching"
        value: panel.visible && !IdleMonitor.locked
    }

    Connections {
        target: panel.decoder
        function onDecoded(text, path) {
            if (path !== "")
                panel.scans.attach("letter", path)
        }
    }

    function label(name) {
        return name === "letter" ? qsTr("Letter")
             : name === "id_front" ? qsTr("ID card front")
             : qsTr("ID card back")
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing / 2
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                text: qsTr("Scans kept with the transaction")
                font.bold: true
                color: Theme.text
            }
            Label {
                objectName: "scansMissing"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: panel.scans.missing !== "" ? Theme.warning : Theme.ok
                text: panel.scans.folder === "" ? qsTr("No scanner folder is configured ([scanner] folder).")
                    : panel.scans.missing !== "" ? qsTr("Still needed: %1").arg(panel.scans.missing)
                    : qsTr("Every required scan is attached.")
            }
        }
        Label {
            objectName: "scansMessage"
            Layout.fillWidth: true
            visible: panel.scans.message !== ""
            text: panel.scans.message
            color: Theme.error
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            // By count, not by the list: every change of a slot makes a new list, and a Repeater given a new
            // list remakes its delegates — inside a layout, during a polish, which crashes Qt 6.4's layouts. The
            // slots stay; their data follows.
            Repeater {
                model: panel.scans.items.length
                delegate: ColumnLayout {
                    id: slot
                    required property int index
                    readonly property var modelData: panel.scans.items[index]
                                                     || ({ name: "", required: false, attached: false, busy: false, thumbnail: "" })
                    objectName: "scanSlot_" + modelData.name
                    Layout.preferredWidth: 250
                    spacing: 4
                    Label {
                        text: panel.label(slot.modelData.name) + (slot.modelData.required ? " *" : "")
                        font.bold: slot.modelData.required
                        color: slot.modelData.required && !slot.modelData.attached ? Theme.warning : Theme.text
                    }
                    Rectangle {
                        Layout.preferredWidth: 240
                        Layout.preferredHeight: 120
                        color: Theme.background
                        border.color: slot.modelData.attached ? Theme.ok : Theme.mutedText
                        radius: 4
                        Image {
                            objectName: "scanThumb_" + slot.modelData.name
                            anchors.fill: parent
                            anchors.margins: 3
                            visible: slot.modelData.attached
                            source: slot.modelData.thumbnail
                            fillMode: Image.PreserveAspectFit
                        }
                        Label {
                            anchors.centerIn: parent
                            visible: !slot.modelData.attached && !slot.modelData.busy
                            text: qsTr("No scan")
                            color: Theme.mutedText
                        }
                        BusyIndicator {
                            anchors.centerIn: parent
                            running: slot.modelData.busy
                            visible: running
                        }
                    }
                    RowLayout {
                        spacing: 4
                        Button {
                            objectName: "scanPick_" + slot.modelData.name
                            text: slot.modelData.attached ? qsTr("Replace…") : qsTr("Pick…")
                            implicitHeight: Theme.touchTarget - 8
                            onClicked: picker.openFor(slot.modelData.name)
                        }
                        Button {
                            objectName: "scanRemove_" + slot.modelData.name
                            visible: slot.modelData.attached
                            text: qsTr("Remove")
                            implicitHeight: Theme.touchTarget - 8
                            onClicked: panel.scans.remove(slot.modelData.name)
                        }
                    }
                }
            }
            Item { Layout.fillWidth: true }
        }
    }

    Popup {
        id: picker
        objectName: "scanPicker"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 720
        height: 520
        property string target
        function openFor(name) {
            target = name
            panel.scans.listImages()
            open()
        }
        contentItem: ColumnLayout {
            spacing: Theme.spacing
            Label {
                text: qsTr("Scanned images for: %1 (newest first)").arg(panel.label(picker.target))
                font.bold: true
                font.pixelSize: Theme.headingSize - 4
            }
            Label {
                visible: panel.scans.images.length === 0
                text: panel.scans.folder === "" ? qsTr("No scanner folder is configured ([scanner] folder).")
                                                : qsTr("No images in %1.").arg(panel.scans.folder)
                color: Theme.mutedText
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            ListView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: panel.scans.images
                ScrollBar.vertical: ScrollBar {
                    policy: size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                }
                delegate: ItemDelegate {
                    required property string modelData
                    readonly property string fileName: modelData.substring(modelData.lastIndexOf("/") + 1)
                    objectName: "scanImage_" + fileName
                    width: ListView.view.width
                    height: Theme.touchTarget
                    text: fileName
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: {
                        panel.scans.attach(picker.target, modelData)
                        picker.close()
                    }
                }
            }
            RowLayout {
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "scanPickerClose"
                    text: qsTr("Close")
                    implicitHeight: Theme.touchTarget
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: picker.close()
                }
            }
        }
    }
}
