import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// What the operator decides on, in one place on top of the checks: the company (name, USCC), the agent (name,
// ID number masked as the receipt prints it), the letter (an assistance letter's number, tax office and last
// day; an authorization letter's last day and business) and the key (serial; the certificate on it). The
// agent's ID card, when the checks compared it, with its verdict. From the preview that passed
// (controller.decision, "checks: decision card" in qml/operationcontroller.h).
Rectangle {
    id: card
    // The operation's controller (OperationController; any object with its properties, for the tests).
    required property var controller
    readonly property var d: card.controller.decision
    readonly property string kind: card.controller.kind
    // The ID card check, read from the checks (present once the counter compares the card with the letter).
    readonly property var idCard: card.controller.checks.find(c => c.id === "id_card")

    function businessWord(code) {
        switch (code) {
        case "REPLACE": return qsTr("Key replacement")
        case "UNLOCK": return qsTr("Key unlock")
        }
        return code
    }
    // A certificate's serial (40 hex digits) as a person compares it: its first and last eight.
    function shortSerial(serial) {
        return serial.length > 20 ? serial.slice(0, 8) + "…" + serial.slice(-8) : serial
    }
    function joined(parts) {
        return parts.filter(p => p !== undefined && p !== "").join(" · ")
    }

    objectName: "decisionCard"
    implicitHeight: grid.implicitHeight + 2 * 12
    radius: 8
    color: Theme.card
    border.color: "#d5dbe4"
    border.width: 1

    component CardRow: RowLayout {
        id: row
        property string caption
        property string value
        property color valueColor: Theme.text
        visible: row.value !== ""
        Layout.fillWidth: true
        Layout.alignment: Qt.AlignTop
        spacing: Theme.spacing / 2
        Label {
            objectName: "caption"
            Layout.preferredWidth: 132
            Layout.alignment: Qt.AlignTop | Qt.AlignLeft
            text: row.caption
            color: Theme.mutedText
            font.pixelSize: Theme.smallSize
            topPadding: 3
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "value"
            Layout.fillWidth: true
            text: row.value
            color: row.valueColor
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
    }

    RowLayout {
        id: grid
        anchors.fill: parent
        anchors.margins: 12
        spacing: Theme.spacing * 2
        readonly property real half: (grid.width - grid.spacing) / 2

        // Left: whom the papers name.
        ColumnLayout {
            Layout.preferredWidth: grid.half
            Layout.maximumWidth: grid.half
            Layout.alignment: Qt.AlignTop
            spacing: 4
            CardRow {
                objectName: "company"
                caption: qsTr("Company")
                value: card.controller.company
            }
            CardRow {
                objectName: "uscc"
                caption: qsTr("USCC")
                value: card.controller.uscc
            }
            CardRow {
                objectName: "agent"
                caption: qsTr("Agent")
                value: card.controller.agentName === "" ? ""
                     : card.joined([card.controller.agentName,
                                    card.d.agentIdMasked ? qsTr("ID %1").arg(card.d.agentIdMasked) : ""])
            }
            CardRow {
                objectName: "idCard"
                caption: qsTr("ID card")
                value: !card.idCard ? ""
                     : card.idCard.passed ? qsTr("✓ matches the letter's agent")
                     : qsTr("✕ does not match the letter's agent")
                valueColor: card.idCard && card.idCard.passed ? Theme.ok : Theme.error
            }
        }
        // Right: the letter and the key.
        ColumnLayout {
            Layout.preferredWidth: grid.half
            Layout.maximumWidth: grid.half
            Layout.alignment: Qt.AlignTop
            spacing: 4
            CardRow {
                objectName: "letter"
                caption: card.kind === "NEW" ? qsTr("Letter") : qsTr("Authorization")
                value: card.kind === "NEW"
                       ? card.joined([card.d.letterNo ? qsTr("No. %1").arg(card.d.letterNo) : "",
                                      card.d.letterValidUntil ? qsTr("valid until %1").arg(card.d.letterValidUntil) : ""])
                       : card.joined([(card.d.letterBusiness || []).map(b => card.businessWord(b)).join(qsTr(", ")),
                                      card.d.letterValidUntil ? qsTr("valid until %1").arg(card.d.letterValidUntil) : ""])
            }
            CardRow {
                objectName: "office"
                caption: qsTr("Tax office")
                value: card.kind !== "NEW" || !card.d.officeCode ? ""
                     : card.d.officeName ? qsTr("%1 (%2)").arg(card.d.officeName).arg(card.d.officeCode)
                     : card.d.officeCode
            }
            CardRow {
                objectName: "key"
                caption: qsTr("Key")
                // A blank key may tell no serial before it is initialised.
                readonly property bool blank: card.kind === "NEW" || card.kind === "REPLACE"
                value: card.d.keySerial === undefined ? ""
                     : card.joined([blank ? (card.d.keySerial ? qsTr("blank key %1").arg(card.d.keySerial)
                                                              : qsTr("the blank key in the writer"))
                                          : card.d.keySerial,
                                    card.controller.keyAlgorithm
                                    ? qsTr("new key pair %1").arg(card.controller.keyAlgorithm) : ""])
            }
            CardRow {
                objectName: "certificate"
                caption: card.kind === "REPLACE" ? qsTr("Old key") : qsTr("Certificate")
                value: card.joined([card.kind === "REPLACE" && card.d.oldKeySerial ? card.d.oldKeySerial : "",
                                    !card.d.keyCertificateSerial ? ""
                                    : card.kind === "REPLACE"
                                    ? qsTr("certificate %1").arg(card.shortSerial(card.d.keyCertificateSerial))
                                    : card.shortSerial(card.d.keyCertificateSerial),
                                    card.d.keyCertificateNotAfter
                                    ? qsTr("until %1").arg(card.d.keyCertificateNotAfter) : ""])
            }
        }
    }
}
