import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The admin's key models and stock: levels by model with intake by scanning serials, a key written off with
// its reason (confirmed first), and the key models with a form to set one. Every query runs on the database
// thread (StockOffice → counter::Desk, the same backend as countersignctl stock).
ColumnLayout {
    id: page
    objectName: "stockPage"
    // levels, writeoff, models
    property string view: "levels"
    property bool active: visible
    spacing: Theme.spacing / 2

    function load() { stock.load() }

    StockOffice {
        id: stock
        objectName: "stockController"
        onReceived: serials.text = ""
        onWrittenOff: {
            woSerial.text = ""
            woReason.text = ""
            woReference.text = ""
        }
    }

    function fillModel(name, manufacturer, file, pinMin, pinMax, algorithms) {
        modelName.text = name
        modelManufacturer.text = manufacturer
        modelSoPinFile.text = file
        modelPinMin.text = pinMin > 0 ? String(pinMin) : ""
        modelPinMax.text = pinMax > 0 ? String(pinMax) : ""
        algRsa2048.checked = algorithms.indexOf("rsa2048") >= 0
        algRsa3072.checked = algorithms.indexOf("rsa3072") >= 0
        algEc.checked = algorithms.indexOf("ec-p256") >= 0
    }

    RowLayout {
        spacing: Theme.spacing / 2
        Repeater {
            model: [
                { id: "levels", name: qsTr("Levels and intake") },
                { id: "writeoff", name: qsTr("Write off") },
                { id: "models", name: qsTr("Key models") }
            ]
            delegate: TabButton {
                required property var modelData
                objectName: "stockView_" + modelData.id
                checked: page.view === modelData.id
                implicitHeight: Theme.touchTarget - 8
                implicitWidth: 200
                text: modelData.name
                onClicked: page.view = modelData.id
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
            }
        }
        Item { Layout.fillWidth: true }
        BusyIndicator { running: stock.busy; visible: running; implicitHeight: Theme.touchTarget - 8 }
    }
    Label {
        objectName: "stockError"
        Layout.fillWidth: true
        visible: text !== ""
        text: stock.errorText
        color: Theme.error
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "stockMessage"
        Layout.fillWidth: true
        visible: text !== ""
        text: stock.message
        color: Theme.ok
        wrapMode: Text.Wrap
    }

    // --- levels and intake ---------------------------------------------------------------------------------
    ColumnLayout {
        objectName: "stockLevels"
        visible: page.view === "levels"
        Layout.fillWidth: true
        spacing: 4
        Label {
            visible: stock.lowLevel > 0
            text: qsTr("Low under %1").arg(stock.lowLevel)
            color: Theme.mutedText
        }
        Repeater {
            model: stock.levels
            delegate: Label {
                required property string keyModel
                required property real inStock
                required property real issued
                required property real damaged
                required property real writtenOff
                required property bool low
                objectName: "level_" + keyModel
                Layout.fillWidth: true
                // One line a test and a person read alike: model, in stock, issued, damaged, written off.
                text: qsTr("%1: %2 in stock, %3 issued, %4 damaged, %5 written off")
                      .arg(keyModel).arg(inStock).arg(issued).arg(damaged).arg(writtenOff)
                      + (low ? "   " + qsTr("LOW STOCK") : "")
                color: low ? Theme.warning : Theme.text
                font.bold: low
                font.pixelSize: Theme.bodySize
            }
        }
        Label {
            visible: stock.levels.count === 0
            text: qsTr("No keys and no key models yet.")
            color: Theme.mutedText
        }
    }
    Label {
        visible: page.view === "levels"
        text: qsTr("Receive keys: the model, then scan or type the serials (one per line).")
        color: Theme.mutedText
    }
    RowLayout {
        visible: page.view === "levels"
        Layout.fillWidth: true
        spacing: Theme.spacing
        TextField {
            id: model
            objectName: "stockModel"
            implicitHeight: Theme.touchTarget
            Layout.preferredWidth: 300
            placeholderText: qsTr("Key model, e.g. ePass3003")
        }
        TextField {
            id: reference
            objectName: "stockReference"
            implicitHeight: Theme.touchTarget
            Layout.fillWidth: true
            placeholderText: qsTr("Delivery note (optional)")
        }
    }
    RowLayout {
        visible: page.view === "levels"
        Layout.fillWidth: true
        spacing: Theme.spacing
        TextArea {
            id: serials
            objectName: "stockSerials"
            Layout.fillWidth: true
            Layout.preferredHeight: 140
            placeholderText: qsTr("Serials")
            // One serial per line: Tab leaves the box instead of typing a tab into it (KeyNavigation
            // doesn't reach a TextArea's Tab in Qt 6.4; Keys does).
            Keys.onTabPressed: nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason)
            Keys.onBacktabPressed: nextItemInFocusChain(false).forceActiveFocus(Qt.BacktabFocusReason)
        }
        ColumnLayout {
            Layout.preferredWidth: 460
            Layout.alignment: Qt.AlignTop
            visible: stock.refused.count > 0
            Label {
                text: qsTr("Refused serials")
                color: Theme.error
                font.bold: true
            }
            Repeater {
                model: stock.refused
                delegate: Label {
                    required property string serial
                    required property string reason
                    objectName: "refused_" + serial
                    Layout.fillWidth: true
                    text: serial + ": " + reason
                    color: Theme.error
                    wrapMode: Text.Wrap
                }
            }
        }
    }
    Button {
        objectName: "receiveStock"
        visible: page.view === "levels"
        text: qsTr("Receive into stock")
        highlighted: true
        implicitHeight: Theme.touchTarget
        enabled: !stock.busy
        onClicked: stock.receive(model.text, serials.text, reference.text)
    }
    Connections {
        target: KeyboardWedge
        enabled: page.active
        function onScanned(text) {
            if (page.view === "levels")
                serials.text += (serials.text === "" ? "" : "\n") + text
            else if (page.view === "writeoff")
                woSerial.text = text
        }
    }

    // --- write-off -------------------------------------------------------------------------------------------
    Label {
        visible: page.view === "writeoff"
        text: qsTr("Write a key off: scan or type its serial, say why; a key in stock or a damaged key only.")
        color: Theme.mutedText
    }
    RowLayout {
        visible: page.view === "writeoff"
        Layout.fillWidth: true
        spacing: Theme.spacing
        TextField {
            id: woSerial
            objectName: "writeOffSerial"
            implicitHeight: Theme.touchTarget
            Layout.preferredWidth: 260
            placeholderText: qsTr("Key serial")
        }
        TextField {
            id: woReason
            objectName: "writeOffReason"
            implicitHeight: Theme.touchTarget
            Layout.fillWidth: true
            placeholderText: qsTr("Reason, e.g. casing cracked")
        }
        TextField {
            id: woReference
            objectName: "writeOffReference"
            implicitHeight: Theme.touchTarget
            Layout.preferredWidth: 240
            placeholderText: qsTr("Write-off form (optional)")
        }
        Button {
            objectName: "writeOffButton"
            text: qsTr("Write off…")
            implicitHeight: Theme.touchTarget
            enabled: !stock.busy && woSerial.text.trim() !== "" && woReason.text.trim() !== ""
            onClicked: confirm.open()
        }
    }
    Label {
        visible: page.view === "writeoff"
        text: stock.keys.count === 0 ? qsTr("This centre holds no key.")
                                     : qsTr("Keys this centre holds (choose one):")
        color: Theme.mutedText
    }
    ScrollView {
        visible: page.view === "writeoff"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        // Room for the scroll bar, shown whenever there is more than fits (the style shows it only while
        // scrolling).
        rightPadding: Theme.scrollBarRoom
        ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
        contentWidth: availableWidth
        ListView {
            objectName: "heldKeys"
            model: stock.keys
            spacing: 2
            delegate: ItemDelegate {
                required property string serial
                required property string keyModel
                required property string status
                required property string receivedAt
                objectName: "held_" + serial
                width: ListView.view.width
                height: Theme.touchTarget
                text: serial + "   " + keyModel + "   "
                      + (status === "damaged" ? qsTr("damaged") : qsTr("in stock"))
                      + (receivedAt === "" ? "" : "   " + qsTr("received %1").arg(receivedAt))
                highlighted: woSerial.text === serial
                onClicked: woSerial.text = serial
            }
        }
    }
    Dialog {
        id: confirm
        objectName: "writeOffConfirm"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        width: 620
        title: qsTr("Write this key off?")
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                objectName: "writeOffSummary"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Key %1 leaves the stock for good (written off: %2%3). This is recorded in the audit log with your name.")
                      .arg(woSerial.text.trim()).arg(woReason.text.trim())
                      .arg(woReference.text.trim() === "" ? "" : ", " + woReference.text.trim())
            }
            RowLayout {
                spacing: Theme.spacing
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "cancelWriteOff"
                    text: qsTr("Cancel")
                    implicitHeight: Theme.touchTarget
                    onClicked: confirm.close()
                }
                Button {
                    objectName: "confirmWriteOff"
                    text: qsTr("Write off")
                    highlighted: true
                    implicitHeight: Theme.touchTarget
                    onClicked: {
                        confirm.close()
                        stock.writeOff(woSerial.text, woReason.text, woReference.text)
                    }
                }
            }
        }
    }

    // --- key models ----------------------------------------------------------------------------------------
    ScrollView {
        visible: page.view === "models"
        Layout.fillWidth: true
        Layout.preferredHeight: 300
        clip: true
        // Room for the scroll bar, shown whenever there is more than fits (the style shows it only while
        // scrolling).
        rightPadding: Theme.scrollBarRoom
        ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
        contentWidth: availableWidth
        ListView {
            objectName: "keyModels"
            model: stock.models
            spacing: 6
            delegate: ItemDelegate {
                id: row
                required property string name
                required property string manufacturer
                required property int pinMin
                required property int pinMax
                required property var algorithms
                required property string factorySoPinFile
                required property bool factorySoPinSet
                required property bool factorySoPinUsable
                required property string factorySoPinProblem
                required property string updatedBy
                required property string updatedAt
                objectName: "model_" + name
                width: ListView.view.width
                onClicked: page.fillModel(name, manufacturer, factorySoPinFile, pinMin, pinMax, algorithms)
                contentItem: ColumnLayout {
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        font.bold: true
                        text: row.name + (row.manufacturer === "" ? "" : " · " + row.manufacturer)
                              + " · " + qsTr("PIN %1–%2 characters")
                                  .arg(row.pinMin > 0 ? row.pinMin : qsTr("any"))
                                  .arg(row.pinMax > 0 ? row.pinMax : qsTr("any"))
                              + " · " + (row.algorithms.length === 0 ? qsTr("algorithms as the key offers")
                                                                    : row.algorithms.join(", "))
                    }
                    Label {
                        objectName: "factorySoPin"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: !row.factorySoPinSet ? Theme.mutedText
                               : row.factorySoPinUsable ? Theme.ok : Theme.error
                        text: !row.factorySoPinSet ? qsTr("No factory SO PIN file recorded")
                              : row.factorySoPinUsable
                                ? qsTr("Factory SO PIN file %1: usable on this machine").arg(row.factorySoPinFile)
                                : qsTr("Factory SO PIN file not usable here: %1").arg(row.factorySoPinProblem)
                    }
                    Label {
                        Layout.fillWidth: true
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallSize
                        text: qsTr("Set by %1 at %2").arg(row.updatedBy).arg(row.updatedAt)
                    }
                }
            }
        }
    }
    Label {
        visible: page.view === "models" && stock.models.count === 0
        text: qsTr("No key model recorded yet.")
        color: Theme.mutedText
    }
    Label {
        visible: page.view === "models"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: qsTr("Set a model as its keys report it. The factory SO PIN stays in a file on the counter machines (mode 0600, owned by the kiosk's user): give its path, never the PIN.")
        color: Theme.mutedText
    }
    GridLayout {
        visible: page.view === "models"
        Layout.fillWidth: true
        columns: 4
        columnSpacing: Theme.spacing
        TextField {
            id: modelName
            objectName: "modelName"
            implicitHeight: Theme.touchTarget
            Layout.preferredWidth: 260
            placeholderText: qsTr("Model, e.g. ePass3003")
        }
        TextField {
            id: modelManufacturer
            objectName: "modelManufacturer"
            implicitHeight: Theme.touchTarget
            Layout.preferredWidth: 220
            placeholderText: qsTr("Manufacturer")
        }
        TextField {
            id: modelSoPinFile
            objectName: "modelSoPinFile"
            implicitHeight: Theme.touchTarget
            Layout.fillWidth: true
            Layout.columnSpan: 2
            placeholderText: qsTr("Factory SO PIN file, e.g. /etc/countersign/epass3003.sopin")
        }
        TextField {
            id: modelPinMin
            objectName: "modelPinMin"
            implicitHeight: Theme.touchTarget
            Layout.preferredWidth: 260
            inputMethodHints: Qt.ImhDigitsOnly
            validator: IntValidator { bottom: 0; top: 255 }
            placeholderText: qsTr("Shortest PIN (empty: no limit)")
        }
        TextField {
            id: modelPinMax
            objectName: "modelPinMax"
            implicitHeight: Theme.touchTarget
            Layout.preferredWidth: 220
            inputMethodHints: Qt.ImhDigitsOnly
            validator: IntValidator { bottom: 0; top: 255 }
            placeholderText: qsTr("Longest PIN")
        }
        RowLayout {
            Layout.columnSpan: 2
            CheckBox { id: algRsa2048; objectName: "alg_rsa2048"; text: "RSA-2048" }
            CheckBox { id: algRsa3072; objectName: "alg_rsa3072"; text: "RSA-3072" }
            CheckBox { id: algEc; objectName: "alg_ec-p256"; text: "EC P-256" }
        }
    }
    Button {
        objectName: "saveModel"
        visible: page.view === "models"
        text: qsTr("Save the model")
        highlighted: true
        implicitHeight: Theme.touchTarget
        enabled: !stock.busy && modelName.text.trim() !== ""
        onClicked: {
            var algorithms = []
            if (algRsa2048.checked) algorithms.push("rsa2048")
            if (algRsa3072.checked) algorithms.push("rsa3072")
            if (algEc.checked) algorithms.push("ec-p256")
            stock.setModel(modelName.text, modelManufacturer.text, modelSoPinFile.text,
                           parseInt(modelPinMin.text) || 0, parseInt(modelPinMax.text) || 0, algorithms)
        }
    }
    Item { Layout.fillHeight: true; visible: page.view !== "writeoff" }
}
