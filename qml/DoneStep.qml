import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 5: what was done, the transaction and receipt numbers, the receipt on screen, and printing it: the
// first print, reprints (the paper says 补打 / REPRINT) and, when the printer can't print, why and a retry.
// Printing runs off the GUI thread; the transaction is complete whether the paper comes out or not.
StepPage {
    id: step
    objectName: "doneStep"
    signal nextAgent()
    heading: qsTr("Done")
    proceedText: qsTr("Next agent")
    onProceedClicked: nextAgent()

    ReceiptPrinter {
        id: receiptPrinter
        objectName: "receiptPrinter"
        receiptNumber: step.controller.receiptNumber
    }

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
            Label { text: "¥" + Money.yuan(step.controller.totalFen); font.bold: true }
        }
    }

    ColumnLayout {
        objectName: "receiptPrinting"
        Layout.fillWidth: true
        Layout.maximumWidth: 720
        visible: step.controller.receiptNumber !== ""
        spacing: Theme.spacing / 2
        RowLayout {
            spacing: Theme.spacing
            Button {
                objectName: "printReceiptButton"
                visible: receiptPrinter.printedCount === 0 && receiptPrinter.errorText === ""
                enabled: !receiptPrinter.busy
                text: qsTr("Print receipt")
                highlighted: true
                implicitHeight: Theme.touchTarget
                implicitWidth: 240
                font.pixelSize: Theme.bodySize
                onClicked: receiptPrinter.printReceipt()
            }
            Button {
                objectName: "reprintReceiptButton"
                visible: receiptPrinter.printedCount > 0 && receiptPrinter.errorText === ""
                enabled: !receiptPrinter.busy
                text: qsTr("Reprint")
                implicitHeight: Theme.touchTarget
                implicitWidth: 240
                font.pixelSize: Theme.bodySize
                onClicked: receiptPrinter.printReceipt()
            }
            Button {
                objectName: "retryPrintButton"
                visible: receiptPrinter.errorText !== ""
                enabled: !receiptPrinter.busy
                text: qsTr("Retry printing")
                highlighted: true
                implicitHeight: Theme.touchTarget
                implicitWidth: 240
                font.pixelSize: Theme.bodySize
                onClicked: receiptPrinter.printReceipt()
            }
            BusyIndicator {
                objectName: "printBusy"
                running: receiptPrinter.busy
                visible: running
                implicitHeight: Theme.touchTarget
                implicitWidth: Theme.touchTarget
            }
            Label {
                objectName: "printStatus"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                visible: text !== ""
                color: receiptPrinter.busy ? Theme.text : Theme.ok
                text: receiptPrinter.busy ? qsTr("Printing the receipt…") : receiptPrinter.statusText
            }
        }
        Label {
            objectName: "printError"
            Layout.fillWidth: true
            visible: receiptPrinter.errorText !== "" && !receiptPrinter.busy
            wrapMode: Text.Wrap
            color: Theme.error
            font.bold: true
            text: receiptPrinter.errorText
        }
        Label {
            Layout.fillWidth: true
            visible: receiptPrinter.errorText !== "" && !receiptPrinter.busy
            wrapMode: Text.Wrap
            color: Theme.mutedText
            text: qsTr("The transaction is complete; only the paper receipt is missing. Fix the printer, then retry.")
        }
        Label {
            Layout.fillWidth: true
            visible: receiptPrinter.voided
            color: Theme.error
            font.bold: true
            text: qsTr("This receipt is void; it prints marked 作废 / VOID.")
        }
    }
}
