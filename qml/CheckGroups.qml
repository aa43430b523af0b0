import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The checks in a few groups a person understands, each one line with its verdict (green: how many passed;
// red: how many failed and which), opening (click, or Enter on it) to its technical checks as CheckList
// shows them, the failed first. A failed group opens by itself; a group without checks is not shown. An id
// no group knows goes to "Other checks", so a check the backend adds is never lost.
ColumnLayout {
    id: root

    // [{id, passed, reason, phrase}] as the workflow reports them (see CheckList.qml).
    property var checks: []

    // Which group each check id belongs to: every id of backend/workflow/*.cpp, backend/papers/*.cpp (the
    // letters' checks) and the agent's ID card check ("id_card").
    readonly property var groups: [
        { key: "letter", ids: ["format", "header", "algorithm", "signer", "signer_office", "chain",
                               "signer_valid_on_issued", "signer_valid_today", "signature", "lifetime",
                               "hand_entry_approved"] },
        { key: "validity", ids: ["dates", "validity", "business", "business_type", "unused", "not_in_progress",
                                 "seal"] },
        { key: "identity", ids: ["uscc", "company_id", "agent_id", "id_card", "names", "org", "company_name",
                                 "agent_mobile", "text"] },
        { key: "key", ids: ["key", "blank_key", "certificate", "certificate_trust", "certificate_record",
                            "key_pair", "company_matches_certificate", "renewal_window", "not_too_late",
                            "upgrade_due", "key_algorithm", "pin", "new_pin", "so_pin", "so_pin_ours",
                            "so_pin_final_try", "locked", "old_key", "writer"] },
        { key: "counter", ids: ["configuration", "day_open", "fee", "waiver", "waiver_attested",
                                "waiver_approved", "refund_approved", "evidence", "payment", "invoice",
                                "resume_only"] },
        { key: "other", ids: [] }
    ]

    function groupOf(id) {
        for (const group of root.groups) {
            if (group.ids.includes(id))
                return group.key
        }
        return "other"
    }

    function groupTitle(key) {
        switch (key) {
        case "letter": return qsTr("The letter is genuine")
        case "validity": return qsTr("The letter is valid for this business today and unused")
        case "identity": return qsTr("The company's and the agent's identifiers are valid")
        case "key": return qsTr("The key and its certificate")
        case "counter": return qsTr("Counter and fee")
        }
        return qsTr("Other checks")
    }

    spacing: 6

    // A count, not the array: a binding evaluated again (a language switch) must not make the groups anew
    // under the layout.
    Repeater {
        model: root.groups.length
        delegate: ColumnLayout {
            id: group
            required property int index
            readonly property string key: root.groups[group.index].key
            readonly property var checks: root.checks.filter(c => root.groupOf(c.id) === group.key)
            readonly property var failed: group.checks.filter(c => c.passed !== true)
            readonly property bool passed: group.failed.length === 0
            // Open: as the operator left it, else a failed group open and a passed one closed.
            property var toggled: undefined
            readonly property bool expanded: group.toggled !== undefined ? group.toggled : !group.passed
            onChecksChanged: group.toggled = undefined

            objectName: "checkGroup_" + group.key
            visible: group.checks.length > 0
            Layout.fillWidth: true
            spacing: 4

            ItemDelegate {
                id: line
                objectName: "groupLine_" + group.key
                Layout.fillWidth: true
                implicitHeight: Math.max(48, implicitContentHeight + topPadding + bottomPadding)
                leftPadding: 8
                rightPadding: 8
                topPadding: 4
                bottomPadding: 4
                focusPolicy: Qt.StrongFocus
                Accessible.name: summary.text
                onClicked: group.toggled = !group.expanded
                background: Rectangle {
                    radius: 6
                    color: group.passed ? "#e8f3ec" : "#fbe9e9"
                    border.width: line.activeFocus ? 2 : 1
                    border.color: line.activeFocus ? Theme.accent : (group.passed ? Theme.ok : Theme.error)
                }
                contentItem: RowLayout {
                    spacing: Theme.spacing / 2
                    Rectangle {
                        objectName: "mark"
                        Layout.preferredWidth: 32
                        Layout.preferredHeight: 32
                        radius: 16
                        color: group.passed ? Theme.ok : Theme.error
                        Label {
                            anchors.centerIn: parent
                            text: group.passed ? "✓" : "✕"
                            color: "white"
                            font.pixelSize: 20
                            font.bold: true
                        }
                    }
                    Label {
                        id: summary
                        objectName: "summary"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.bodySize
                        font.bold: !group.passed
                        color: group.passed ? Theme.text : Theme.error
                        // A failed group names its failing checks on its own line.
                        text: root.groupTitle(group.key) + " · "
                              + (group.passed ? qsTr("%1 passed").arg(group.checks.length)
                                              : qsTr("%1 of %2 failed: %3").arg(group.failed.length)
                                                .arg(group.checks.length)
                                                .arg(group.failed.map(c => list.title(c.id)).join(qsTr(", "))))
                    }
                    Label {
                        objectName: "opener"
                        text: group.expanded ? "▲" : "▼"
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallSize
                    }
                }
            }
            CheckList {
                id: list
                objectName: "checks"
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spacing
                visible: group.expanded
                showHeader: false
                reserve: 4
                // The failed first: their reasons on the screen without scrolling, the passed below them.
                checks: group.failed.concat(group.checks.filter(c => c.passed === true))
            }
        }
    }
}
