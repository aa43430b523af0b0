import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 3: the fee lines from the centre's schedule, how it is paid, and the invoice request (prefilled
// from the papers).
StepPage {
    id: step
    objectName: "feeStep"
    signal proceed()
    heading: qsTr("Fee and payment")
    proceedText: qsTr("Continue to the key")
    proceedEnabled: controller.paymentProblem === ""
    errorText: controller.errorText !== "" ? controller.errorText : ""
    onProceedClicked: proceed()

    Frame {
        Layout.fillWidth: true
        ColumnLayout {
            anchors.fill: parent
            Repeater {
                model: step.controller.feeLines
                delegate: RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    Label {
                        Layout.fillWidth: true
                        text: FeeWords.describe(modelData.description)
                        color: modelData.waiver ? Theme.ok : Theme.text
                    }
                    Label {
                        text: "¥" + modelData.amount
                        color: modelData.waiver ? Theme.ok : Theme.text
                    }
                }
            }
            Rectangle { Layout.fillWidth: true; height: 1; color: Theme.mutedText }
            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Total")
                    font.bold: true
                }
                Label {
                    objectName: "feeTotal"
                    text: "¥" + Money.yuan(step.controller.totalFen)
                    font.bold: true
                    font.pixelSize: Theme.headingSize
                }
            }
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: step.controller.totalFen > 0
        Label { text: qsTr("Paid by"); font.bold: true }
        RowLayout {
            spacing: Theme.spacing
            Repeater {
                model: [
                    { code: "cash", name: qsTr("Cash") },
                    { code: "bank_card", name: qsTr("Bank card") },
                    { code: "wechat_pay", name: qsTr("WeChat Pay") },
                    { code: "alipay", name: qsTr("Alipay") }
                ]
                delegate: RadioButton {
                    required property var modelData
                    objectName: "pay_" + modelData.code
                    implicitHeight: Theme.touchTarget
                    text: modelData.name
                    checked: step.controller.paymentMethod === modelData.code
                    onClicked: step.controller.paymentMethod = modelData.code
                }
            }
        }
        TextField {
            objectName: "paymentReference"
            visible: step.controller.paymentMethod !== "cash"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("Payment reference (from the payment slip or the phone)")
            text: step.controller.paymentReference
            onTextChanged: step.controller.paymentReference = text
        }
    }
    Label {
        visible: step.controller.totalFen <= 0
        text: qsTr("Nothing is due.")
        color: Theme.ok
    }

    CheckBox {
        objectName: "invoiceWanted"
        visible: step.controller.totalFen > 0
        implicitHeight: Theme.touchTarget
        text: qsTr("The enterprise wants an invoice")
        checked: step.controller.invoiceWanted
        onToggled: step.controller.invoiceWanted = checked
    }
    GridLayout {
        Layout.fillWidth: true
        visible: step.controller.invoiceWanted && step.controller.totalFen > 0
        columns: 2
        columnSpacing: Theme.spacing
        function set(key, value) {
            const v = step.controller.invoice
            v[key] = value
            step.controller.invoice = v
        }
        ComboBox {
            objectName: "buyerKind"
            implicitHeight: Theme.touchTarget
            Layout.fillWidth: true
            model: [qsTr("Enterprise buyer"), qsTr("Individual buyer")]
            currentIndex: step.controller.invoice.buyerKind === "individual" ? 1 : 0
            onActivated: (i) => parent.set("buyerKind", i === 1 ? "individual" : "enterprise")
        }
        TextField {
            objectName: "buyerName"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("Buyer's name")
            text: step.controller.invoice.buyerName || ""
            onTextChanged: parent.set("buyerName", text)
        }
        TextField {
            objectName: "buyerTaxpayerId"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("Buyer's taxpayer ID")
            text: step.controller.invoice.buyerTaxpayerId || ""
            onTextChanged: parent.set("buyerTaxpayerId", text)
        }
        TextField {
            objectName: "deliveryEmail"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("E-mail for the e-invoice")
            text: step.controller.invoice.deliveryEmail || ""
            onTextChanged: parent.set("deliveryEmail", text)
        }
        TextField {
            objectName: "deliveryMobile"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("Mobile for the e-invoice")
            text: step.controller.invoice.deliveryMobile || ""
            onTextChanged: parent.set("deliveryMobile", text)
        }
    }
    Label {
        objectName: "paymentProblem"
        Layout.fillWidth: true
        visible: step.controller.paymentProblem !== "" && step.controller.checksPassed
        text: step.controller.paymentProblem
        color: Theme.warning
        wrapMode: Text.Wrap
    }
}
