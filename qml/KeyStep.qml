import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 4: the agent types the PIN on the pad (it goes straight to the token worker), then the key steps run
// one by one. A pulled key pauses the work until it is back; giving up undoes it (refund approved by a
// supervisor).
StepPage {
    id: step
    objectName: "keyStep"
    readonly property bool newPin: controller.kind !== "RENEW" && controller.kind !== "UPGRADE"
    readonly property bool started: controller.running || controller.paused || controller.finished
    readonly property var pickedKey: Writer.keys.find(k => k.serial === controller.keySerial)

    heading: started ? qsTr("Working on the key") : newPin ? qsTr("The agent sets the new PIN") : qsTr("The agent types the key's PIN")
    hint: started ? qsTr("Leave the key in the writer until this is done.")
        : newPin ? qsTr("Turn the PIN pad to the agent. The PIN is typed twice; the rules show as they type.")
        : qsTr("Turn the PIN pad to the agent. A wrong PIN counts towards locking the key.")
    // The paused panel says the key was pulled and what to do: not said twice.
    errorText: controller.paused && controller.keyRemoved ? "" : controller.errorText
    proceedVisible: !started
    proceedText: controller.busy ? qsTr("Working…") : qsTr("Start")
    proceedEnabled: pad.complete && (!finalTry.visible || finalTry.checked)
    onProceedClicked: controller.run(pad.entry, pad.confirmEntry)
    onActiveChanged: if (active && !started) pad.forceActiveFocus()

    PinPad {
        id: pad
        objectName: "pinPad"
        Layout.alignment: Qt.AlignHCenter
        visible: !step.started
        newPin: step.newPin
        wide: true
        birthDate: step.controller.birthDate
        // The agent's OK on the pad starts the work: the operator has nothing more to press.
        onSubmitted: if (step.proceedEnabled) step.controller.run(pad.entry, pad.confirmEntry)
    }
    CheckBox {
        id: finalTry
        objectName: "finalTryConfirmed"
        visible: !step.started && !step.newPin && step.pickedKey !== undefined && step.pickedKey.userPinFinalTry
        implicitHeight: Theme.touchTarget
        text: qsTr("One more wrong PIN locks this key. The agent is sure of the PIN.")
        onToggled: step.controller.finalTryConfirmed = checked
    }

    // One row per step, made once with the page (in the background) and only updated as the work goes on: the
    // steps list is new at every stage, and a model of it would make every row again each time.
    Repeater {
        model: step.controller.steps.length
        delegate: RowLayout {
            id: progressRow
            required property int index
            readonly property var modelData: step.controller.steps[progressRow.index] || ({ id: "", state: "pending" })
            objectName: "progress_" + progressRow.modelData.id
            property string state: modelData.state
            visible: step.started
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                Layout.preferredWidth: 48
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: Theme.headingSize
                color: modelData.state === "done" ? Theme.ok : modelData.state === "failed" ? Theme.error
                     : modelData.state === "running" ? Theme.accent : Theme.mutedText
                text: modelData.state === "done" ? "✓" : modelData.state === "failed" ? "✗"
                    : modelData.state === "running" ? "…" : "○"
            }
            Label {
                Layout.fillWidth: true
                font.pixelSize: Theme.headingSize - 4
                font.bold: modelData.state === "running"
                color: modelData.state === "pending" ? Theme.mutedText : Theme.text
                text: {
                    switch (modelData.id) {
                    case "revoke": return qsTr("Revoke the old key's certificates")
                    case "initialise": return qsTr("Initialise the key and set the PIN")
                    case "unlock": return qsTr("Unlock the key and set the new PIN")
                    case "generate": return qsTr("Generate the key pair on the key")
                    case "request": return qsTr("Request the certificate from the CA")
                    case "write": return qsTr("Write the certificate to the key")
                    case "verify": return qsTr("Verify the key")
                    case "complete": return qsTr("Record the transaction and the receipt")
                    }
                    return modelData.id
                }
            }
        }
    }

    SlowStep {
        progress: step.controller.stepProgress
    }

    Frame {
        objectName: "pausedPanel"
        Layout.fillWidth: true
        visible: step.controller.paused
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                objectName: "pausedMessage"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.headingSize - 2
                font.bold: true
                color: step.controller.keyRemoved ? Theme.warning : Theme.text
                text: step.controller.keyRemoved ? qsTr("The key was pulled out. Insert the key again, then continue.")
                    : qsTr("The work stopped; nothing is lost. Continue when ready, or give it up.")
            }
            RowLayout {
                spacing: Theme.spacing
                Button {
                    objectName: "resumeButton"
                    text: qsTr("Continue")
                    highlighted: true
                    enabled: !step.controller.busy && !step.controller.keyRemoved
                    implicitHeight: Theme.touchTarget
                    implicitWidth: 200
                    onClicked: step.controller.resume()
                }
                Button {
                    objectName: "giveUpButton"
                    text: qsTr("Give up and refund…")
                    enabled: !step.controller.busy
                    implicitHeight: Theme.touchTarget
                    onClicked: step.controller.refundApprovedBy !== "" || step.controller.totalFen <= 0
                               ? step.controller.cancelTransaction()
                               : refundApproval.ask("refund", qsTr("Give up transaction %1 and refund its fee.").arg(step.controller.transactionNumber))
                }
            }
        }
    }
    Label {
        objectName: "cancelledMessage"
        Layout.fillWidth: true
        visible: step.controller.cancelled
        wrapMode: Text.Wrap
        font.pixelSize: Theme.headingSize - 4
        text: qsTr("Transaction %1 was given up: its certificate revoked, its fee refunded, the new key wiped.").arg(step.controller.transactionNumber)
    }

    ApprovalDialog {
        id: refundApproval
        controller: step.controller
        onClosed: if (step.controller.refundApprovedBy !== "") step.controller.cancelTransaction()
    }
}
