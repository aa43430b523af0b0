pragma Singleton
import QtQuick

// The fee lines of the seeded schedules (db/migrations/0004_fees.sql) in the counter's language; a line of
// another schedule shows as the schedule wrote it.
QtObject {
    function describe(text) {
        switch (text) {
        case "new certificate: no fee": return qsTr("New certificate: no fee")
        case "certificate renewal: no fee": return qsTr("Certificate renewal: no fee")
        case "certificate upgrade: no fee": return qsTr("Certificate upgrade: no fee")
        case "USB-KEY media fee": return qsTr("USB-KEY media fee")
        case "key failed without human damage, exterior intact": return qsTr("Waived: the key failed without human damage, exterior intact")
        case "USB-KEY unlock: no fee": return qsTr("USB-KEY unlock: no fee")
        case "first certificate subsidised": return qsTr("First certificate, subsidised")
        case "further certificate": return qsTr("Further certificate")
        case "annual service fee": return qsTr("Annual service fee")
        case "replacement certificate incl. USB-KEY": return qsTr("Replacement certificate incl. USB-KEY")
        }
        return text
    }
}
