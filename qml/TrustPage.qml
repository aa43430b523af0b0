import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Admins: the tax authority's trust anchors and the registered signers of assistance letters — subject, office,
// fingerprint, validity, enabled — a certificate added from a PEM file (the scanner folder's, or a typed path)
// as an anchor or as the signer of one tax office, and one disabled after a confirmation.
ColumnLayout {
    id: page
    objectName: "trustPage"
    spacing: Theme.spacing / 2

    function load() { trust.load() }

    TrustController {
        id: trust
        objectName: "trustController"
    }

    Label {
        objectName: "trustError"
        Layout.fillWidth: true
        visible: text !== ""
        text: trust.errorText
        color: Theme.error
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "trustMessage"
        Layout.fillWidth: true
        visible: text !== ""
        text: trust.message
        color: Theme.ok
        wrapMode: Text.Wrap
    }
    Label {
        text: trust.entries.length === 0 ? qsTr("No trust anchor or letter signer is registered yet.")
                                         : qsTr("Trust anchors and letter signers")
        font.pixelSize: Theme.headingSize - 4
        font.bold: true
    }
    Repeater {
        objectName: "trustEntries"
        model: trust.entries
        delegate: RowLayout {
            required property var modelData
            objectName: "trustEntry_" + modelData.id
            Layout.fillWidth: true
            spacing: Theme.spacing
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                // Wrapped, never cut short: the admin compares the subject and fingerprint with the tax office's.
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.bold: true
                    color: modelData.active ? Theme.text : Theme.mutedText
                    text: (modelData.kind === "trust_anchor" ? qsTr("Trust anchor") : qsTr("Signer of office %1").arg(modelData.office))
                          + " · " + modelData.subject
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.mutedText
                    text: qsTr("SHA-256 %1 · valid %2 – %3").arg(modelData.fingerprint).arg(modelData.notBefore).arg(modelData.notAfter)
                          + " · " + (modelData.active ? qsTr("enabled") : qsTr("disabled"))
                }
            }
            Button {
                objectName: "trustDisable_" + modelData.id
                visible: modelData.active
                text: qsTr("Disable")
                implicitHeight: Theme.touchTarget
                enabled: !trust.busy
                onClicked: confirm.ask(modelData.id, modelData.subject)
            }
        }
    }

    // --- add -----------------------------------------------------------------------------------------------
    Label {
        Layout.topMargin: Theme.spacing
        text: qsTr("Add a certificate (PEM): from the scanner folder, or type its path.")
        color: Theme.mutedText
    }
    RowLayout {
        spacing: Theme.spacing
        ComboBox {
            id: scanned
            objectName: "trustScannerFile"
            visible: trust.scannerFiles.length > 0
            Layout.preferredWidth: 420
            implicitHeight: Theme.touchTarget
            model: trust.scannerFiles
            onActivated: path.text = currentText
        }
        TextField {
            id: path
            objectName: "trustPath"
            Layout.preferredWidth: 520
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("Path of the PEM file")
        }
    }
    RowLayout {
        spacing: Theme.spacing
        RadioButton {
            id: asSigner
            objectName: "trustAsSigner"
            checked: true
            text: qsTr("Letter signer of office")
        }
        TextField {
            id: office
            objectName: "trustOffice"
            enabled: asSigner.checked
            Layout.preferredWidth: 240
            implicitHeight: Theme.touchTarget
            placeholderText: qsTr("Tax office code")
        }
        RadioButton {
            id: asAnchor
            objectName: "trustAsAnchor"
            text: qsTr("Trust anchor (the tax authority's root)")
        }
        Button {
            objectName: "trustAdd"
            text: qsTr("Trust")
            highlighted: true
            enabled: !trust.busy
            implicitHeight: Theme.touchTarget
            onClicked: trust.add(asAnchor.checked, office.text, path.text)
        }
    }

    Popup {
        id: confirm
        objectName: "trustConfirm"
        property var entry
        property string subject
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 620
        padding: Theme.spacing * 1.5
        function ask(id, subjectText) { entry = id; subject = subjectText; open() }
        background: Rectangle { color: Theme.card; radius: 8; border.color: Theme.error; border.width: 2 }
        contentItem: ColumnLayout {
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.bold: true
                text: qsTr("Disable %1? Letters it signed are refused from now on.").arg(confirm.subject)
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                spacing: Theme.spacing
                Button {
                    objectName: "trustConfirmCancel"
                    text: qsTr("Cancel")
                    implicitHeight: Theme.touchTarget
                    onClicked: confirm.close()
                }
                Button {
                    objectName: "trustConfirmDisable"
                    text: qsTr("Disable")
                    highlighted: true
                    implicitHeight: Theme.touchTarget
                    onClicked: { trust.disable(confirm.entry); confirm.close() }
                }
            }
        }
    }
}
