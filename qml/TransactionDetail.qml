import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// One past transaction: its steps, fee lines, payments, refunds, approvals, certificate, key, receipts and
// evidence scans. The agent's ID number and mobile are masked; a supervisor may show them, or open a scan
// (each audited). Actions: reprint the receipt (marked 补打), void it with a supervisor's approval and a
// reason (its fee refunded), refund a completed transaction (a supervisor's approval). Each asks to confirm.
Item {
    id: view
    objectName: "transactionDetail"
    required property SearchController controller
    readonly property var d: controller.detail
    readonly property var validReceipt: {
        const list = d.receipts || []
        for (let i = list.length - 1; i >= 0; --i)
            if (!list[i].voided)
                return list[i]
        return null
    }
    readonly property real unrefunded: {
        let paid = 0
        for (const p of (d.payments || []))
            paid += p.amount_fen
        return paid - (d.refunded_fen || 0)
    }
    function kindName(kind) {
        switch (kind) {
        case "void": return qsTr("Void")
        case "refund": return qsTr("Refund")
        case "fee_waiver": return qsTr("Fee waiver")
        case "hand_entered_letter": return qsTr("Hand-entered letter")
        case "uscc_override": return qsTr("USCC confirmed")
        }
        return kind
    }
    function methodName(code) {
        switch (code) {
        case "cash": return qsTr("cash")
        case "bank_card": return qsTr("bank card")
        case "wechat_pay": return qsTr("WeChat Pay")
        case "alipay": return qsTr("Alipay")
        }
        return code
    }
    // "void" or "refund" while it is confirmed and approved
    property string action: ""

    ReceiptPrinter {
        id: printer
        objectName: "detailPrinter"
        receiptNumber: view.validReceipt ? view.validReceipt.number : ""
    }

    component Heading: Label {
        font.pixelSize: Theme.headingSize - 6
        font.bold: true
        topPadding: Theme.spacing / 2
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing / 2
        Label {
            objectName: "detailTitle"
            Layout.fillWidth: true
            text: (view.d.number || "") + " · " + (view.d.operation || "") + " · " + (view.d.state || "")
            font.pixelSize: Theme.headingSize
            font.bold: true
            elide: Text.ElideRight
        }
        RowLayout {
            spacing: Theme.spacing
            Button {
                objectName: "detailBack"
                text: qsTr("Back to the results")
                implicitHeight: Theme.touchTarget
                onClicked: view.controller.closeDetail()
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "detailReprint"
                text: printer.busy ? qsTr("Printing…") : qsTr("Reprint receipt")
                visible: view.validReceipt !== null
                enabled: !printer.busy
                implicitHeight: Theme.touchTarget
                onClicked: printer.printReceipt()
            }
            Button {
                objectName: "detailVoid"
                text: qsTr("Void receipt")
                visible: view.validReceipt !== null
                enabled: !view.controller.busy
                implicitHeight: Theme.touchTarget
                onClicked: confirm.ask("void")
            }
            Button {
                objectName: "detailRefund"
                text: qsTr("Refund")
                visible: view.d.state === "completed" && view.unrefunded > 0
                enabled: !view.controller.busy
                implicitHeight: Theme.touchTarget
                onClicked: confirm.ask("refund")
            }
        }
        Label {
            objectName: "detailError"
            Layout.fillWidth: true
            visible: text !== ""
            text: view.controller.errorText !== "" ? view.controller.errorText : printer.errorText
            color: Theme.error
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "detailMessage"
            Layout.fillWidth: true
            visible: text !== ""
            text: view.controller.message !== "" ? view.controller.message : printer.statusText
            color: Theme.ok
            wrapMode: Text.Wrap
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true
            // Room for the scroll bar, shown whenever there is more than fits (the style shows it only while
            // scrolling).
            rightPadding: Theme.scrollBarRoom
            ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            ColumnLayout {
                width: parent.width
                spacing: 4

                Label {
                    text: qsTr("Started %1 by %2 at counter %3").arg(view.d.started_at || "")
                          .arg(view.d.operator ? view.d.operator.name : "").arg(view.d.counter ? view.d.counter.code : "")
                    color: Theme.mutedText
                }
                Label {
                    visible: !!view.d.failure_reason
                    text: qsTr("Reason: %1").arg(view.d.failure_reason || "")
                    color: Theme.error
                }
                Label {
                    visible: !!view.d.company
                    text: qsTr("Company: %1 (%2)").arg(view.d.company ? view.d.company.name : "").arg(view.d.company ? view.d.company.uscc : "")
                }
                RowLayout {
                    visible: !!view.d.agent
                    spacing: Theme.spacing
                    Label {
                        objectName: "detailAgent"
                        text: qsTr("Agent: %1, ID %2, mobile %3").arg(view.d.agent ? view.d.agent.name : "")
                              .arg(view.d.agent ? view.d.agent.id_masked : "").arg(view.d.agent ? (view.d.agent.mobile_masked || "-") : "")
                    }
                    Button {
                        objectName: "detailRevealAgent"
                        visible: view.d.may_open_personal === true && !(view.d.agent && view.d.agent.revealed)
                        text: qsTr("Show in full (recorded)")
                        onClicked: view.controller.revealAgent()
                    }
                }
                Label {
                    visible: !!view.d.key
                    text: qsTr("Key: %1 (%2, %3)").arg(view.d.key ? view.d.key.serial : "").arg(view.d.key ? view.d.key.model : "")
                          .arg(view.d.key ? view.d.key.state : "")
                }

                Heading { text: qsTr("Steps") }
                Repeater {
                    model: view.d.steps || []
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: modelData.at + "   " + modelData.step + " → " + (modelData.state_after || "") + "   "
                              + modelData.outcome + "   " + (modelData.by || "")
                    }
                }
                Heading { text: qsTr("Fee") }
                Repeater {
                    model: view.d.fee_lines || []
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: "¥" + Money.yuan(modelData.amount_fen) + "   " + FeeWords.describe(modelData.description)
                              + (modelData.waiver_reason ? "   (" + modelData.waiver_reason + ", " + modelData.attested_by + ")" : "")
                    }
                }
                Repeater {
                    model: view.d.payments || []
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("Paid ¥%1 by %2, received by %3 at %4").arg(Money.yuan(modelData.amount_fen))
                              .arg(view.methodName(modelData.method)).arg(modelData.received_by).arg(modelData.at)
                    }
                }
                Repeater {
                    model: view.d.refunds || []
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        objectName: "detailRefundLine"
                        text: qsTr("Refunded ¥%1 by %2 (%3), by %4 at %5").arg(Money.yuan(modelData.amount_fen))
                              .arg(view.methodName(modelData.method)).arg(modelData.reason).arg(modelData.by).arg(modelData.at)
                        color: Theme.warning
                    }
                }
                Heading { text: qsTr("Approvals"); visible: (view.d.approvals || []).length > 0 }
                Repeater {
                    model: view.d.approvals || []
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("%1: asked by %2, approved by %3 at %4 (%5)").arg(view.kindName(modelData.kind)).arg(modelData.requested_by)
                              .arg(modelData.approved_by).arg(modelData.at).arg(modelData.reason)
                    }
                }
                Heading { text: qsTr("Certificate"); visible: (view.d.certificates || []).length > 0 }
                Repeater {
                    model: view.d.certificates || []
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("%1 (%2): valid %3 to %4, %5").arg(modelData.serial).arg(modelData.role)
                              .arg(modelData.not_before).arg(modelData.not_after).arg(modelData.status)
                    }
                }
                Heading { text: qsTr("Receipts"); visible: (view.d.receipts || []).length > 0 }
                Repeater {
                    model: view.d.receipts || []
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        objectName: "detailReceipt_" + modelData.number
                        text: modelData.number + "   " + qsTr("printed %1×").arg(modelData.printed)
                              + (modelData.voided ? "   " + qsTr("VOID: %1").arg(modelData.void_reason) : "")
                        color: modelData.voided ? Theme.error : Theme.text
                    }
                }
                Heading { text: qsTr("Evidence"); visible: (view.d.evidence || []).length > 0 }
                Repeater {
                    model: view.d.evidence || []
                    // Each scan's kind in words; a supervisor's "open" (audited evidence.opened) shows its
                    // thumbnail, scaled off the GUI thread (issue 22, scans).
                    delegate: RowLayout {
                        required property var modelData
                        readonly property var opened: view.controller.scans[String(modelData.id)]
                        spacing: Theme.spacing
                        Label {
                            objectName: "evidenceKind_" + modelData.id
                            Layout.preferredWidth: 180
                            font.bold: true
                            text: modelData.kind === "letter_scan" ? qsTr("Letter")
                                : modelData.kind === "id_card_scan" ? qsTr("ID card front")
                                : modelData.kind === "id_card_back_scan" ? qsTr("ID card back")
                                : modelData.kind
                        }
                        Label {
                            text: qsTr("%1 bytes").arg(modelData.size) + "   sha256 "
                                  + modelData.sha256.substring(0, 16) + "…"
                            color: Theme.mutedText
                        }
                        Button {
                            objectName: "openEvidence_" + modelData.id
                            visible: view.d.may_open_personal === true && opened === undefined
                            text: qsTr("Open (recorded)")
                            onClicked: view.controller.openEvidence(modelData.id)
                        }
                        Image {
                            objectName: "evidenceImage_" + modelData.id
                            visible: !!opened
                            source: opened || ""
                            Layout.preferredHeight: 160
                            Layout.preferredWidth: 240
                            fillMode: Image.PreserveAspectFit
                        }
                        Label {
                            visible: opened === ""
                            text: qsTr("Opened: not an image (or emptied after the retention period).")
                            color: Theme.mutedText
                        }
                    }
                }
            }
        }
    }

    // The confirm step: what will happen, and why (the reason the approval is bound to).
    Popup {
        id: confirm
        objectName: "pastConfirm"
        modal: true
        focus: true
        anchors.centerIn: Overlay.overlay
        width: 620
        padding: Theme.spacing * 1.5
        function ask(kind) {
            view.action = kind
            reason.text = ""
            open()
            reason.forceActiveFocus()
        }
        background: Rectangle { color: Theme.card; radius: 8; border.color: Theme.warning; border.width: 2 }
        contentItem: ColumnLayout {
            spacing: Theme.spacing
            Label {
                objectName: "pastConfirmText"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.bold: true
                text: view.action === "void"
                      ? qsTr("Void receipt %1? It stays on record marked VOID, and ¥%2 is refunded by the way it was paid.")
                            .arg(view.validReceipt ? view.validReceipt.number : "").arg(Money.yuan(view.unrefunded))
                      : qsTr("Refund ¥%1 of transaction %2 by the way it was paid?").arg(Money.yuan(view.unrefunded)).arg(view.d.number || "")
            }
            TextField {
                id: reason
                objectName: "pastReason"
                Layout.fillWidth: true
                implicitHeight: Theme.touchTarget
                placeholderText: qsTr("Reason")
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                spacing: Theme.spacing
                Button {
                    objectName: "pastCancel"
                    text: qsTr("Cancel")
                    implicitHeight: Theme.touchTarget
                    onClicked: { view.action = ""; confirm.close() }
                }
                Button {
                    objectName: "pastContinue"
                    text: qsTr("Ask a supervisor")
                    highlighted: true
                    enabled: reason.text.trim() !== ""
                    implicitHeight: Theme.touchTarget
                    onClicked: {
                        confirm.close()
                        approval.ask(view.action, (view.action === "void" ? qsTr("Void receipt %1: %2").arg(view.validReceipt.number)
                                                                           : qsTr("Refund transaction %1: %2").arg(view.d.number))
                                                  .arg(reason.text))
                    }
                }
            }
        }
    }

    ApprovalDialog {
        id: approval
        controller: view.controller
    }
    Connections {
        target: view.controller
        function onApproved(kind, supervisor) {
            if (kind === "void")
                view.controller.voidReceipt(reason.text)
            else if (kind === "refund")
                view.controller.refund(reason.text)
        }
        function onDone(kind) { view.action = ""; printer.refresh() }
    }
}
