import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The agent's ID card (DESIGN §3.3), for NEW, REPLACE and UNLOCK: the operator types the number of the card
// in front of them, or an ID reader (a keyboard wedge) types it (scan()); it is checked as typed (check
// digit, birth date). Beside it, the agent the letter names, for the operator to compare with the card's
// name and photo, and whether the two numbers match once both are known. The check "id_card" decides:
// a card that is not the letter's agent is refused there, naming both.
RowLayout {
    id: root
    objectName: "idCard"
    property var controller
    // REPLACE and UNLOCK: the authorization form, whose agent the operator typed from the letter.
    property var authForm: null
    readonly property bool wanted: controller.kind === "NEW" || controller.kind === "REPLACE"
                                   || controller.kind === "UNLOCK"
    readonly property bool valid: field.valid
    readonly property string number: field.text.trim().toUpperCase()
    readonly property bool isNew: controller.kind === "NEW"
    readonly property string letterName: isNew ? controller.letterAgentName
                                        : authForm ? authForm.agentName.text.trim() : ""
    readonly property string letterIdNo: isNew ? controller.letterAgentIdNo
                                        : authForm && authForm.agentIdNo.valid ? authForm.agentIdNo.text.trim().toUpperCase() : ""
    readonly property bool comparable: valid && letterIdNo !== ""
    readonly property bool matches: comparable && number === letterIdNo

    visible: wanted
    spacing: Theme.spacing
    // The papers step made again (back from the checks): the number the controller holds.
    Component.onCompleted: if (controller.idCardNo !== "") field.text = controller.idCardNo

    // A number an ID reader typed.
    function scan(text) {
        field.text = text.trim().toUpperCase()
        field.edited = true
    }

    // First 6 and last 4 characters, as the receipt masks an ID (maskedId, backend/identifiers/residentid.h).
    function masked(id) {
        return id.length <= 10 ? "*".repeat(id.length) : id.substring(0, 6) + "*".repeat(id.length - 10) + id.substring(id.length - 4)
    }

    ValidatedField {
        id: field
        objectName: "idCardNo"
        Layout.fillWidth: true
        Layout.preferredWidth: 2
        Layout.alignment: Qt.AlignTop
        label: qsTr("Agent's ID card number")
        maximumLength: 18
        validator: function(t) { return Validators.residentIdProblem(t) }
        // Not root.number: that binding may not have followed the text yet.
        onTextChanged: root.controller.idCardNo = text.trim().toUpperCase()
    }
    // A new agent (the controller forgot the number): the field is empty again.
    Connections {
        target: root.controller
        function onPapersChanged() {
            if (root.controller.idCardNo === "" && root.number !== "")
                field.reset()
        }
    }
    ColumnLayout {
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: Qt.AlignTop
        spacing: 4
        Label {
            text: root.isNew ? qsTr("The letter's agent") : qsTr("The authorization letter's agent")
            font.pixelSize: Theme.bodySize
            color: Theme.text
        }
        Label {
            objectName: "idCardLetterAgent"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.bodySize
            font.bold: root.letterName !== ""
            color: root.letterName !== "" ? Theme.text : Theme.mutedText
            text: root.letterName !== "" ? (root.letterIdNo !== "" ? "%1  %2".arg(root.letterName).arg(root.masked(root.letterIdNo)) : root.letterName)
                : root.isNew ? qsTr("shown once the letter is scanned") : qsTr("typed from the letter above")
        }
        Label {
            objectName: "idCardMatch"
            Layout.fillWidth: true
            visible: root.comparable
            wrapMode: Text.Wrap
            font.pixelSize: Theme.bodySize
            color: root.matches ? Theme.ok : Theme.error
            text: root.matches ? qsTr("✓ Matches the letter: compare the name and photo on the card")
                               : qsTr("✕ Not the letter's agent: the agent named on the letter must come in person")
        }
    }
}
