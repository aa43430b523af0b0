import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// How the fee is paid (DESIGN §5): one line per payment — cash, bank card, WeChat Pay or Alipay, its amount
// in yuan and, unless cash, its reference number — until nothing remains. It starts as one cash line for the
// whole amount; the controller checks every line (OperationController.payments, remainingFen).
ColumnLayout {
    id: lines
    required property OperationController controller
    spacing: Theme.spacing / 2

    RowLayout {
        Layout.fillWidth: true
        Label {
            Layout.fillWidth: true
            text: qsTr("Payments")
            font.bold: true
            font.pixelSize: Theme.bodySize
            color: Theme.text
        }
        Label {
            objectName: "remaining"
            // Negative: over-paid, which is refused.
            readonly property bool over: lines.controller.remainingFen < 0
            text: over ? qsTr("Over-paid: ¥%1").arg(Money.yuan(-lines.controller.remainingFen))
                       : qsTr("Remaining: ¥%1").arg(Money.yuan(lines.controller.remainingFen))
            font.bold: true
            font.pixelSize: Theme.headingSize
            color: over ? Theme.error : lines.controller.remainingFen === 0 ? Theme.ok : Theme.warning
        }
    }

    Repeater {
        // By count, so typing in a line (which changes the list) keeps its field and the focus.
        model: lines.controller.payments.length
        delegate: RowLayout {
            id: row
            required property int index
            readonly property var line: lines.controller.payments[index] || ({})
            objectName: "payment_" + index
            Layout.fillWidth: true
            spacing: Theme.spacing / 2

            Label {
                objectName: "method"
                Layout.preferredWidth: 130
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: 32
                text: row.line.methodName || ""
                font.bold: true
                elide: Text.ElideRight
                color: Theme.text
            }
            ValidatedField {
                objectName: "amount"
                Layout.preferredWidth: 150
                Layout.alignment: Qt.AlignTop
                label: qsTr("Amount (¥)")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                text: row.line.amount || ""
                validator: {
                    const problem = row.line.amountProblem || ""
                    return function(t) { return problem }
                }
                onTextChanged: lines.controller.updatePayment(row.index, "amount", text)
            }
            ValidatedField {
                objectName: "reference"
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                visible: row.line.method !== "cash"
                label: qsTr("Reference number")
                placeholderText: qsTr("From the payment slip or the phone")
                text: row.line.reference || ""
                validator: {
                    const problem = row.line.referenceProblem || ""
                    return function(t) { return problem }
                }
                onTextChanged: lines.controller.updatePayment(row.index, "reference", text)
            }
            Item { Layout.fillWidth: true; visible: row.line.method === "cash" }
            Button {
                objectName: "removePayment"
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: 28
                implicitHeight: Theme.touchTarget
                text: qsTr("Remove")
                onClicked: lines.controller.removePayment(row.index)
            }
        }
    }

    Label {
        Layout.topMargin: Theme.spacing / 2
        text: qsTr("Add a payment:")
        color: Theme.mutedText
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacing / 2
        Repeater {
            model: [
                { code: "cash", name: qsTr("Cash") },
                { code: "bank_card", name: qsTr("Bank card") },
                { code: "wechat_pay", name: qsTr("WeChat Pay") },
                { code: "alipay", name: qsTr("Alipay") }
            ]
            delegate: Button {
                required property var modelData
                objectName: "add_" + modelData.code
                implicitHeight: Theme.touchTarget
                text: "+ " + modelData.name
                onClicked: lines.controller.addPayment(modelData.code)
            }
        }
    }
}
