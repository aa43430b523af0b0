import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Step 1: the papers. NEW takes the assistance letter's QR (scanned anywhere on the screen, opened from
// the document scanner's folder, or typed by hand with a supervisor's approval); REPLACE and UNLOCK take the
// authorization letter's fields (the business licence QR fills the USCC); RENEW and UPGRADE take the key.
StepPage {
    id: step
    objectName: "papersStep"
    readonly property string kind: controller.kind
    readonly property bool isNew: kind === "NEW"
    readonly property bool usesLetter: kind === "REPLACE" || kind === "UNLOCK"
    readonly property bool usesKey: kind === "RENEW" || kind === "UPGRADE" || kind === "UNLOCK"
    property bool handEntry: false
    property string scanNote

    heading: isNew ? qsTr("Scan the assistance letter")
           : usesLetter ? qsTr("The enterprise's authorization letter")
           : qsTr("The enterprise's key")
    hint: isNew ? qsTr("Scan the QR code on the tax office's assistance letter (证书协办函) with the scanner, or open the scanned image. Put a blank key in the writer.")
        : kind === "REPLACE" ? qsTr("Scan the business licence QR to fill the USCC, type the rest from the letter, and confirm the seal. Put a blank key in the writer.")
        : kind === "UNLOCK" ? qsTr("Scan the business licence QR to fill the USCC, type the rest from the letter, and confirm the seal. The locked key stays in the writer.")
        : qsTr("The key stays in the writer. The agent will type its PIN.")
    proceedText: controller.busy ? qsTr("Checking…") : qsTr("Check")
    proceedEnabled: ready()
    onProceedClicked: submit()

    // REPLACE of a damaged key and UNLOCK: the key the agent brought names its enterprise, so its USCC and
    // name fill the letter's fields (the operator compares them with the letter) and a REPLACE is of a
    // damaged key.
    readonly property var presentedKey: Writer.keys.find(k => !k.blank && k.uscc !== "")
    onPresentedKeyChanged: prefill()
    Component.onCompleted: prefill()
    readonly property var authForm: authFormLoader.item
    readonly property var letterForm: letterFormLoader.item

    function prefill() {
        if (!usesLetter || presentedKey === undefined || !authForm)
            return
        if (authForm.companyId.text === "")
            authForm.companyId.text = presentedKey.uscc
        if (authForm.companyName.text === "")
            authForm.companyName.text = presentedKey.company
        if (kind === "REPLACE" && controller.oldKeySerial === "") {
            controller.damaged = true
            controller.oldKeySerial = presentedKey.serial
        }
    }

    function ready() {
        if (controller.scans.missing !== "")
            return false
        if ((isNew || usesLetter) && !idCardField.valid)
            return false
        if (isNew)
            return handEntry ? letterForm !== null && letterForm.complete() && controller.handEntryApprovedBy !== "" : controller.letterText !== ""
        if (usesLetter && (!authForm || !authForm.complete()))
            return false
        if (usesKey && controller.keySerial === "")
            return false
        return true
    }

    function submit() {
        if (!ready() || controller.busy)
            return
        if (isNew && handEntry)
            controller.handEntered = letterForm.fields()
        if (usesLetter)
            controller.authorization = authForm.fields()
        controller.check()
    }

    // A scan while this step is showing: a letter is taken and checked at once, a licence fills the USCC, an
    // ID number the agent's ID.
    Connections {
        target: KeyboardWedge
        enabled: step.active && !IdleMonitor.locked
        function onScanned(text) {
            const kind = KeyboardWedge.kindOf(text)
            if (step.isNew && kind === KeyboardWedge.AssistanceLetter) {
                step.handEntry = false
                controller.letterText = text
                step.scanNote = idCardField.valid ? qsTr("Letter scanned.") : qsTr("Letter scanned: now scan or type the agent's ID card.")
                step.submit()
            } else if (step.usesLetter && (kind === KeyboardWedge.Uscc || kind === KeyboardWedge.BusinessLicence)) {
                authForm.companyId.text = KeyboardWedge.usccOf(text)
                step.scanNote = qsTr("USCC taken from the business licence.")
            } else if (kind === KeyboardWedge.ResidentId && (step.isNew || step.usesLetter)) {
                // An ID reader: the card in front of the operator (the letter's agent ID is typed from the letter).
                idCardField.scan(text)
                step.scanNote = qsTr("Agent's ID card scanned.")
                if (step.isNew && !step.handEntry)
                    step.submit()
            } else {
                step.scanNote = qsTr("The scanned code is not one this step takes.")
            }
        }
    }

    ImageDecoder {
        id: decoder
        onDecoded: (text) => {
            step.handEntry = false
            controller.letterText = text
            step.scanNote = qsTr("Letter read from the image.")
            imagePicker.close()
            step.submit()
        }
        onFailed: (reason) => step.scanNote = qsTr("No QR code could be read from the image: %1").arg(reason)
    }

    Label {
        objectName: "scanNote"
        Layout.fillWidth: true
        visible: step.scanNote !== ""
        text: step.scanNote
        color: Theme.accent
        wrapMode: Text.Wrap
    }

    // --- NEW: the letter --------------------------------------------------------------------------------
    Frame {
        Layout.fillWidth: true
        visible: step.isNew && !step.handEntry
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                objectName: "letterState"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.headingSize - 4
                color: step.controller.letterText !== "" ? Theme.ok : Theme.mutedText
                text: step.controller.letterText !== "" ? qsTr("A letter has been scanned (%1 characters).").arg(step.controller.letterText.length)
                                                          : qsTr("Waiting for the scanner…")
            }
            RowLayout {
                spacing: Theme.spacing
                Button {
                    objectName: "openImageButton"
                    text: qsTr("Open scanned image…")
                    implicitHeight: Theme.touchTarget
                    onClicked: imagePicker.openFolder()
                }
                Button {
                    objectName: "handEntryButton"
                    text: qsTr("QR unreadable: enter by hand")
                    implicitHeight: Theme.touchTarget
                    onClicked: step.handEntry = true
                }
            }
        }
    }
    Frame {
        Layout.fillWidth: true
        visible: step.isNew && step.handEntry
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing / 2
            // Made only when a letter is typed by hand (rare), so the papers step opens quickly.
            Loader {
                id: letterFormLoader
                Layout.fillWidth: true
                active: step.isNew && step.handEntry
                sourceComponent: HandLetterForm {}
            }
            RowLayout {
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: step.controller.handEntryApprovedBy !== "" ? Theme.ok : Theme.warning
                    text: step.controller.handEntryApprovedBy !== ""
                          ? qsTr("Hand entry approved by %1.").arg(step.controller.handEntryApprovedBy)
                          : qsTr("A letter typed by hand needs a supervisor's approval.")
                }
                Button {
                    objectName: "handEntryApprovalButton"
                    visible: step.controller.handEntryApprovedBy === ""
                    text: qsTr("Supervisor approval…")
                    implicitHeight: Theme.touchTarget
                    onClicked: approval.ask("hand_entry", qsTr("The assistance letter's QR code cannot be read; the operator typed it from the paper."))
                }
                Button {
                    objectName: "scanInsteadButton"
                    text: qsTr("Scan instead")
                    implicitHeight: Theme.touchTarget
                    onClicked: step.handEntry = false
                }
            }
        }
    }

    // --- REPLACE / UNLOCK: the authorization letter ----------------------------------------------------
    // Only REPLACE and UNLOCK take the authorization letter: made for them only.
    Loader {
        id: authFormLoader
        Layout.fillWidth: true
        active: step.usesLetter
        visible: active
        sourceComponent: AuthorizationForm {
            kind: step.kind
        }
        onLoaded: step.prefill()
    }
    IdCardField { id: idCardField; Layout.fillWidth: true; controller: step.controller; authForm: step.authForm }
    Frame {
        Layout.fillWidth: true
        visible: step.kind === "REPLACE"
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing / 2
            RowLayout {
                spacing: Theme.spacing
                Label { text: qsTr("The old key is"); color: Theme.text }
                RadioButton {
                    objectName: "lostButton"
                    text: qsTr("lost")
                    checked: !step.controller.damaged
                    implicitHeight: Theme.touchTarget
                    onClicked: {
                        step.controller.damaged = false
                        step.controller.waiverAttested = false
                        step.controller.oldKeySerial = ""
                    }
                }
                RadioButton {
                    objectName: "damagedButton"
                    text: qsTr("damaged (handed in)")
                    checked: step.controller.damaged
                    implicitHeight: Theme.touchTarget
                    onClicked: step.controller.damaged = true
                }
            }
            ValidatedField {
                id: oldKey
                objectName: "oldKeySerial"
                visible: !step.controller.damaged
                Layout.fillWidth: true
                label: qsTr("Serial of the lost key (only when the enterprise has several)")
                onTextChanged: step.controller.oldKeySerial = text.trim()
            }
            CheckBox {
                objectName: "waiverAttested"
                visible: step.controller.damaged
                Layout.fillWidth: true
                implicitHeight: Theme.touchTarget
                text: qsTr("I attest the key failed without human damage and its exterior is intact (media fee waived)")
                checked: step.controller.waiverAttested
                onToggled: {
                    step.controller.waiverAttested = checked
                    if (checked && step.controller.waiverApprovedBy === "")
                        approval.ask("waiver", qsTr("Waive the media fee for a key that failed without human damage, exterior intact."))
                }
            }
            RowLayout {
                visible: step.controller.waiverAttested
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: step.controller.waiverApprovedBy !== "" ? Theme.ok : Theme.warning
                    text: step.controller.waiverApprovedBy !== ""
                          ? qsTr("Waiver approved by %1.").arg(step.controller.waiverApprovedBy)
                          : qsTr("The waiver needs a supervisor's approval.")
                }
                Button {
                    objectName: "waiverApprovalButton"
                    visible: step.controller.waiverApprovedBy === ""
                    text: qsTr("Supervisor approval…")
                    implicitHeight: Theme.touchTarget
                    onClicked: approval.ask("waiver", qsTr("Waive the media fee for a key that failed without human damage, exterior intact."))
                }
            }
        }
    }

    ScansPanel { Layout.fillWidth: true; controller: step.controller; decoder: decoder }

    // --- the key in the writer -------------------------------------------------------------------------
    KeyPicker {
        Layout.fillWidth: true
        controller: step.controller
        visible: step.usesKey
        active: step.usesKey
    }
    Label {
        objectName: "blankKeyState"
        Layout.fillWidth: true
        visible: step.kind === "NEW" || step.kind === "REPLACE"
        wrapMode: Text.Wrap
        color: Writer.blankCount === 1 ? Theme.ok : Theme.warning
        text: Writer.blankCount === 1 ? qsTr("A blank key is in the writer.")
            : Writer.blankCount === 0 ? qsTr("Put a blank key in the writer.")
            : qsTr("Several blank keys are in the writer: leave only one.")
    }

    ApprovalDialog {
        id: approval
        controller: step.controller
    }

    Popup {
        id: imagePicker
        objectName: "imagePicker"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 720
        height: 520
        property var files: []
        function openFolder() {
            files = decoder.images()
            open()
        }
        contentItem: ColumnLayout {
            spacing: Theme.spacing
            Label {
                text: qsTr("Scanned images (newest first)")
                font.bold: true
                font.pixelSize: Theme.headingSize - 4
            }
            Label {
                visible: imagePicker.files.length === 0
                text: decoder.folder === "" ? qsTr("No scanner folder is configured ([scanner] folder).")
                                            : qsTr("No images in %1.").arg(decoder.folder)
                color: Theme.mutedText
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            ListView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: imagePicker.files
                delegate: ItemDelegate {
                    required property string modelData
                    objectName: "letterImage_" + text
                    width: ListView.view.width
                    height: Theme.touchTarget
                    text: modelData.substring(modelData.lastIndexOf("/") + 1)
                    // The picker is a popup, outside the step's Enter handler.
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: decoder.decode(modelData)
                }
            }
            RowLayout {
                BusyIndicator { running: decoder.busy; visible: running }
                Item { Layout.fillWidth: true }
                Button {
                    text: qsTr("Close")
                    implicitHeight: Theme.touchTarget
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: imagePicker.close()
                }
            }
        }
    }
}
