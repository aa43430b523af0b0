import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The enterprise keys in the writer, to pick the one the operation is about (the only one is picked by
// itself).
ColumnLayout {
    id: picker
    required property OperationController controller
    // Whether the step asks for this key (a REPLACE's keySerial is the new blank key, not one of these).
    property bool active: true
    spacing: Theme.spacing / 2

    readonly property var candidates: Writer.keys.filter(k => !k.blank)

    function pickOnly() {
        if (!active)
            return
        if (candidates.length === 1 && controller.keySerial !== candidates[0].serial)
            controller.keySerial = candidates[0].serial
        else if (candidates.length === 0 && controller.keySerial !== "")
            controller.keySerial = ""
    }
    onCandidatesChanged: pickOnly()
    onActiveChanged: pickOnly()
    Component.onCompleted: pickOnly()

    Label {
        visible: picker.candidates.length === 0
        text: qsTr("Put the enterprise's key in the writer.")
        color: Theme.warning
        font.pixelSize: Theme.headingSize - 4
    }
    Repeater {
        model: picker.candidates
        delegate: RadioButton {
            required property var modelData
            objectName: "key_" + modelData.serial
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            checked: picker.controller.keySerial === modelData.serial
            text: qsTr("Key %1").arg(modelData.serial)
                  + (modelData.company !== "" ? " · " + modelData.company : "")
                  + (modelData.notAfter !== "" ? " · " + qsTr("certificate valid until %1").arg(modelData.notAfter.substring(0, 10)) : "")
                  + (modelData.soPinLocked ? " · " + qsTr("SO PIN locked") : modelData.userPinLocked ? " · " + qsTr("PIN locked") : "")
            onClicked: picker.controller.keySerial = modelData.serial
        }
    }
}
