import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 3: the fee lines from the centre's schedule, how it is paid (split over several payments if need
// be, qml/PaymentLines.qml), and the invoice request (qml/InvoiceForm.qml, prefilled from the papers).
StepPage {
    id: step
    objectName: "feeStep"
    signal proceed()
    heading: qsTr("Fee and payment")
    proceedText: qsTr("Continue to the key")
    proceedEnabled: controller.paymentProblem === ""
    errorText: controller.errorText !== "" ? controller.errorText : ""
    onProceedClicked: proceed()

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing * 2

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing

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
                                wrapMode: Text.Wrap
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
            PaymentLines {
                Layout.fillWidth: true
                visible: step.controller.totalFen > 0
                controller: step.controller
            }
            Label {
                visible: step.controller.totalFen <= 0
                text: qsTr("Nothing is due.")
                color: Theme.ok
            }
        }

        InvoiceForm {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            visible: step.controller.totalFen > 0
            controller: step.controller
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
