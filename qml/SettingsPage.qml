import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The admin's settings page: what is in force at this counter (read-only; set in the counter's configuration
// file), and countersignctl doctor's checks with their verdicts, run off the GUI thread.
ColumnLayout {
    id: page
    objectName: "settingsPage"
    spacing: Theme.spacing / 2

    function load() { settings.load() }

    SettingsOffice {
        id: settings
        objectName: "settingsController"
    }

    readonly property var s: settings.settings

    function orNone(value) { return value === undefined || value === "" ? qsTr("(none)") : value }

    // The value shown for setting `key`, from the controller's map `s`.
    function valueOf(key, s) {
        switch (key) {
        case "centre": return orNone(s.centre)
        case "counter": return orNone(s.counter)
        case "database": return s.databaseName === undefined ? "…"
                                : s.databaseName + " @ " + s.databaseHost + " (" + s.databaseUser + ")"
        case "ca": return s.caKind === "cmp" ? qsTr("external CA over CMP: %1").arg(orNone(s.caUrl))
                                             : qsTr("built-in CA (%1)").arg(s.caUrl)
        case "crl": return orNone(s.crlUrl)
        case "pkcs11": return s.pkcs11Module === "" || s.pkcs11Module === undefined
                              ? qsTr("p11-kit's proxy (the default)") : s.pkcs11Module
        case "printer": return (s.printer === "" || s.printer === undefined ? qsTr("the default printer") : s.printer)
                               + ", " + s.paper
        case "fees": return orNone(s.feeSchedule)
        case "algorithms": return orNone(s.keyAlgorithms)
        case "pin": return qsTr("at least %1 digits").arg(s.pinMinLength)
                           + (s.defaultPin ? ", " + qsTr("keys handed out with a default PIN to be changed") : "")
        case "idle": return qsTr("%n minute(s)", "", s.idleLockMinutes || 0)
        case "language": return s.language === "en" ? "English" : "中文"
        case "demo": return s.demo ? qsTr("on") : qsTr("off")
        case "retention": return qsTr("%n year(s) after the certificate expires", "", s.retentionYears || 0)
        case "sopin": return String(s.soPinVersion)
                             + (s.soPinVersions ? "  " + qsTr("(master secrets: %1)").arg(s.soPinVersions) : "")
        case "lowLevel": return s.stockLowLevel > 0 ? String(s.stockLowLevel) : qsTr("(not marked)")
        }
        return ""
    }

    Label {
        objectName: "settingsError"
        Layout.fillWidth: true
        visible: text !== ""
        text: settings.errorText
        color: Theme.error
        wrapMode: Text.Wrap
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: Theme.spacing * 2

        ScrollView {
            id: settingsScroll
            // Two columns of equal width: the same preferred width, both filling.
            Layout.preferredWidth: 1
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            // Room for the scroll bar, shown whenever there is more than fits (the style shows it only while
            // scrolling).
            rightPadding: Theme.scrollBarRoom
            ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            contentWidth: availableWidth
            ColumnLayout {
                objectName: "settingsGrid"
                width: settingsScroll.availableWidth
                spacing: 6
                Repeater {
                    // Names only: the values are read by valueOf(), so new values never remake the rows.
                    model: [
                        { key: "centre", name: qsTr("Centre") },
                        { key: "counter", name: qsTr("Counter") },
                        { key: "database", name: qsTr("Database") },
                        { key: "ca", name: qsTr("CA") },
                        { key: "crl", name: qsTr("CRL distribution point") },
                        { key: "pkcs11", name: qsTr("PKCS#11 module") },
                        { key: "printer", name: qsTr("Printer and paper") },
                        { key: "fees", name: qsTr("Fee schedule in force") },
                        { key: "algorithms", name: qsTr("Key algorithms of the profile") },
                        { key: "pin", name: qsTr("PIN rules") },
                        { key: "idle", name: qsTr("Idle lock") },
                        { key: "language", name: qsTr("Language") },
                        { key: "demo", name: qsTr("Demo mode") },
                        { key: "retention", name: qsTr("Evidence kept") },
                        { key: "sopin", name: qsTr("SO PIN version") },
                        { key: "lowLevel", name: qsTr("Low stock under") }
                    ]
                    delegate: RowLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        Label {
                            Layout.preferredWidth: 200
                            text: modelData.name
                            color: Theme.mutedText
                            wrapMode: Text.Wrap
                        }
                        Label {
                            objectName: "setting_" + modelData.key
                            Layout.fillWidth: true
                            text: page.valueOf(modelData.key, page.s)
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        }
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Settings are kept in the configuration file of this counter (see deploy/countersign.conf.example); passwords and PINs are never shown.")
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                }
            }
        }

        ColumnLayout {
            Layout.preferredWidth: 1
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing / 2
            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "doctorSummary"
                    Layout.fillWidth: true
                    font.pixelSize: Theme.headingSize - 4
                    font.bold: true
                    color: settings.checking ? Theme.text : settings.failedCount > 0 ? Theme.error : Theme.ok
                    text: settings.checking ? qsTr("Checking this counter…")
                          : settings.checks.count === 0 ? qsTr("Checks of this counter")
                          : settings.failedCount > 0 ? qsTr("%n check(s) failed", "", settings.failedCount)
                          : qsTr("All %1 checks passed").arg(settings.checks.count)
                }
                BusyIndicator { running: settings.checking; visible: running; implicitHeight: Theme.touchTarget - 8 }
                Button {
                    objectName: "runChecks"
                    text: qsTr("Run the checks again")
                    implicitHeight: Theme.touchTarget
                    enabled: !settings.checking
                    onClicked: settings.runChecks()
                }
            }
            Label {
                visible: settings.checkedAt !== ""
                text: qsTr("As checked at %1 (countersignctl doctor)").arg(settings.checkedAt)
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                // Room for the scroll bar, shown whenever there is more than fits (the style shows it only while
                // scrolling).
                rightPadding: Theme.scrollBarRoom
                ScrollBar.vertical.policy: ScrollBar.vertical.size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                contentWidth: availableWidth
                ListView {
                    objectName: "doctorChecks"
                    model: settings.checks
                    spacing: 6
                    delegate: RowLayout {
                        required property string name
                        required property string verdict
                        required property string detail
                        objectName: "check_" + name.replace(/ /g, "_")
                        width: ListView.view.width
                        spacing: Theme.spacing / 2
                        Label {
                            objectName: "verdict"
                            Layout.preferredWidth: 90
                            Layout.alignment: Qt.AlignTop
                            font.bold: true
                            text: verdict === "ok" ? "✓ " + qsTr("OK") : verdict === "warn" ? "! " + qsTr("Warning")
                                                                                       : "✗ " + qsTr("Failed")
                            color: verdict === "ok" ? Theme.ok : verdict === "warn" ? Theme.warning : Theme.error
                        }
                        Label {
                            Layout.preferredWidth: 150
                            Layout.alignment: Qt.AlignTop
                            text: name
                            font.bold: true
                        }
                        Label {
                            objectName: "detail"
                            Layout.fillWidth: true
                            text: detail
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            color: verdict === "fail" ? Theme.error : Theme.text
                        }
                    }
                }
            }
        }
    }
}
