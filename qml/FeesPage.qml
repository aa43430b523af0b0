import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Admins: the fee schedules and their versions (in force, future, past), a version's rules, and a new version:
// the current rules copied into a form, the amounts and the start date changed, then a second person (another
// admin or a supervisor) approves exactly that version. A version in force or past is never changed.
ColumnLayout {
    id: page
    objectName: "feesPage"
    spacing: Theme.spacing / 2

    function load() { fees.load() }

    FeesController {
        id: fees
        objectName: "feesController"
        onApprovalNeeded: function(summary) { approval.ask("fee_schedule", summary) }
    }

    function statusText(status, here) {
        var s = status === "in_force" ? qsTr("in force") : status === "future" ? qsTr("future") : qsTr("past")
        return here ? s + " · " + qsTr("used here") : s
    }
    function conditionText(condition) {
        switch (condition) {
        case "default": return ""
        case "first_certificate": return qsTr("first certificate")
        case "further_certificate": return qsTr("further certificate")
        case "damage_waiver": return qsTr("damage waiver")
        }
        return condition
    }

    Label {
        objectName: "feesError"
        Layout.fillWidth: true
        visible: text !== ""
        text: fees.errorText
        color: Theme.error
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "feesMessage"
        Layout.fillWidth: true
        visible: text !== ""
        text: fees.message
        color: Theme.ok
        wrapMode: Text.Wrap
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: Theme.spacing * 2

        // --- the versions ---------------------------------------------------------------------------------
        ColumnLayout {
            Layout.preferredWidth: 460
            Layout.maximumWidth: 460
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing / 2
            Label {
                text: qsTr("Fee schedules")
                font.pixelSize: Theme.headingSize - 4
                font.bold: true
            }
            Repeater {
                objectName: "feeVersions"
                model: fees.versions
                delegate: RowLayout {
                    required property var modelData
                    required property int index
                    objectName: "feeVersion_" + modelData.code + "_" + modelData.version
                    spacing: Theme.spacing
                    ColumnLayout {
                        Layout.preferredWidth: 210
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.bold: modelData.inForceHere
                            text: modelData.code + " v" + modelData.version + "\n" + modelData.validFrom + " – "
                                  + (modelData.validTo === "" ? qsTr("open") : modelData.validTo)
                        }
                        Label {
                            objectName: "feeVersionStatus"
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: page.statusText(modelData.status, modelData.inForceHere)
                            color: modelData.status === "in_force" ? Theme.ok
                                 : modelData.status === "future" ? Theme.accent : Theme.mutedText
                        }
                    }
                    Button {
                        objectName: "showVersion_" + modelData.code + "_" + modelData.version
                        text: qsTr("Rules")
                        implicitHeight: Theme.touchTarget
                        onClicked: fees.showVersion(modelData.code, modelData.version)
                    }
                    Button {
                        objectName: "newVersion_" + modelData.code
                        // Offered on a schedule's last version.
                        visible: Session.isAdmin && (index === fees.versions.length - 1
                                 || fees.versions[index + 1].code !== modelData.code)
                        text: qsTr("New version")
                        implicitHeight: Theme.touchTarget
                        enabled: !fees.busy
                        onClicked: fees.startDraft(modelData.code)
                    }
                }
            }
            Label {
                visible: fees.shown.code !== undefined
                Layout.topMargin: Theme.spacing
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.bold: true
                text: visible ? qsTr("%1 version %2 (%3), from %4").arg(fees.shown.code).arg(fees.shown.version)
                                .arg(fees.shown.name).arg(fees.shown.validFrom) : ""
            }
            Repeater {
                objectName: "shownRules"
                model: fees.shown.rules || []
                delegate: Label {
                    required property var modelData
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: modelData.operation + " " + page.conditionText(modelData.condition) + "   ¥"
                          + modelData.amount + "   " + modelData.description
                }
            }
        }

        // --- a new version --------------------------------------------------------------------------------
        ColumnLayout {
            objectName: "feeDraft"
            visible: fees.draft.code !== undefined
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing / 2
            Label {
                text: qsTr("New version of %1").arg(fees.draft.code || "")
                font.pixelSize: Theme.headingSize - 4
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                Layout.maximumWidth: 520
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: qsTr("It takes over from the version before it on its start date (after today); once in force it is never changed.")
            }
            TextField {
                id: draftName
                objectName: "draftName"
                Layout.fillWidth: true
                Layout.maximumWidth: 520
                implicitHeight: Theme.touchTarget
                text: fees.draft.name || ""
                placeholderText: qsTr("Name")
            }
            RowLayout {
                spacing: Theme.spacing
                Label { text: qsTr("In force from"); color: Theme.mutedText }
                TextField {
                    id: draftFrom
                    objectName: "draftValidFrom"
                    implicitHeight: Theme.touchTarget
                    Layout.preferredWidth: 200
                    text: fees.draft.validFrom || ""
                    placeholderText: "YYYY-MM-DD"
                    inputMethodHints: Qt.ImhDate
                }
            }
            Repeater {
                id: draftRules
                objectName: "draftRules"
                model: fees.draft.rules || []
                delegate: RowLayout {
                    required property var modelData
                    required property int index
                    property alias amount: amountField.text
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    // Wraps rather than cut the rule short: it says which case the amount is for.
                    Label {
                        Layout.fillWidth: true
                        Layout.maximumWidth: 420
                        wrapMode: Text.Wrap
                        text: modelData.operation + " " + page.conditionText(modelData.condition) + " · "
                              + modelData.description
                    }
                    Label { text: "¥" }
                    TextField {
                        id: amountField
                        objectName: "draftAmount_" + index
                        implicitHeight: Theme.touchTarget
                        Layout.preferredWidth: 110
                        text: modelData.amount
                        inputMethodHints: Qt.ImhFormattedNumbersOnly
                    }
                }
            }
            RowLayout {
                spacing: Theme.spacing
                Button {
                    objectName: "draftCancel"
                    text: qsTr("Cancel")
                    implicitHeight: Theme.touchTarget
                    onClicked: fees.cancelDraft()
                }
                Button {
                    objectName: "draftSubmit"
                    text: qsTr("Ask for approval")
                    highlighted: true
                    enabled: !fees.busy
                    implicitHeight: Theme.touchTarget
                    onClicked: {
                        var amounts = []
                        for (var i = 0; i < draftRules.count; ++i)
                            amounts.push(draftRules.itemAt(i).amount)
                        fees.prepare(draftName.text, draftFrom.text, amounts)
                    }
                }
            }
        }
    }

    ApprovalDialog {
        id: approval
        controller: fees
        heading: qsTr("Approval: another admin or a supervisor")
        userHint: qsTr("Approver's username")
        passwordHint: qsTr("Approver's password")
    }
}
