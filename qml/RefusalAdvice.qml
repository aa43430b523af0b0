import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// A refusal, first of all: what the agent must bring or fix, in plain words, one line per problem (from the
// failed checks' ids). A failure no line covers is named by the red group below it.
Rectangle {
    id: advice
    // [{id, passed, …}] as the workflow reports them.
    property var checks: []
    readonly property var failed: advice.checks.filter(c => c.passed !== true).map(c => c.id)
    readonly property var lines: {
        const failed = advice.failed
        const any = ids => failed.some(id => ids.includes(id))
        let lines = []
        if (any(["signature", "signer", "chain", "signer_valid_on_issued", "signer_valid_today", "signer_office",
                 "format", "header", "algorithm"]))
            lines.push(qsTr("The letter's QR code is not a valid letter of a trusted tax office: ask the agent for the original letter from the tax office."))
        if (any(["hand_entry_approved"]))
            lines.push(qsTr("A letter typed in by hand needs a supervisor's approval."))
        if (any(["dates", "validity", "lifetime"]))
            lines.push(qsTr("The letter is not valid today: the agent needs a letter valid today."))
        if (any(["unused"]))
            lines.push(qsTr("This letter was already used: the agent needs a new letter."))
        if (any(["not_in_progress"]))
            lines.push(qsTr("Another transaction is using this letter now (its number and counter are below): it can be used here only once that transaction is given up."))
        if (any(["business", "business_type"]))
            lines.push(qsTr("The letter does not cover this service: it must tick it."))
        if (any(["seal"]))
            lines.push(qsTr("The letter needs the company's seal."))
        if (any(["uscc", "company_id"]))
            lines.push(qsTr("The company's code on the letter is wrong: compare it with the business licence."))
        if (any(["agent_id"]))
            lines.push(qsTr("The agent's ID number on the letter is wrong: the agent needs a corrected letter."))
        if (any(["id_card"]))
            lines.push(qsTr("The ID card must be the letter's agent's: the agent named on the letter must come in person with their ID card."))
        if (any(["names", "org", "company_name", "agent_mobile", "text"]))
            lines.push(qsTr("The letter must name the company, the agent and the agent's mobile number correctly."))
        if (any(["company_matches_certificate"]))
            lines.push(qsTr("The letter's company is not the company of the certificate on the key: bring the letter of that company."))
        if (any(["blank_key"]))
            lines.push(qsTr("Put exactly one blank key in the writer."))
        if (any(["key", "writer"]))
            lines.push(qsTr("Put the agent's key in the writer."))
        if (any(["certificate", "certificate_trust", "certificate_record", "key_pair"]))
            lines.push(qsTr("The certificate on this key can't be used here: the key needs a replacement (补办)."))
        if (any(["renewal_window"]))
            lines.push(qsTr("It is too early to renew this certificate: come back in the renewal period."))
        if (any(["not_too_late"]))
            lines.push(qsTr("The certificate expired too long ago: the agent needs a new certificate (新办)."))
        if (any(["upgrade_due"]))
            lines.push(qsTr("This certificate needs no upgrade: renew it instead."))
        if (any(["so_pin", "so_pin_ours"]))
            lines.push(qsTr("This key can't be unlocked: offer a replacement key (补办)."))
        if (any(["so_pin_final_try"]))
            lines.push(qsTr("The key's last unlock try needs a supervisor's confirmation."))
        if (any(["locked"]))
            lines.push(qsTr("The key's PIN is not locked: there is nothing to unlock."))
        if (any(["old_key"]))
            lines.push(qsTr("Name the key to replace: its serial is on the old key or the last receipt."))
        if (any(["key_algorithm"]))
            lines.push(qsTr("This key can't hold the certificate's key pair: use a key of another model."))
        if (lines.length === 0 && failed.length > 0)
            lines.push(qsTr("Fix what the red lines below say, then check again."))
        return lines
    }

    objectName: "bringAdvice"
    implicitHeight: column.implicitHeight + 2 * 12
    radius: 8
    color: "#fbe9e9"
    border.color: Theme.error
    border.width: 2
    // The first line, for the screens and the tests: what the agent must bring or fix.
    readonly property string text: advice.lines.join("\n")

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 12
        spacing: 6
        Label {
            objectName: "adviceHeading"
            Layout.fillWidth: true
            text: qsTr("The agent must bring or fix:")
            font.pixelSize: Theme.bodySize
            font.bold: true
            color: Theme.error
            wrapMode: Text.Wrap
        }
        // A count, not the array: the lines in another language are the same labels, not new ones.
        Repeater {
            model: advice.lines.length
            delegate: Label {
                required property int index
                objectName: "advice_" + index
                Layout.fillWidth: true
                text: "• " + (advice.lines[index] ?? "")
                font.pixelSize: Theme.bodySize
                color: Theme.text
                wrapMode: Text.Wrap
            }
        }
    }
}
