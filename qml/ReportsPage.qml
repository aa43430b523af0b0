import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Countersign

// The reports beside the daily one (issue 21): a range of days of this centre with charts, every centre side by
// side (admins: the head office), and the certificates expiring in the next N days — the renewal work to
// expect. Each exports to CSV and PDF. Reads only; OfficeReports checks what is typed and asks the counter's
// door, which decides from the session's role what may be seen.
FocusScope {
    id: root
    objectName: "reportsPage"
    // range, centres, expiring
    property string kind: "range"
    readonly property var report: controller.report
    readonly property bool shown: controller.kind === kind && report !== undefined
    readonly property var totals: shown ? (report.totals || ({})) : ({})

    function load() {
        switch (kind) {
        case "range": controller.loadRange(fromField.text, toField.text); break
        case "centres": controller.loadCentres(fromField.text, toField.text); break
        case "expiring": controller.loadExpiring(daysField.text, allCentres.checked); break
        }
    }
    onKindChanged: load()
    // A kind chosen while another report was loading is loaded once that one is in.
    Connections {
        target: controller
        function onBusyChanged() {
            if (!controller.busy && controller.kind !== root.kind && controller.errorText === "")
                root.load()
        }
    }
    Component.onCompleted: load()

    function tileValue(id) {
        const t = root.totals
        let v
        switch (id) {
        case "total": v = t.total; break
        case "completed": v = t.completed; break
        case "failed": v = t.failed === undefined ? undefined : t.failed + t.compensated; break
        case "fees": v = t.netFen === undefined ? undefined : root.cny(t.netFen); break
        case "cash": v = t.expectedCashFen === undefined ? undefined : root.cny(t.expectedCashFen); break
        case "refunds": v = t.refunds === undefined ? undefined : qsTr("%1 (%2)").arg(t.refunds).arg(root.cny(t.refundedFen)); break
        }
        return v === undefined ? "–" : String(v)
    }
    function cny(fen) { return fen === undefined ? "–" : "¥" + Money.yuan(fen) }
    function yes(flag) { return flag ? qsTr("yes") : qsTr("no") }
    // The columns of the tables: `key` is the CSV export's column, `text` what the screen shows in it.
    readonly property var rangeColumns: [
        { key: "date", title: qsTr("Day"), width: 130, text: r => r.label },
        { key: "closed", title: qsTr("Closed"), width: 80,
          text: r => r.label === "TOTAL" ? root.report.closedDays + "/" + root.report.dayCount : root.yes(r.closed) },
        { key: "transactions", title: qsTr("Transactions"), width: 120, text: r => String(r.total) },
        { key: "completed", title: qsTr("Completed"), width: 110, text: r => String(r.completed) },
        { key: "failed", title: qsTr("Failed"), width: 80, text: r => String(r.failed) },
        { key: "compensated", title: qsTr("Undone"), width: 80, text: r => String(r.compensated) },
        { key: "unfinished", title: qsTr("Unfinished"), width: 100, text: r => String(r.unfinished) },
        { key: "paid", title: qsTr("Paid (¥)"), width: 120, text: r => Money.yuan(r.paidFen) },
        { key: "refunded", title: qsTr("Refunded (¥)"), width: 120, text: r => Money.yuan(r.refundedFen) },
        { key: "expected_cash", title: qsTr("Cash (¥)"), width: 120, text: r => Money.yuan(r.expectedCashFen) }
    ]
    readonly property var centreColumns: [
        { key: "centre", title: qsTr("Centre"), width: 90, text: r => r.label },
        { key: "name", title: qsTr("Name"), width: 200, text: r => r.name || "" },
        { key: "closed_days", title: qsTr("Closed days"), width: 110, text: r => r.closedDays === undefined ? "" : String(r.closedDays) },
        { key: "transactions", title: qsTr("Transactions"), width: 120, text: r => String(r.total) },
        { key: "completed", title: qsTr("Completed"), width: 110, text: r => String(r.completed) },
        { key: "failed", title: qsTr("Failed"), width: 80, text: r => String(r.failed) },
        { key: "compensated", title: qsTr("Undone"), width: 80, text: r => String(r.compensated) },
        { key: "paid", title: qsTr("Paid (¥)"), width: 120, text: r => Money.yuan(r.paidFen) },
        { key: "refunded", title: qsTr("Refunded (¥)"), width: 120, text: r => Money.yuan(r.refundedFen) },
        { key: "expected_cash", title: qsTr("Cash (¥)"), width: 120, text: r => Money.yuan(r.expectedCashFen) }
    ]
    readonly property var expiringColumns: [
        { key: "not_after", title: qsTr("Expires"), width: 110, text: r => r.notAfter },
        { key: "days_left", title: qsTr("Days left"), width: 90, text: r => String(r.daysLeft) },
        { key: "company", title: qsTr("Company"), width: 220, text: r => r.company },
        { key: "uscc", title: qsTr("USCC"), width: 190, text: r => r.uscc },
        { key: "centre", title: qsTr("Centre"), width: 70, text: r => r.centre },
        { key: "key_serial", title: qsTr("Key"), width: 150, text: r => r.keySerial },
        { key: "serial", title: qsTr("Certificate"), width: 190, text: r => r.serial }
    ]
    readonly property var columns: kind === "range" ? rangeColumns : kind === "centres" ? centreColumns : expiringColumns
    // The certificates' long numbers take the smaller size.
    readonly property int tableFontSize: kind === "expiring" ? Theme.smallSize : Theme.bodySize
    // The columns' widths above are for a wide screen; narrower, they shrink together (the text wraps).
    readonly property real columnScale: Math.min(1, (scroll.availableWidth - 4 * columns.length)
                                                    / columns.reduce((sum, c) => sum + c.width, 0))
    readonly property var rows: !shown ? [] : kind === "range" ? (report.days || []).concat([report.totals])
                                     : kind === "centres" ? (report.centres || []).concat([report.totals])
                                     : (report.certificates || [])
    // The bars: one category per day (MM-dd) or per centre.
    readonly property var barRows: !shown ? [] : kind === "range" ? (report.days || []) : kind === "centres" ? (report.centres || []) : []
    readonly property var barNames: barRows.map(r => kind === "range" ? r.label.substring(5) : r.label)

    OfficeReports {
        id: controller
        objectName: "officeReports"
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing / 2

        // --- which report and its files -------------------------------------------------------------------
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing / 2
            Repeater {
                model: [
                    { id: "range", name: qsTr("Days") },
                    { id: "centres", name: qsTr("Centres") },
                    { id: "expiring", name: qsTr("Expiring") }
                ]
                delegate: Button {
                    required property var modelData
                    objectName: "reportKind_" + modelData.id
                    // The centres side by side are the head office's: an admin's.
                    visible: modelData.id !== "centres" || Session.isAdmin
                    highlighted: root.kind === modelData.id
                    implicitHeight: Theme.touchTarget
                    text: modelData.name
                    onClicked: root.kind = modelData.id
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                }
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "reportsExportCsv"
                text: qsTr("CSV")
                implicitHeight: Theme.touchTarget
                enabled: root.shown && !controller.busy
                onClicked: controller.exportReport("csv")
            }
            Button {
                objectName: "reportsExportPdf"
                text: qsTr("PDF")
                implicitHeight: Theme.touchTarget
                enabled: root.shown && !controller.busy
                onClicked: controller.exportReport("pdf")
            }
        }
        // --- for when -------------------------------------------------------------------------------------
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing / 2
            Label { visible: root.kind !== "expiring"; text: qsTr("From"); color: Theme.mutedText }
            TextField {
                id: fromField
                objectName: "reportFrom"
                visible: root.kind !== "expiring"
                implicitHeight: Theme.touchTarget
                Layout.preferredWidth: 140
                text: controller.defaultFrom
                inputMethodHints: Qt.ImhDate
                onAccepted: root.load()
            }
            Label { visible: root.kind !== "expiring"; text: qsTr("to"); color: Theme.mutedText }
            TextField {
                id: toField
                objectName: "reportTo"
                visible: root.kind !== "expiring"
                implicitHeight: Theme.touchTarget
                Layout.preferredWidth: 140
                text: controller.defaultTo
                inputMethodHints: Qt.ImhDate
                onAccepted: root.load()
            }
            Label { visible: root.kind === "expiring"; text: qsTr("Expiring within"); color: Theme.mutedText }
            TextField {
                id: daysField
                objectName: "reportDays"
                visible: root.kind === "expiring"
                implicitHeight: Theme.touchTarget
                Layout.preferredWidth: 90
                text: "60"
                inputMethodHints: Qt.ImhDigitsOnly
                validator: IntValidator { bottom: 1; top: 3660 }
                onAccepted: root.load()
            }
            Label { visible: root.kind === "expiring"; text: qsTr("days"); color: Theme.mutedText }
            CheckBox {
                id: allCentres
                objectName: "reportAllCentres"
                visible: root.kind === "expiring" && Session.isAdmin
                text: qsTr("All centres")
                onToggled: root.load()
            }
            Button {
                objectName: "reportShow"
                text: qsTr("Show")
                highlighted: true
                implicitHeight: Theme.touchTarget
                enabled: !controller.busy
                onClicked: root.load()
            }
            Item { Layout.fillWidth: true }
        }
        Label {
            objectName: "reportsError"
            Layout.fillWidth: true
            visible: text !== ""
            text: controller.errorText
            color: Theme.error
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "reportsMessage"
            Layout.fillWidth: true
            visible: text !== ""
            text: controller.message
            color: Theme.ok
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "reportsTitle"
            Layout.fillWidth: true
            visible: root.shown
            font.pixelSize: Theme.headingSize - 4
            font.bold: true
            elide: Text.ElideRight
            text: !root.shown ? ""
                : root.kind === "range" ? qsTr("%1, %2 to %3: %4 of %5 days closed").arg(root.report.centreName)
                                              .arg(root.report.from).arg(root.report.to)
                                              .arg(root.report.closedDays).arg(root.report.dayCount)
                : root.kind === "centres" ? qsTr("All centres, %1 to %2").arg(root.report.from).arg(root.report.to)
                : root.report.centreCode === ""
                    ? qsTr("%n certificate(s) of all centres expire in the next %1 days", "", Number(root.report.count || 0)).arg(root.report.days)
                    : qsTr("%n certificate(s) of this centre expire in the next %1 days", "", Number(root.report.count || 0)).arg(root.report.days)
        }

        ScrollView {
            id: scroll
            objectName: "reportsScroll"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            contentHeight: body.implicitHeight
            clip: true
            // Room for the scroll bar, shown whenever there is more than fits (the style shows it only while
            // scrolling).
            rightPadding: Theme.scrollBarRoom
            ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff

            ColumnLayout {
                id: body
                width: scroll.availableWidth
                spacing: Theme.spacing / 2

                // --- the totals at a glance ---------------------------------------------------------------
                RowLayout {
                    objectName: "reportsTiles"
                    visible: root.shown && root.kind !== "expiring"
                    Layout.fillWidth: true
                    spacing: Theme.spacing / 2
                    // A model that never changes: the tiles are made once and read the totals (a Repeater whose
                    // model changes remakes its items inside the layout, which Qt 6.4's layouts don't survive).
                    Repeater {
                        model: [
                            { id: "total", name: qsTr("Transactions") },
                            { id: "completed", name: qsTr("Completed") },
                            { id: "failed", name: qsTr("Failed or undone") },
                            { id: "fees", name: qsTr("Fees taken") },
                            { id: "cash", name: qsTr("Cash expected") },
                            { id: "refunds", name: qsTr("Refunds") }
                        ]
                        delegate: Rectangle {
                            required property var modelData
                            objectName: "reportsTile_" + modelData.id
                            property string value: root.tileValue(modelData.id)
                            Layout.fillWidth: true
                            implicitHeight: 70
                            radius: 6
                            color: Theme.card
                            border.color: "#d8dde5"
                            Column {
                                anchors.fill: parent
                                anchors.margins: 8
                                Label { text: modelData.name; color: Theme.mutedText; font.pixelSize: Theme.smallSize }
                                Label { objectName: "value"; text: parent.parent.value; font.pixelSize: Theme.headingSize - 4; font.bold: true }
                            }
                        }
                    }
                }

                // --- charts: transactions and fees per day or per centre ----------------------------------
                RowLayout {
                    visible: root.shown && root.kind !== "expiring"
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    ChartView {
                        objectName: "reportsCountChart"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 260
                        title: root.kind === "centres" ? qsTr("Transactions by centre") : qsTr("Transactions per day")
                        titleFont.pixelSize: Theme.bodySize
                        antialiasing: true
                        legend.alignment: Qt.AlignBottom
                        legend.font.pixelSize: Theme.smallSize
                        backgroundRoundness: 6
                        StackedBarSeries {
                            axisX: BarCategoryAxis { categories: root.barNames; labelsFont.pixelSize: Theme.smallSize - 4 }
                            axisY: ValueAxis {
                                min: 0
                                max: Math.max(4, Math.ceil(Math.max(0, ...root.barRows.map(r => r.total)) * 1.15))
                                labelFormat: "%d"
                                tickCount: 5
                                labelsFont.pixelSize: Theme.smallSize
                            }
                            BarSet { label: qsTr("Completed"); color: Theme.ok; values: root.barRows.map(r => r.completed) }
                            BarSet { label: qsTr("Failed or undone"); color: Theme.error; values: root.barRows.map(r => r.failed + r.compensated) }
                            BarSet { label: qsTr("Unfinished"); color: Theme.warning; values: root.barRows.map(r => r.unfinished) }
                        }
                    }
                    ChartView {
                        objectName: "reportsFeesChart"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 260
                        title: root.kind === "centres" ? qsTr("Fees by centre (¥)") : qsTr("Fees per day (¥)")
                        titleFont.pixelSize: Theme.bodySize
                        antialiasing: true
                        legend.visible: false
                        backgroundRoundness: 6
                        BarSeries {
                            axisX: BarCategoryAxis { categories: root.barNames; labelsFont.pixelSize: Theme.smallSize - 4 }
                            axisY: ValueAxis {
                                min: 0
                                max: Math.max(100, Math.ceil(Math.max(0, ...root.barRows.map(r => r.netFen / 100)) * 1.15))
                                labelFormat: "%d"
                                tickCount: 5
                                labelsFont.pixelSize: Theme.smallSize
                            }
                            BarSet { label: qsTr("Fees taken"); color: Theme.accent; values: root.barRows.map(r => r.netFen / 100) }
                        }
                    }
                }

                // --- the table: the export's rows ---------------------------------------------------------
                Label {
                    visible: root.shown && root.kind === "expiring" && root.rows.length === 0
                    text: qsTr("No certificate expires in these days.")
                    color: Theme.mutedText
                }
                // A positioner, not a layout: its rows come and go with each report.
                Column {
                    objectName: "reportsTable"
                    Layout.fillWidth: true
                    spacing: 4
                    Row {
                        visible: root.shown && root.rows.length > 0
                        spacing: 4
                        Repeater {
                            model: root.columns
                            delegate: Label {
                                required property var modelData
                                width: modelData.width * root.columnScale
                                text: modelData.title
                                font.pixelSize: Theme.smallSize
                                font.bold: true
                                color: Theme.mutedText
                                wrapMode: Text.Wrap
                            }
                        }
                    }
                    Repeater {
                        model: root.shown ? root.rows : []
                        delegate: Row {
                            id: tableRow
                            required property var modelData
                            required property int index
                            // The cells as shown, by the CSV's column names (the UI tests compare them).
                            readonly property var cells: {
                                const c = {}
                                // A row being taken away (another report came in) has no data any more.
                                if (!modelData)
                                    return c
                                for (const col of root.columns)
                                    c[col.key] = col.text(modelData)
                                return c
                            }
                            objectName: !modelData ? "" : "reportRow_" + (root.kind === "expiring" ? modelData.serial : modelData.label)
                            spacing: 4
                            Repeater {
                                model: root.columns
                                delegate: Label {
                                    required property var modelData
                                    width: modelData ? modelData.width * root.columnScale : 0
                                    text: modelData ? (tableRow.cells[modelData.key] || "") : ""
                                    font.pixelSize: root.tableFontSize
                                    font.bold: !!tableRow.modelData && tableRow.modelData.label === "TOTAL"
                                    // Wrapped, never cut short: a certificate's serial is read in full.
                                    wrapMode: Text.Wrap
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
