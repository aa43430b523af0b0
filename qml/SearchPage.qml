import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The counter's past: find a transaction by any of its keys (an operator finds this counter's, a supervisor the
// centre's — the database decides), then open its detail. The agent's ID number is given whole and shown
// masked.
FocusScope {
    id: page
    objectName: "searchPage"

    SearchController {
        id: search
        objectName: "searchController"
    }

    // Opening the page lists the newest transactions this person may see.
    function load() { if (!search.searched) search.search({}) }

    function filter() {
        return {
            number: number.text, receipt: receipt.text, company: company.text, uscc: uscc.text,
            key_serial: keySerial.text, cert_serial: certSerial.text, agent_id: agentId.text,
            from: from.text, to: to.text,
            state: state.currentIndex > 0 ? state.currentValue : "",
            operation: operation.currentIndex > 0 ? operation.currentValue : ""
        }
    }
    function runSearch() { search.search(filter()) }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing / 2
        visible: search.detail.number === undefined

        // Three columns of equal width (the same preferred width, all filling): the longest placeholder, which
        // is the field's label, is read in full.
        GridLayout {
            Layout.fillWidth: true
            columns: 3
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing / 2
            TextField { id: number; objectName: "searchNumber"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("Transaction number"); onAccepted: page.runSearch() }
            TextField { id: receipt; objectName: "searchReceipt"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("Receipt number"); onAccepted: page.runSearch() }
            TextField { id: company; objectName: "searchCompany"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("Company name (part)"); onAccepted: page.runSearch() }
            TextField { id: uscc; objectName: "searchUscc"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("USCC"); onAccepted: page.runSearch() }
            TextField { id: keySerial; objectName: "searchKeySerial"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("Key serial"); onAccepted: page.runSearch() }
            TextField { id: certSerial; objectName: "searchCertSerial"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("Certificate serial"); onAccepted: page.runSearch() }
            TextField { id: agentId; objectName: "searchAgentId"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("Agent's ID number"); onAccepted: page.runSearch() }
            // The dates two columns wide: "From YYYY-MM-DD" is read in full.
            RowLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.columnSpan: 2
                TextField { id: from; objectName: "searchFrom"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("From YYYY-MM-DD"); onAccepted: page.runSearch() }
                TextField { id: to; objectName: "searchTo"; Layout.fillWidth: true; Layout.preferredWidth: 1; implicitHeight: Theme.touchTarget; placeholderText: qsTr("To YYYY-MM-DD"); onAccepted: page.runSearch() }
            }
            ComboBox {
                id: state
                objectName: "searchState"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                implicitHeight: Theme.touchTarget
                textRole: "name"
                valueRole: "id"
                model: [
                    { id: "", name: qsTr("Any state") },
                    { id: "completed", name: qsTr("Completed") },
                    { id: "failed", name: qsTr("Failed") },
                    { id: "compensated", name: qsTr("Given up") }
                ]
            }
            ComboBox {
                id: operation
                objectName: "searchOperation"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                implicitHeight: Theme.touchTarget
                textRole: "name"
                valueRole: "id"
                model: [
                    { id: "", name: qsTr("Any operation") },
                    { id: "NEW", name: qsTr("New certificate") },
                    { id: "RENEW", name: qsTr("Renewal") },
                    { id: "UPGRADE", name: qsTr("Upgrade") },
                    { id: "REPLACE", name: qsTr("Replacement") },
                    { id: "UNLOCK", name: qsTr("Unlock") }
                ]
            }
            Button {
                objectName: "searchButton"
                text: qsTr("Search")
                highlighted: true
                enabled: !search.busy
                implicitHeight: Theme.touchTarget
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                onClicked: page.runSearch()
            }
            Button {
                objectName: "searchClear"
                text: qsTr("Clear")
                implicitHeight: Theme.touchTarget
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                onClicked: {
                    for (const f of [number, receipt, company, uscc, keySerial, certSerial, agentId, from, to])
                        f.text = ""
                    state.currentIndex = 0
                    operation.currentIndex = 0
                }
            }
        }
        Label {
            objectName: "searchError"
            Layout.fillWidth: true
            visible: text !== ""
            text: search.errorText
            color: Theme.error
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "searchMessage"
            Layout.fillWidth: true
            visible: text !== ""
            text: search.message
            color: Theme.mutedText
        }
        ListView {
            id: results
            objectName: "searchResults"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 4
            model: search.results
            ScrollBar.vertical: ScrollBar {
                policy: size < 1.0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }
            delegate: ItemDelegate {
                required property int index
                required property string number
                required property string operation
                // Not "state": every Item has a state of its own.
                required property string txState
                required property string startedAt
                required property string counter
                required property string company
                required property string agent
                required property string agentId
                required property string receipt
                required property bool voided
                required property real totalFen
                required property real refundedFen
                objectName: "result_" + number
                width: results.width
                implicitHeight: 76
                background: Rectangle { color: index % 2 ? Theme.background : Theme.card }
                contentItem: GridLayout {
                    columns: 4
                    columnSpacing: Theme.spacing
                    rowSpacing: 2
                    Label { text: number; font.bold: true; Layout.preferredWidth: 260 }
                    Label { text: operation + " · " + txState; Layout.preferredWidth: 220 }
                    Label { text: company; elide: Text.ElideRight; Layout.fillWidth: true }
                    Label {
                        text: "¥" + Money.yuan(totalFen) + (refundedFen > 0 ? " (" + qsTr("refunded") + ")" : "")
                        Layout.preferredWidth: 200
                        horizontalAlignment: Text.AlignRight
                    }
                    Label { text: startedAt + " · " + counter; color: Theme.mutedText; font.pixelSize: Theme.smallSize }
                    Label { text: agent + " " + agentId; color: Theme.mutedText; font.pixelSize: Theme.smallSize }
                    Label {
                        text: receipt === "" ? "" : receipt + (voided ? " " + qsTr("VOID") : "")
                        color: voided ? Theme.error : Theme.mutedText
                        font.pixelSize: Theme.smallSize
                    }
                    Item { width: 1 }
                }
                onClicked: search.open(number)
            }
        }
    }

    TransactionDetail {
        anchors.fill: parent
        visible: search.detail.number !== undefined
        controller: search
    }
}
