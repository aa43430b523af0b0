import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Every check of the papers and of the key, in the backend's order: a green tick or a red cross, what was
// checked, and under a failed one the backend's reason in the operator's language. Not scrollable by itself:
// put it in a ScrollView when the list may be longer than the screen.
ColumnLayout {
    id: root

    // [{id, passed, reason, phrase}] as the workflow reports them: `reason` is English, `phrase` the same
    // sentence to translate (backend/phrase.h); a check without a phrase shows its English reason.
    property var checks: []
    // The "n of m checks failed" line above the rows; a group's list (CheckGroups.qml) says it on its own line.
    property bool showHeader: true
    readonly property int failureCount: {
        let failed = 0
        for (const check of root.checks) {
            if (!check.passed)
                ++failed
        }
        return failed
    }

    // What a check id means, for the operator. Ids come from backend/workflow/workflow.cpp,
    // backend/papers/assistanceletter.cpp and backend/papers/papercheck.cpp; an unknown id is shown as it is.
    function title(id) {
        switch (id) {
        // Assistance letter (DESIGN §3.2)
        case "format": return qsTr("The letter can be read")
        case "algorithm": return qsTr("Signature algorithm is accepted")
        case "signer": return qsTr("Signer certificate is known")
        case "chain": return qsTr("Signer is trusted by the tax authority")
        case "signer_valid_on_issued": return qsTr("Signer certificate was valid on the issue date")
        case "signature": return qsTr("Signature is genuine")
        case "dates": return qsTr("Letter is valid today")
        case "business": return qsTr("Letter covers a new certificate")
        case "uscc": return qsTr("Company USCC is valid")
        case "agent_id": return qsTr("Agent's ID number is valid")
        case "id_card": return qsTr("Agent's ID card matches the letter")
        case "unused": return qsTr("Letter has not been used before")
        case "hand_entry_approved": return qsTr("Hand-entered letter approved by a supervisor")
        case "org": return qsTr("Company name is given")
        case "text": return qsTr("Text fields are acceptable")
        // Authorization letter (DESIGN §3.1)
        case "names": return qsTr("Company and agent are named")
        case "company_id": return qsTr("Company ID is valid")
        case "company_name": return qsTr("Company name is acceptable")
        case "agent_mobile": return qsTr("Agent's mobile number is valid")
        case "validity": return qsTr("Authorization is valid today")
        case "business_type": return qsTr("Authorization covers this business")
        case "company_matches_certificate": return qsTr("Company matches the certificate on the key")
        case "seal": return qsTr("Company seal confirmed")
        // Key, certificate and counter
        case "configuration": return qsTr("Counter is configured for this")
        case "not_in_progress": return qsTr("No other transaction is open for this")
        case "blank_key": return qsTr("One blank key is in the writer")
        case "key": return qsTr("Key is in the writer")
        case "certificate": return qsTr("Key holds this company's certificate")
        case "renewal_window": return qsTr("Renewal is open for this certificate")
        case "not_too_late": return qsTr("Certificate is not too long expired")
        case "upgrade_due": return qsTr("Certificate is due for an upgrade")
        case "pin": return qsTr("Key PIN is correct")
        case "new_pin": return qsTr("New PIN follows the rules")
        case "old_key": return qsTr("Old key is on record")
        case "writer": return qsTr("Key writer is working")
        case "so_pin": return qsTr("Key's administrator PIN is not locked")
        case "so_pin_ours": return qsTr("Key's administrator PIN is one this counter sets")
        case "locked": return qsTr("Key is locked")
        // Fees
        case "fee": return qsTr("Fee is known")
        case "payment": return qsTr("Payment is recorded")
        case "invoice": return qsTr("Invoice details are complete")
        case "waiver": return qsTr("Fee waiver applies")
        case "waiver_attested": return qsTr("Damage without fault attested")
        case "waiver_approved": return qsTr("Fee waiver approved by a supervisor")
        case "refund_approved": return qsTr("Refund approved by a supervisor")
        case "evidence": return qsTr("Scans are acceptable")
        case "scans": return qsTr("Required scans are attached")
        case "header": return qsTr("Letter format is accepted")
        case "signer_office": return qsTr("Signer is registered for this tax office")
        case "signer_valid_today": return qsTr("Signer certificate is valid today")
        case "lifetime": return qsTr("Letter's validity period is acceptable")
        case "certificate_trust": return qsTr("Key's certificate is from a trusted CA")
        case "certificate_record": return qsTr("Key's certificate is the one on record")
        case "key_pair": return qsTr("Key holds the certificate's private key")
        case "key_algorithm": return qsTr("Key can hold the key pair")
        case "so_pin_final_try": return qsTr("Supervisor confirmed the administrator PIN's last try")
        case "day_open": return qsTr("Business day is open")
        }
        return id
    }

    // A backend phrase ({template, args: [{text} | {phrase}]}) in the operator's language: the template is
    // looked up in the "Reason" context, nested phrases are translated first, and the arguments replace %1..%n
    // in one pass (as in Phrase::translated()), so a "%2" inside a name someone typed is left alone.
    function phraseText(phrase) {
        const args = (phrase.args || []).map(arg => arg.phrase ? root.phraseText(arg.phrase) : String(arg.text ?? ""))
        return qsTranslate("Reason", phrase.template).replace(/%([1-9])([0-9]?)/g, (match, first, second) => {
            const both = Number(first + second)
            if (second !== "" && both <= args.length)
                return args[both - 1]
            const one = Number(first)
            return one <= args.length ? args[one - 1] + second : match
        })
    }

    spacing: Theme.spacing / 2

    Label {
        objectName: "header"
        Layout.fillWidth: true
        visible: root.showHeader
        text: root.checks.length === 0 ? qsTr("No checks yet")
            : root.failureCount === 0 ? qsTr("All checks passed (%1)").arg(root.checks.length)
            : qsTr("%1 of %2 checks failed").arg(root.failureCount).arg(root.checks.length)
        color: root.checks.length === 0 ? Theme.mutedText : root.failureCount === 0 ? Theme.ok : Theme.error
        font.pixelSize: Theme.headingSize
        font.bold: true
        wrapMode: Text.Wrap
    }

    // The rows in the operator's language. The title and the reason are translated here, where the functions
    // are in scope, and handed to the rows; a language switch evaluates this again.
    readonly property var rows: root.checks.map(check => ({
        id: check.id,
        passed: check.passed === true,
        reason: check.phrase ? root.phraseText(check.phrase) : (check.reason || ""),
        title: root.title(check.id)
    }))
    // Rows made ahead, empty and hidden: the list is made while the papers are still on screen (the checks
    // step loads in the background) and the checks only fill it in, so they show without a pause. More rows
    // are added if a list is ever longer.
    property int reserve: 16

    Repeater {
        model: Math.max(root.rows.length, root.reserve)
        delegate: RowLayout {
            id: row
            required property int index
            readonly property var modelData: row.index < root.rows.length
                                             ? root.rows[row.index] : ({ id: "", passed: true, reason: "", title: "" })
            readonly property bool passed: row.modelData.passed
            visible: row.index < root.rows.length
            objectName: "check_" + row.modelData.id
            Layout.fillWidth: true
            spacing: Theme.spacing

            Rectangle {
                objectName: "mark"
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: 36
                Layout.preferredHeight: 36
                radius: 18
                color: row.passed ? Theme.ok : Theme.error
                Label {
                    anchors.centerIn: parent
                    text: row.passed ? "✓" : "✕"
                    color: "white"
                    font.pixelSize: 22
                    font.bold: true
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                Label {
                    objectName: "title"
                    Layout.fillWidth: true
                    text: row.modelData.title
                    color: row.passed ? Theme.text : Theme.error
                    font.pixelSize: Theme.bodySize
                    font.bold: !row.passed
                    wrapMode: Text.Wrap
                }
                Label {
                    objectName: "reason"
                    Layout.fillWidth: true
                    visible: !row.passed && text.length > 0
                    text: row.modelData.reason
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.Wrap
                }
            }
        }
    }
}
