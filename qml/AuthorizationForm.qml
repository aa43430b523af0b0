import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The enterprise's authorization letter (授权书, DESIGN §3.1) as the operator reads it: typed with checks
// as you type; the USCC comes from the business licence QR when it is scanned.
GridLayout {
    id: form
    property string kind
    property alias companyId: companyId
    property alias companyName: companyName
    property alias agentIdNo: agentIdNo
    property alias agentName: agentName
    columns: 2
    columnSpacing: Theme.spacing
    rowSpacing: Theme.spacing / 2

    function today() {
        return Qt.formatDate(new Date(), "yyyy-MM-dd")
    }
    function complete() {
        return companyName.text.trim() !== "" && companyId.valid && agentName.text.trim() !== ""
            && agentIdNo.valid && agentMobile.text.trim() !== "" && validFrom.valid && validTo.valid && letterDate.valid
    }
    function fields() {
        return {
            companyName: companyName.text, companyId: companyId.text, agentName: agentName.text,
            agentIdNo: agentIdNo.text, agentMobile: agentMobile.text,
            replaceTicked: kind === "REPLACE" && ticked.checked, unlockTicked: kind === "UNLOCK" && ticked.checked,
            validFrom: validFrom.text, validTo: validTo.text, letterDate: letterDate.text,
            sealConfirmed: seal.checked
        }
    }

    ValidatedField { id: companyName; objectName: "authCompanyName"; Layout.fillWidth: true; label: qsTr("Company name") }
    ValidatedField {
        id: companyId
        objectName: "authCompanyId"
        Layout.fillWidth: true
        label: qsTr("USCC or taxpayer ID")
        validator: function(t) { return Validators.taxpayerIdProblem(t) }
    }
    ValidatedField { id: agentName; objectName: "authAgentName"; Layout.fillWidth: true; label: qsTr("Agent's name") }
    ValidatedField {
        id: agentIdNo
        objectName: "authAgentId"
        Layout.fillWidth: true
        label: qsTr("Agent's ID number")
        validator: function(t) { return Validators.residentIdProblem(t) }
    }
    ValidatedField { id: agentMobile; objectName: "authAgentMobile"; Layout.fillWidth: true; label: qsTr("Agent's mobile") }
    ValidatedField {
        id: letterDate
        objectName: "authLetterDate"
        Layout.fillWidth: true
        label: qsTr("Letter dated (YYYY-MM-DD)")
        text: form.today()
        validator: function(t) { return Validators.dateProblem(t) }
    }
    ValidatedField {
        id: validFrom
        objectName: "authValidFrom"
        Layout.fillWidth: true
        label: qsTr("Valid from (YYYY-MM-DD)")
        text: form.today()
        validator: function(t) { return Validators.dateProblem(t) }
    }
    ValidatedField {
        id: validTo
        objectName: "authValidTo"
        Layout.fillWidth: true
        label: qsTr("Valid until (YYYY-MM-DD)")
        validator: function(t) { return Validators.dateProblem(t) }
    }
    CheckBox {
        id: ticked
        objectName: "authTicked"
        Layout.columnSpan: 2
        implicitHeight: Theme.touchTarget
        text: form.kind === "REPLACE" ? qsTr("The letter ticks “USBKEY replacement” (补办)")
                                      : qsTr("The letter ticks “USBKEY unlock” (解锁)")
    }
    CheckBox {
        id: seal
        objectName: "authSeal"
        Layout.columnSpan: 2
        implicitHeight: Theme.touchTarget
        text: qsTr("I saw the company seal on the letter and it matches the company name")
    }
}
