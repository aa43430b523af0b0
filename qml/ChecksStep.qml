import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 2: every check of the papers and the key, green or red with its reason. A refusal says what the
// agent must bring; nothing was written but its audit entry.
StepPage {
    id: step
    objectName: "checksStep"
    signal proceed()
    signal backToPapers()
    heading: controller.checksPassed ? qsTr("All checks passed") : qsTr("Refused")
    hint: controller.checksPassed
          ? (controller.company !== "" ? qsTr("%1 · USCC %2").arg(controller.company).arg(controller.uscc)
                                         + (controller.keyAlgorithm !== "" ? qsTr(" · key pair %1").arg(controller.keyAlgorithm) : "")
                                       : "")
          : qsTr("The operation can't go on with these papers. Tell the agent what to bring or fix, then check again.")
    proceedText: !controller.checksPassed ? qsTr("Back to the papers")
               : controller.totalFen > 0 ? qsTr("Continue to the fee") : qsTr("Continue to the key")
    onProceedClicked: controller.checksPassed ? proceed() : backToPapers()

    CheckList {
        objectName: "checkList"
        Layout.fillWidth: true
        checks: step.controller.checks
    }
    // DESIGN §3.4: a real USCC can fail its check; a supervisor who sees it on the business licence confirms it.
    readonly property var failedIds: controller.checks.filter(c => !c.passed).map(c => c.id)
    readonly property bool onlyUsccFailed: controller.checked && !controller.checksPassed && failedIds.length > 0
                                           && failedIds.every(id => id === "uscc" || id === "company_id")
    RowLayout {
        visible: step.onlyUsccFailed && step.controller.usccOverrideApprovedBy === ""
        spacing: Theme.spacing
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Some real codes fail the check. If the business licence shows exactly this code, a supervisor can confirm it.")
        }
        Button {
            objectName: "usccOverrideButton"
            text: qsTr("Supervisor confirms the code…")
            implicitHeight: Theme.touchTarget
            onClicked: usccApproval.ask("uscc_override", qsTr("The unified social credit code fails its check digit; confirm it against the business licence."))
        }
    }
    ApprovalDialog {
        id: usccApproval
        controller: step.controller
    }
    Connections {
        target: step.controller
        function onApproved(what, supervisor) {
            if (what === "uscc_override")
                step.controller.check()
        }
    }
    Label {
        objectName: "feeSummary"
        Layout.fillWidth: true
        visible: step.controller.checksPassed
        wrapMode: Text.Wrap
        font.pixelSize: Theme.headingSize - 4
        color: step.controller.totalFen > 0 ? Theme.text : Theme.ok
        text: (step.controller.totalFen > 0 ? qsTr("Fee due: ¥%1").arg(Money.yuan(step.controller.totalFen))
                                            : qsTr("Nothing is due."))
              + (step.controller.feeLines.length > 0
                 ? "  (" + step.controller.feeLines.map(l => FeeWords.describe(l.description) + " ¥" + l.amount).join("; ") + ")" : "")
    }
    Label {
        objectName: "bringAdvice"
        Layout.fillWidth: true
        visible: !step.controller.checksPassed && step.controller.checked
        wrapMode: Text.Wrap
        color: Theme.text
        text: {
            const failed = step.controller.checks.filter(c => !c.passed).map(c => c.id)
            let advice = []
            if (failed.some(id => ["signature", "signer", "chain", "signer_valid_on_issued", "format", "algorithm"].includes(id)))
                advice.push(qsTr("The letter's QR code is not a valid letter of a trusted tax office: ask the agent for the original letter from the tax office."))
            if (failed.includes("dates") || failed.includes("validity"))
                advice.push(qsTr("The letter is not valid today: the agent needs a letter valid today."))
            if (failed.includes("unused"))
                advice.push(qsTr("This letter was already used: the agent needs a new letter."))
            if (failed.includes("not_in_progress"))
                advice.push(qsTr("Another transaction is using this letter now (its number and counter are above): it can be used here only once that transaction is given up."))
            if (failed.includes("business"))
                advice.push(qsTr("The letter does not cover this service: it must tick it."))
            if (failed.includes("id_card"))
                advice.push(qsTr("The ID card must be the letter's agent's: the agent named on the letter must come in person with their ID card."))
            if (failed.includes("seal"))
                advice.push(qsTr("The letter needs the company's seal."))
            if (failed.includes("blank_key"))
                advice.push(qsTr("Put exactly one blank key in the writer."))
            if (failed.includes("so_pin"))
                advice.push(qsTr("This key can't be unlocked: offer a replacement key (补办)."))
            return advice.join("\n")
        }
    }
}
