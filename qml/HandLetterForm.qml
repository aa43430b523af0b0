import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// An assistance letter typed from the paper when its QR code can't be read; every field checked as it is
// typed.
GridLayout {
    id: form
    columns: 2
    columnSpacing: Theme.spacing
    rowSpacing: Theme.spacing / 2

    function complete() {
        return no.text.trim() !== "" && office.text.trim() !== "" && officeName.text.trim() !== ""
            && org.text.trim() !== "" && agentName.text.trim() !== ""
            && uscc.valid && agentIdNo.valid && issued.valid && expires.valid
    }
    function fields() {
        return {
            no: no.text, office: office.text, officeName: officeName.text, org: org.text, uscc: uscc.text,
            agentName: agentName.text, agentIdNo: agentIdNo.text, issued: issued.text, expires: expires.text
        }
    }

    ValidatedField { id: no; objectName: "letterNo"; Layout.fillWidth: true; label: qsTr("Letter number") }
    ValidatedField { id: office; objectName: "letterOffice"; Layout.fillWidth: true; label: qsTr("Tax office code") }
    ValidatedField { id: officeName; objectName: "letterOfficeName"; Layout.fillWidth: true; label: qsTr("Tax office") }
    ValidatedField { id: org; objectName: "letterOrg"; Layout.fillWidth: true; label: qsTr("Company name") }
    ValidatedField {
        id: uscc
        objectName: "letterUscc"
        Layout.fillWidth: true
        label: qsTr("USCC (unified social credit code)")
        validator: function(t) { return Validators.usccProblem(t) }
    }
    ValidatedField { id: agentName; objectName: "letterAgentName"; Layout.fillWidth: true; label: qsTr("Agent's name") }
    ValidatedField {
        id: agentIdNo
        objectName: "letterAgentId"
        Layout.fillWidth: true
        label: qsTr("Agent's ID number")
        validator: function(t) { return Validators.residentIdProblem(t) }
    }
    Item { Layout.fillWidth: true }
    ValidatedField {
        id: issued
        objectName: "letterIssued"
        Layout.fillWidth: true
        label: qsTr("Issued (YYYY-MM-DD)")
        validator: function(t) { return Validators.dateProblem(t) }
    }
    ValidatedField {
        id: expires
        objectName: "letterExpires"
        Layout.fillWidth: true
        label: qsTr("Valid until (YYYY-MM-DD)")
        validator: function(t) { return Validators.dateProblem(t) }
    }
}
