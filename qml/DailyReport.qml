import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Countersign

// The daily report (日报) of this centre: the day's work by operation and by operator, the money by payment
// method, keys and letters — with charts — for any day; a closed day shows its frozen snapshot and the
// sign-off. Exports to CSV and PDF. Reads only; the figures come from ReportController.
FocusScope {
    id: root
    objectName: "dailyReport"
    required property ReportController controller
    readonly property var report: controller.report
    readonly property var totals: report.totals || ({})
    readonly property bool loaded: report.date !== undefined

    implicitHeight: column.implicitHeight

    // An amount as this report shows it: "¥" before the yuan ("¥-0.05" for a negative one), nothing for a
    // figure the report does not have.
    function cny(fen) {
        return fen === undefined ? "" : "¥" + Money.yuan(fen)
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
    // The operations in a word, under the bars: the chart cuts a name longer than its bar is wide.
    function axisName(kind) {
        switch (kind) {
        case "NEW": return qsTr("New")
        case "RENEW": return qsTr("Renew")
        case "UPGRADE": return qsTr("Upgrade")
        case "REPLACE": return qsTr("Replace")
        case "UNLOCK": return qsTr("Unlock")
        }
        return kind
    }
    function methodName(method) {
        switch (method) {
        case "cash": return qsTr("Cash")
        case "bank_card": return qsTr("Bank card")
        case "wechat_pay": return qsTr("WeChat Pay")
        case "alipay": return qsTr("Alipay")
        }
        return method
    }
    function column_(rows, key) {
        return (rows || []).map(r => r[key])
    }

    Connections {
        target: root.controller
        function onReportChanged() { root.fillPie() }
    }
    Component.onCompleted: fillPie()
    function fillPie() {
        pie.clear()
        const colours = ["#1f8a4c", "#1d5fbf", "#2aae67", "#1677ff"]
        const rows = root.report.byMethod || []
        for (let i = 0; i < rows.length; ++i) {
            if (rows[i].netFen <= 0)
                continue
            const slice = pie.append(qsTr("%1 %2").arg(root.methodName(rows[i].method)).arg(root.cny(rows[i].netFen)),
                                     rows[i].netFen / 100)
            slice.color = colours[i % colours.length]
            slice.labelFont.pixelSize = Theme.smallSize
        }
    }

    ColumnLayout {
        id: column
        width: parent.width
        spacing: Theme.spacing

        // --- the day and what to do with it ---------------------------------------------------------------
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing / 2
            Button {
                objectName: "previousDay"
                text: qsTr("‹ Day before")
                implicitHeight: Theme.touchTarget
                enabled: !root.controller.busy
                onClicked: root.controller.shiftDay(-1)
            }
            Label {
                objectName: "reportDate"
                Layout.fillWidth: true
                Layout.minimumWidth: 120
                elide: Text.ElideRight
                text: root.loaded ? qsTr("%1, %2").arg(root.report.centreName).arg(root.report.date) : ""
                font.pixelSize: Theme.headingSize
                font.bold: true
            }
            Button {
                objectName: "nextDay"
                text: qsTr("Day after ›")
                implicitHeight: Theme.touchTarget
                enabled: !root.controller.busy && !root.controller.isToday
                onClicked: root.controller.shiftDay(1)
            }
            Button {
                objectName: "today"
                text: qsTr("Today")
                implicitHeight: Theme.touchTarget
                visible: !root.controller.isToday
                onClicked: root.controller.load()
            }
            Rectangle {
                objectName: "closedBadge"
                visible: root.report.closed === true
                radius: 6
                color: Theme.ok
                implicitWidth: closedText.implicitWidth + 24
                implicitHeight: 40
                Label {
                    id: closedText
                    anchors.centerIn: parent
                    text: qsTr("Closed")
                    color: "white"
                    font.bold: true
                }
            }
            Button {
                objectName: "exportCsv"
                text: qsTr("Export CSV")
                implicitHeight: Theme.touchTarget
                enabled: root.loaded && !root.controller.busy
                onClicked: root.controller.exportReport("csv")
            }
            Button {
                objectName: "exportPdf"
                text: qsTr("Export PDF")
                implicitHeight: Theme.touchTarget
                enabled: root.loaded && !root.controller.busy
                onClicked: root.controller.exportReport("pdf")
            }
        }

        Label {
            objectName: "closeLine"
            visible: root.report.close !== undefined
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.ok
            text: root.report.close === undefined ? ""
                : qsTr("Closed by %1 at %2: cash counted %3, expected %4, difference %5")
                    .arg(root.report.close.closedBy).arg(root.report.close.signedAt)
                    .arg(root.cny(root.report.close.countedCashFen)).arg(root.cny(root.report.close.expectedCashFen))
                    .arg(root.cny(root.report.close.differenceFen))
        }

        // --- the figures at a glance -----------------------------------------------------------------------
        // As many a row as fit at about 220 px each (a sum like "12 笔（¥1,234.00）" is read in full).
        GridLayout {
            objectName: "tiles"
            Layout.fillWidth: true
            columns: Math.max(3, Math.min(6, Math.floor(column.width / 220)))
            columnSpacing: Theme.spacing / 2
            rowSpacing: Theme.spacing / 2
            Repeater {
                model: [
                    { id: "completed", name: qsTr("Completed"), value: root.totals.completed },
                    { id: "failed", name: qsTr("Failed or undone"), value: (root.totals.failed || 0) + (root.totals.compensated || 0) },
                    { id: "unfinished", name: qsTr("Unfinished"), value: root.totals.unfinished },
                    { id: "fees", name: qsTr("Fees taken"), value: root.cny(root.totals.netFen) },
                    { id: "cash", name: qsTr("Cash expected"), value: root.cny(root.totals.expectedCashFen) },
                    { id: "waivers", name: qsTr("Waivers"), value: qsTr("%1 (%2)").arg(root.totals.waivers || 0).arg(root.cny(root.totals.waivedFen || 0)) },
                    { id: "refunds", name: qsTr("Refunds"), value: qsTr("%1 (%2)").arg(root.totals.refunds || 0).arg(root.cny(root.totals.refundedFen || 0)) },
                    { id: "keysIssued", name: qsTr("Keys from stock"), value: root.totals.keysIssued },
                    { id: "keysDamaged", name: qsTr("Returned damaged"), value: root.totals.keysReturnedDamaged },
                    { id: "keysReceived", name: qsTr("Keys received"), value: root.totals.keysReceived },
                    { id: "letters", name: qsTr("Letters used"), value: root.totals.letters },
                    { id: "total", name: qsTr("Transactions"), value: root.totals.total }
                ]
                delegate: Rectangle {
                    required property var modelData
                    objectName: "tile_" + modelData.id
                    property string value: modelData.value === undefined ? "–" : String(modelData.value)
                    Layout.fillWidth: true
                    implicitHeight: 76
                    radius: 6
                    color: Theme.card
                    border.color: "#d8dde5"
                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: 8
                        spacing: 0
                        Label {
                            text: modelData.name
                            color: Theme.mutedText
                            font.pixelSize: Theme.smallSize
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            objectName: "value"
                            text: parent.parent.value
                            font.pixelSize: Theme.headingSize - 2
                            font.bold: true
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                    }
                }
            }
        }

        // --- charts ----------------------------------------------------------------------------------------
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            ChartView {
                id: operationsChart
                objectName: "operationsChart"
                // Shares of the width, not preferences a chart's own implicit width could outgrow.
                Layout.preferredWidth: (column.width - Theme.spacing) * 0.62
                Layout.preferredHeight: 300
                title: qsTr("Transactions by operation")
                titleFont.pixelSize: Theme.bodySize
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                legend.font.pixelSize: Theme.smallSize
                backgroundRoundness: 6
                StackedBarSeries {
                    id: bars
                    axisX: BarCategoryAxis {
                        categories: root.column_(root.report.byOperation, "kind").map(k => root.axisName(k))
                        labelsFont.pixelSize: Theme.smallSize
                    }
                    axisY: ValueAxis {
                        min: 0
                        max: Math.max(4, Math.ceil(Math.max(0, ...root.column_(root.report.byOperation, "total")) * 1.15))
                        labelFormat: "%d"
                        tickCount: 5
                        labelsFont.pixelSize: Theme.smallSize
                    }
                    BarSet {
                        label: qsTr("Completed")
                        color: Theme.ok
                        values: root.column_(root.report.byOperation, "completed")
                    }
                    BarSet {
                        label: qsTr("Failed or undone")
                        color: Theme.error
                        values: (root.report.byOperation || []).map(r => r.failed + r.compensated)
                    }
                    BarSet {
                        label: qsTr("Unfinished")
                        color: Theme.warning
                        values: root.column_(root.report.byOperation, "unfinished")
                    }
                }
            }
            ChartView {
                id: moneyChart
                objectName: "moneyChart"
                Layout.preferredWidth: (column.width - Theme.spacing) * 0.38
                Layout.preferredHeight: 300
                title: qsTr("Fees by payment method")
                titleFont.pixelSize: Theme.bodySize
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                legend.font.pixelSize: Theme.smallSize
                backgroundRoundness: 6
                PieSeries {
                    id: pie
                    size: 0.8
                }
                Label {
                    anchors.centerIn: parent
                    visible: pie.count === 0
                    text: qsTr("No payments")
                    color: Theme.mutedText
                }
            }
        }
        // --- tables: side by side where they fit, one under another where not -------------------------------
        // (A GridLayout, not a Flow: Qt 6.4's Flow crashes re-laying out these nested repeaters.)
        // The tables side by side as far as they fit, else one under the other.
        GridLayout {
            Layout.fillWidth: true
            columns: column.width >= operatorTable.implicitWidth + methodTable.implicitWidth + stockTable.implicitWidth
                                     + 4 * Theme.spacing ? 3
                   : column.width >= operatorTable.implicitWidth + methodTable.implicitWidth + 2 * Theme.spacing ? 2 : 1
            columnSpacing: Theme.spacing * 2
            rowSpacing: Theme.spacing
            GridLayout {
                id: operatorTable
                objectName: "operatorTable"
                Layout.alignment: Qt.AlignTop
                columns: 5
                columnSpacing: Theme.spacing
                rowSpacing: 4
                Repeater {
                    model: [qsTr("Operator"), qsTr("Completed"), qsTr("Failed or undone"), qsTr("Unfinished"), qsTr("Waivers")]
                    delegate: Label { required property string modelData; text: modelData; font.bold: true; color: Theme.mutedText }
                }
                Repeater {
                    model: root.report.byOperator || []
                    delegate: Repeater {
                        required property var modelData
                        model: [modelData.name, modelData.completed, modelData.failed + modelData.compensated,
                                modelData.unfinished, modelData.waivers]
                        delegate: Label { required property var modelData; text: modelData }
                    }
                }
            }
            GridLayout {
                id: methodTable
                objectName: "methodTable"
                Layout.alignment: Qt.AlignTop
                columns: 4
                columnSpacing: Theme.spacing
                rowSpacing: 4
                Repeater {
                    model: [qsTr("Payment"), qsTr("Taken"), qsTr("Refunded"), qsTr("Net")]
                    delegate: Label { required property string modelData; text: modelData; font.bold: true; color: Theme.mutedText }
                }
                Repeater {
                    model: root.report.byMethod || []
                    delegate: Repeater {
                        required property var modelData
                        model: [root.methodName(modelData.method),
                                qsTr("%n payment(s), %1", "", modelData.payments).arg(root.cny(modelData.paidFen)),
                                root.cny(modelData.refundedFen), root.cny(modelData.netFen)]
                        delegate: Label { required property var modelData; text: modelData }
                    }
                }
            }
            ColumnLayout {
                id: stockTable
                objectName: "stockTable"
                Layout.alignment: Qt.AlignTop
                spacing: 4
                Label { text: qsTr("Key stock"); font.bold: true; color: Theme.mutedText }
                Repeater {
                    model: root.report.stock || []
                    delegate: Label {
                        required property var modelData
                        text: qsTr("%1: %2 in stock, %3 damaged").arg(modelData.model).arg(modelData.inStock).arg(modelData.damaged)
                    }
                }
            }
        }
    }
}
