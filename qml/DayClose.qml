import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The day close (日结, DESIGN §8): the supervisor reviews the day's figures, counts the cash in the drawer,
// sees the difference to what is expected, and signs with their password after a last confirmation. What
// stands in the way (unfinished transactions, a day already closed) is listed and blocks the signature.
FocusScope {
    id: root
    objectName: "dayClose"
    required property ReportController controller
    readonly property var preview: controller.preview
    readonly property var report: controller.report
    readonly property var totals: report.totals || ({})
    readonly property bool reviewed: preview.expectedCashFen !== undefined
    readonly property real countedFen: controller.parseYuan(cash.text)
    readonly property bool cashValid: cash.text.trim() !== "" && countedFen >= 0
    property string failure

    implicitHeight: column.implicitHeight

    // An amount as the day close shows it: "¥" before the yuan, "-¥" before a negative one.
    function cny(fen) {
        return fen < 0 ? "-¥" + Money.yuan(-fen) : "¥" + Money.yuan(fen)
    }
    function kindName(kind) {
        switch (kind) {
        case "NEW": return qsTr("New certificate")
        case "RENEW": return qsTr("Renewal")
        case "UPGRADE": return qsTr("Upgrade")
        case "REPLACE": return qsTr("Replacement key")
        case "UNLOCK": return qsTr("Unlock")
        }
        return kind
    }
    function askToClose() {
        failure = ""
        if (!cashValid) {
            failure = qsTr("Enter the cash counted in the drawer, in yuan (for example 78.00).")
            cash.forceActiveFocus()
            return
        }
        if (password.text === "") {
            failure = qsTr("Sign with your password.")
            password.forceActiveFocus()
            return
        }
        confirm.open()
    }

    Connections {
        target: root.controller
        function onCloseRefused(reason) {
            root.failure = reason
            password.text = ""
            password.forceActiveFocus()
        }
        function onDayClosed() {
            password.text = ""
            cash.text = ""
            root.failure = ""
        }
    }

    ColumnLayout {
        id: column
        width: parent.width
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                objectName: "closeTitle"
                text: qsTr("Day close for %1, %2").arg(root.report.centreName || "").arg(root.report.date || "")
                font.pixelSize: Theme.headingSize
                font.bold: true
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "refreshPreview"
                text: qsTr("Read the figures again")
                implicitHeight: Theme.touchTarget
                enabled: !root.controller.busy
                onClicked: root.controller.loadPreview()
            }
        }

        // What stands in the way.
        Repeater {
            model: root.preview.obstacles || []
            delegate: Label {
                required property string modelData
                objectName: "obstacle"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: modelData
                color: Theme.error
                font.bold: true
            }
        }
        Repeater {
            model: root.preview.open || []
            delegate: Label {
                required property var modelData
                Layout.fillWidth: true
                text: qsTr("%1  %2  %3, counter %4, %5, since %6").arg(modelData.number).arg(root.kindName(modelData.kind))
                        .arg(modelData.state).arg(modelData.counter).arg(modelData.operator).arg(modelData.startedAt)
                color: Theme.mutedText
                elide: Text.ElideRight
            }
        }

        // The day at a glance.
        GridLayout {
            objectName: "closeFigures"
            visible: root.reviewed
            columns: 4
            columnSpacing: Theme.spacing * 2
            rowSpacing: 6
            Label { text: qsTr("Transactions completed"); color: Theme.mutedText }
            Label { objectName: "closeCompleted"; text: String(root.totals.completed || 0); font.bold: true }
            Label { text: qsTr("Failed or undone"); color: Theme.mutedText }
            Label { text: String((root.totals.failed || 0) + (root.totals.compensated || 0)); font.bold: true }
            Label { text: qsTr("Fees taken"); color: Theme.mutedText }
            Label { text: root.cny(root.totals.netFen || 0); font.bold: true }
            Label { text: qsTr("Waivers"); color: Theme.mutedText }
            Label { text: qsTr("%1 (%2)").arg(root.totals.waivers || 0).arg(root.cny(root.totals.waivedFen || 0)); font.bold: true }
            Label { text: qsTr("Refunds"); color: Theme.mutedText }
            Label { text: qsTr("%1 (%2)").arg(root.totals.refunds || 0).arg(root.cny(root.totals.refundedFen || 0)); font.bold: true }
            Label { text: qsTr("Keys from stock"); color: Theme.mutedText }
            Label { text: String(root.totals.keysIssued || 0); font.bold: true }
        }

        Rectangle {
            Layout.fillWidth: true
            visible: root.reviewed && root.preview.canClose === true
            implicitHeight: sign.implicitHeight + Theme.spacing * 2
            radius: 8
            color: Theme.card
            border.color: Theme.accent
            border.width: 2
            ColumnLayout {
                id: sign
                anchors.fill: parent
                anchors.margins: Theme.spacing
                spacing: Theme.spacing / 2
                RowLayout {
                    spacing: Theme.spacing
                    Label { text: qsTr("Cash expected in the drawer"); font.pixelSize: Theme.bodySize }
                    Label {
                        objectName: "expectedCash"
                        text: root.cny(root.preview.expectedCashFen || 0)
                        font.pixelSize: Theme.headingSize
                        font.bold: true
                    }
                }
                RowLayout {
                    spacing: Theme.spacing
                    Label { text: qsTr("Cash counted (yuan)"); font.pixelSize: Theme.bodySize }
                    TextField {
                        id: cash
                        objectName: "countedCash"
                        implicitHeight: Theme.touchTarget
                        Layout.preferredWidth: 220
                        inputMethodHints: Qt.ImhFormattedNumbersOnly
                        placeholderText: qsTr("e.g. 78.00")
                        KeyNavigation.tab: password
                        onAccepted: password.forceActiveFocus()
                    }
                    Label {
                        objectName: "cashDifference"
                        visible: cash.text.trim() !== ""
                        font.pixelSize: Theme.headingSize - 4
                        font.bold: true
                        readonly property real difference: root.countedFen - (root.preview.expectedCashFen || 0)
                        color: !root.cashValid ? Theme.error : difference === 0 ? Theme.ok : Theme.warning
                        text: !root.cashValid ? qsTr("not an amount")
                            : difference === 0 ? qsTr("matches")
                            : difference > 0 ? qsTr("%1 over").arg(root.cny(difference))
                            : qsTr("%1 short").arg(root.cny(-difference))
                    }
                }
                RowLayout {
                    spacing: Theme.spacing
                    Label { text: qsTr("Signed by %1 with the password").arg(Session.displayName); font.pixelSize: Theme.bodySize }
                    TextField {
                        id: password
                        objectName: "closePassword"
                        implicitHeight: Theme.touchTarget
                        Layout.preferredWidth: 300
                        echoMode: TextInput.Password
                        placeholderText: qsTr("Your password")
                        KeyNavigation.tab: closeButton
                        onAccepted: root.askToClose()
                    }
                    Button {
                        id: closeButton
                        objectName: "closeDayButton"
                        text: root.controller.busy ? qsTr("Closing…") : qsTr("Close the day")
                        highlighted: true
                        implicitHeight: Theme.touchTarget
                        implicitWidth: 220
                        enabled: !root.controller.busy
                        onClicked: root.askToClose()
                        Keys.onReturnPressed: root.askToClose()
                    }
                }
                Label {
                    objectName: "closeFailure"
                    Layout.fillWidth: true
                    visible: root.failure !== ""
                    text: root.failure
                    color: Theme.error
                    wrapMode: Text.Wrap
                }
            }
        }
    }

    Dialog {
        id: confirm
        objectName: "confirmClose"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 620
        title: qsTr("Close %1?").arg(root.report.date || "")
        footer: DialogButtonBox {
            Button {
                objectName: "confirmCloseNo"
                // The dialog is outside the window's Enter handler (Main.qml).
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                text: qsTr("Not yet")
                implicitHeight: Theme.touchTarget
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "confirmCloseYes"
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                text: qsTr("Close the day")
                highlighted: true
                implicitHeight: Theme.touchTarget
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
        }
        Label {
            width: parent.width
            wrapMode: Text.Wrap
            text: qsTr("Cash counted %1, expected %2. Once closed, no transaction, payment or receipt of this day can be changed, and the day's report is frozen.")
                .arg(root.cny(root.countedFen)).arg(root.cny(root.preview.expectedCashFen || 0))
        }
        onAccepted: root.controller.closeDay(cash.text, password.text)
        onRejected: password.forceActiveFocus()
    }
}
