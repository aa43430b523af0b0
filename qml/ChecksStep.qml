import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 2: a decision at a glance. A refusal leads with what the agent must bring or fix; a pass shows the card
// the operator compares with the papers and the ID card in front of them (company, agent, letter, key); then
// every check of the papers and the key in a few groups, each one line with its verdict, a failed one open
// with its technical checks and their reasons. A refusal wrote nothing but its audit entry.
StepPage {
    id: step
    objectName: "checksStep"
    signal proceed()
    signal backToPapers()
    heading: controller.checksPassed ? qsTr("All checks passed") : qsTr("Refused")
    // The card says whom and what; a refusal says what to bring first.
    hint: ""
    proceedText: !controller.checksPassed ? qsTr("Back to the papers")
               : controller.totalFen > 0 ? qsTr("Continue to the fee") : qsTr("Continue to the key")
    onProceedClicked: controller.checksPassed ? proceed() : backToPapers()

    RefusalAdvice {
        Layout.fillWidth: true
        visible: !step.controller.checksPassed && step.controller.checked
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
    DecisionCard {
        Layout.fillWidth: true
        visible: step.controller.checksPassed
        controller: step.controller
    }
    CheckGroups {
        objectName: "checkList"
        Layout.fillWidth: true
        checks: step.controller.checks
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
}
