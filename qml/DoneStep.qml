import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 5: what was done, the transaction and receipt numbers, and the receipt on screen (printing arrives
// with the receipts release).
StepPage {
    id: step
    objectName: "doneStep"
    signal nextAgent()
    heading: qsTr("Done")
    proceedText: qsTr("Next agent")
    onProceedClicked: nextAgent()

    Label {
        objectName: "doneSummary"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pixelSize: Theme.headingSize - 2
        color: Theme.ok
        text: step.controller.certificateSerial !== ""
              ? qsTr("The certificate is on the key and verified. Hand the key to the agent.")
              : qsTr("The key is unlocked with the new PIN. Hand the key to the agent.")
    }
    Frame {
        objectName: "receiptCard"
        Layout.fillWidth: true
        Layout.maximumWidth: 720
        background: Rectangle {
            color: Theme.card
            border.color: Theme.mutedText
            radius: 4
        }
        GridLayout {
            anchors.fill: parent
            columns: 2
            columnSpacing: Theme.spacing * 2
            rowSpacing: 6
            Label { text: qsTr("Receipt"); font.bold: true; Layout.columnSpan: 2; font.pixelSize: Theme.headingSize - 4 }
            Label { text: qsTr("Centre"); color: Theme.mutedText }
            Label { text: Workstation.centreName + " · " + qsTr("Counter %1").arg(Workstation.counterName) }
            Label { text: qsTr("Receipt number"); color: Theme.mutedText }
            Label { objectName: "receiptNumber"; text: step.controller.receiptNumber; font.bold: true }
            Label { text: qsTr("Transaction"); color: Theme.mutedText }
            Label { objectName: "transactionNumber"; text: step.controller.transactionNumber }
            Label { text: qsTr("Company"); color: Theme.mutedText; visible: step.controller.company !== "" }
            Label { text: step.controller.company + " (" + step.controller.uscc + ")"; visible: step.controller.company !== "" }
            Label { text: qsTr("Key"); color: Theme.mutedText }
            Label { text: step.controller.resultKeySerial }
            Label { text: qsTr("Certificate"); color: Theme.mutedText; visible: step.controller.certificateSerial !== "" }
            Label {
                visible: step.controller.certificateSerial !== ""
                Layout.fillWidth: true
                wrapMode: Text.WrapAnywhere
                text: step.controller.certificateSerial + "\n" + qsTr("valid until %1").arg(step.controller.notAfter.substring(0, 10))
            }
            Repeater {
                model: step.controller.feeLines
                delegate: Label {
                    required property var modelData
                    required property int index
                    Layout.columnSpan: 2
                    text: FeeWords.describe(modelData.description) + "  ¥" + modelData.amount
                }
            }
            Label { text: qsTr("Total paid"); color: Theme.mutedText }
            Label { text: "¥" + step.controller.yuan(step.controller.totalFen); font.bold: true }
        }
    }
}
