import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Supervisors: the daily report with its charts, the approvals waiting (refunds recovery made) and the day
// close. Admins: key stock intake, staff and settings. The role decides which sections show (down the left);
// every query runs on the database thread.
FocusScope {
    id: screen
    objectName: "backOffice"
    // report, approvals, close, stock, staff, settings
    property string section: "report"
    signal closed()

    Keys.onEscapePressed: closed()

    BackOffice {
        id: office
        objectName: "backOfficeController"
    }
    ReportController {
        id: reports
        objectName: "reportController"
    }

    function load() {
        switch (section) {
        case "report": reports.load(reports.date); break
        case "close": reports.loadPreview(); break
        case "approvals": office.loadRefunds(); break
        case "stock": stockPage.load(); break
        case "settings": settingsPage.load(); break
        case "staff": staffPage.load(); break
        case "fees": feesPage.load(); break
        case "trust": trustPage.load(); break
        case "search": searchPage.load(); break
        case "reports": if (reportsLoader.item) reportsLoader.item.load(); break
        }
    }
    onSectionChanged: load()
    Component.onCompleted: load()

    Item {
        anchors.fill: parent
        anchors.margins: Theme.spacing

        // The sections down the left: as many as the role has, each a full touch target, never off-screen.
        // Anchored, not a RowLayout: the pages' scroll views take their width from the space left.
        ColumnLayout {
            id: sections
            objectName: "officeSections"
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            width: 220
            spacing: Theme.spacing / 4
            Button {
                objectName: "backButton"
                text: qsTr("Home")
                implicitHeight: Theme.touchTarget
                Layout.fillWidth: true
                onClicked: screen.closed()
            }
            Item { implicitHeight: Theme.spacing / 2 }
            Repeater {
                model: [
                    { id: "report", name: qsTr("Daily report"), show: Session.isSupervisor },
                    { id: "approvals", name: qsTr("Approvals waiting"), show: Session.isSupervisor },
                    { id: "close", name: qsTr("Day close"), show: Session.isSupervisor },
                    { id: "reports", name: qsTr("Reports"), show: Session.isSupervisor },
                    { id: "search", name: qsTr("Past transactions"), show: Session.loggedIn },
                    { id: "stock", name: qsTr("Key stock"), show: Session.isAdmin },
                    { id: "staff", name: qsTr("Staff"), show: Session.isAdmin },
                    { id: "fees", name: qsTr("Fee schedules"), show: Session.isAdmin },
                    { id: "trust", name: qsTr("Letter signers"), show: Session.isAdmin },
                    { id: "settings", name: qsTr("Settings"), show: Session.isAdmin }
                ]
                delegate: TabButton {
                    required property var modelData
                    objectName: "tab_" + modelData.id
                    visible: modelData.show
                    checked: screen.section === modelData.id
                    implicitHeight: Theme.touchTarget - 8
                    Layout.fillWidth: true
                    text: modelData.name
                    onClicked: screen.section = modelData.id
                    // A tab button is checkable: Enter, like Space, opens its tab.
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                }
            }
            Item { Layout.fillHeight: true }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                running: office.busy || reports.busy
                visible: running
            }
        }

        ColumnLayout {
            anchors.left: sections.right
            anchors.leftMargin: Theme.spacing
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            spacing: Theme.spacing

            Label {
                objectName: "officeError"
                Layout.fillWidth: true
                visible: text !== ""
                text: screen.section === "report" || screen.section === "close" ? reports.errorText : office.errorText
                color: Theme.error
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "officeMessage"
                Layout.fillWidth: true
                visible: text !== ""
                text: screen.section === "report" || screen.section === "close" ? reports.message : office.message
                color: Theme.ok
                wrapMode: Text.Wrap
            }

            // --- daily report and day close ------------------------------------------------------------------
            ScrollView {
                id: reportScroll
                objectName: "reportScroll"
                visible: screen.section === "report" || screen.section === "close"
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentWidth: availableWidth
                contentHeight: reportLoader.implicitHeight
                clip: true
                // Room for the scroll bar, shown whenever there is more than fits (the style shows it only while
                // scrolling).
                rightPadding: Theme.scrollBarRoom
                ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                Loader {
                    id: reportLoader
                    // The charts are made when a supervisor first opens the report, not with the screen.
                    objectName: "reportLoader"
                    width: parent.width
                    active: reportScroll.visible
                    sourceComponent: screen.section === "close" ? dayCloseView : dailyReportView
                }
                Component {
                    id: dailyReportView
                    DailyReport { controller: reports }
                }
                Component {
                    id: dayCloseView
                    DayClose { controller: reports }
                }
            }

            // --- approvals waiting -------------------------------------------------------------------------
            ColumnLayout {
                visible: screen.section === "approvals"
                Layout.fillWidth: true
                spacing: Theme.spacing / 2
                Label {
                    text: office.refunds.count === 0 ? qsTr("No refund waits for a review.")
                        : qsTr("Fees refunded by recovery, waiting for your review")
                    font.pixelSize: Theme.headingSize - 4
                    font.bold: true
                }
                Repeater {
                    model: office.refunds
                    delegate: Label {
                        required property string number
                        required property real amountFen
                        required property string method
                        required property string at
                        text: number + "   ¥" + Money.yuan(amountFen) + "   " + method + "   " + at
                    }
                }
                Button {
                    objectName: "reviewRefunds"
                    visible: office.refunds.count > 0
                    text: qsTr("I have reviewed these refunds")
                    implicitHeight: Theme.touchTarget
                    onClicked: office.reviewRefunds()
                }
            }

            // --- key models and stock -----------------------------------------------------------------------
            StockPage {
                id: stockPage
                visible: screen.section === "stock"
                Layout.fillWidth: true
                Layout.fillHeight: true
            }

            // --- staff (StaffPage.qml) --------------------------------------------------------------------------
            StaffPage {
                id: staffPage
                visible: screen.section === "staff"
                Layout.fillWidth: true
                Layout.fillHeight: true
            }

            // --- fee schedules and trusted letter signers (FeesPage.qml, TrustPage.qml) ------------------------
            FeesPage {
                id: feesPage
                visible: screen.section === "fees"
                Layout.fillWidth: true
            }
            TrustPage {
                id: trustPage
                visible: screen.section === "trust"
                Layout.fillWidth: true
            }

            // --- settings and the checks of this counter ---------------------------------------------------
            SettingsPage {
                id: settingsPage
                visible: screen.section === "settings"
                Layout.fillWidth: true
                Layout.fillHeight: true
            }

            // --- the counter's past -------------------------------------------------------------------------
            SearchPage {
                id: searchPage
                visible: screen.section === "search"
                Layout.fillWidth: true
                Layout.fillHeight: true
            }

            // --- reports: days, centres, expiring certificates -----------------------------------------------
            Loader {
                id: reportsLoader
                // Made (with its charts) when the section is first opened, as the daily report is.
                objectName: "reportsLoader"
                active: screen.section === "reports"
                visible: active
                Layout.fillWidth: true
                Layout.fillHeight: true
                sourceComponent: ReportsPage {}
            }

            Item {
                Layout.fillHeight: true
                visible: !reportScroll.visible && !reportsLoader.visible && !stockPage.visible
                         && !settingsPage.visible && !searchPage.visible
                         && !staffPage.visible
            }
        }
    }
}
