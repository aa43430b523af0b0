import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The back office's staff page (admins): the accounts, and for the one picked: disable or enable, role and
// centre, a temporary password the person must change at the next login, unlock. Every change is asked once
// more before it is made; the database checks the admin, keeps the last admin and records who did it.
FocusScope {
    id: page
    objectName: "staffPage"
    // The account picked in the list: its username, and its row's values.
    property string selected: ""
    property var account: ({})

    function load() { admin.load() }

    StaffAdmin {
        id: admin
        objectName: "staffAdmin"
        onDone: { newPassword.text = ""; newPasswordAgain.text = "" }
    }

    function roleName(role) {
        switch (role) {
        case "operator": return qsTr("Operator")
        case "supervisor": return qsTr("Supervisor")
        case "admin": return qsTr("Admin")
        }
        return role
    }
    function when(iso) {
        return iso ? Qt.formatDateTime(new Date(iso), "yyyy-MM-dd HH:mm") : ""
    }
    function locked(row) { return row.lockedUntil !== undefined && row.lockedUntil !== "" }
    // The account picked: its row, and the fields set from it.
    function pick(username) {
        admin.clearMessages()
        selected = username
        account = admin.account(username)
        roleBox.currentIndex = Math.max(0, ["operator", "supervisor", "admin"].indexOf(account.role))
        centreField.text = account.centre || ""
        newPassword.text = ""
        newPasswordAgain.text = ""
    }
    // Its row again whenever the list is read again.
    Connections {
        target: admin
        function onChanged() { page.account = admin.account(page.selected) }
    }

    // What the confirm dialog will do, and says.
    property string confirmText: ""
    property string confirmButton: ""
    property var confirmAction: null
    function ask(text, button, action) {
        confirmText = text
        confirmButton = button
        confirmAction = action
        confirm.open()
    }

    Item {
        anchors.fill: parent

        // --- the accounts ---------------------------------------------------------------------------------
        Frame {
            id: listFrame
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.left: parent.left
            width: Math.round(parent.width * 0.5)
            padding: 0
            ListView {
                id: list
                objectName: "staffList"
                anchors.fill: parent
                clip: true
                model: admin.accounts
                header: Label {
                    width: list.width
                    padding: 8
                    text: qsTr("%n account(s)", "", list.count)
                    color: Theme.mutedText
                }
                delegate: ItemDelegate {
                    id: rowItem
                    required property string username
                    required property string displayName
                    required property string role
                    required property string centre
                    required property bool active
                    required property string lockedUntil
                    required property int failedLogins
                    required property bool mustChange
                    required property string lastLogin
                    objectName: "staffRow_" + username
                    width: ListView.view.width
                    implicitHeight: Math.max(Theme.touchTarget, implicitContentHeight + 12)
                    highlighted: page.selected === username
                    onClicked: page.pick(username)
                    background: Rectangle {
                        color: rowItem.highlighted ? Qt.lighter(Theme.accent, 2.4) : rowItem.down ? Theme.background : Theme.card
                        Rectangle {
                            visible: rowItem.highlighted
                            width: 4
                            height: parent.height
                            color: Theme.accent
                        }
                    }
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    contentItem: ColumnLayout {
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: rowItem.username + "  ·  " + rowItem.displayName + "  ·  " + page.roleName(rowItem.role)
                                  + "  ·  " + (rowItem.centre !== "" ? rowItem.centre : qsTr("every centre"))
                            font.bold: true
                            color: rowItem.active ? Theme.text : Theme.mutedText
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: [rowItem.active ? "" : qsTr("disabled"),
                                   rowItem.lockedUntil !== "" ? qsTr("locked until %1").arg(page.when(rowItem.lockedUntil)) : "",
                                   rowItem.mustChange ? qsTr("must change password") : "",
                                   rowItem.lastLogin !== "" ? qsTr("last login %1").arg(page.when(rowItem.lastLogin))
                                                            : qsTr("never logged in")]
                                  .filter(part => part).join("  ·  ")
                            color: !rowItem.active || rowItem.lockedUntil !== "" ? Theme.error : Theme.mutedText
                            font.pixelSize: Theme.smallSize
                        }
                    }
                }
            }
        }

        // --- the account picked -----------------------------------------------------------------------------
        ColumnLayout {
            // What is left beside the list, whatever its texts' widths.
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.left: listFrame.right
            anchors.leftMargin: Theme.spacing
            anchors.right: parent.right
            spacing: Theme.spacing / 2

            Label {
                objectName: "staffError"
                Layout.fillWidth: true
                visible: text !== ""
                text: admin.errorText
                color: Theme.error
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "staffMessage"
                Layout.fillWidth: true
                visible: text !== ""
                text: admin.message
                color: Theme.ok
                wrapMode: Text.Wrap
            }
            Label {
                visible: page.selected === ""
                Layout.fillWidth: true
                text: qsTr("Pick an account to change it. New accounts are added with countersignctl staff add.")
                color: Theme.mutedText
                wrapMode: Text.Wrap
            }

            ColumnLayout {
                visible: page.selected !== ""
                Layout.fillWidth: true
                spacing: Theme.spacing / 2

                Label {
                    objectName: "staffSelected"
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    text: page.selected + (page.account.displayName ? " · " + page.account.displayName : "")
                    font.pixelSize: Theme.headingSize - 4
                    font.bold: true
                }
                RowLayout {
                    spacing: Theme.spacing / 2
                    Button {
                        objectName: "staffDisable"
                        visible: page.account.active === true
                        enabled: !admin.busy
                        text: qsTr("Disable")
                        implicitHeight: Theme.touchTarget
                        onClicked: page.ask(qsTr("Disable %1? The account can't log in any more and its open sessions end at once.").arg(page.selected),
                                            qsTr("Disable"), function() { admin.disable(page.selected) })
                    }
                    Button {
                        objectName: "staffEnable"
                        visible: page.account.active === false
                        enabled: !admin.busy
                        text: qsTr("Enable")
                        implicitHeight: Theme.touchTarget
                        onClicked: page.ask(qsTr("Enable %1? The account can log in again.").arg(page.selected),
                                            qsTr("Enable"), function() { admin.enable(page.selected) })
                    }
                    Button {
                        objectName: "staffUnlock"
                        visible: page.locked(page.account) || page.account.failedLogins > 0
                        enabled: !admin.busy
                        text: qsTr("Unlock")
                        implicitHeight: Theme.touchTarget
                        onClicked: page.ask(qsTr("Unlock %1? The count of wrong passwords starts again.").arg(page.selected),
                                            qsTr("Unlock"), function() { admin.unlock(page.selected) })
                    }
                }

                Label { text: qsTr("Role and centre"); font.bold: true; Layout.topMargin: Theme.spacing / 2 }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing / 2
                    ComboBox {
                        id: roleBox
                        objectName: "staffRole"
                        implicitHeight: Theme.touchTarget
                        Layout.preferredWidth: 180
                        model: [page.roleName("operator"), page.roleName("supervisor"), page.roleName("admin")]
                    }
                    TextField {
                        id: centreField
                        objectName: "staffCentre"
                        implicitHeight: Theme.touchTarget
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        placeholderText: qsTr("Centre code (empty: every centre)")
                        inputMethodHints: Qt.ImhNoPredictiveText
                    }
                    Button {
                        objectName: "staffSetRole"
                        enabled: !admin.busy
                        text: qsTr("Change")
                        implicitHeight: Theme.touchTarget
                        onClicked: {
                            const role = ["operator", "supervisor", "admin"][roleBox.currentIndex]
                            const centre = centreField.text.trim()
                            page.ask(qsTr("Make %1 %2 of %3? The person logs in again to work in the new role.")
                                         .arg(page.selected).arg(page.roleName(role))
                                         .arg(centre !== "" ? qsTr("centre %1").arg(centre) : qsTr("every centre")),
                                     qsTr("Change"), function() { admin.setRole(page.selected, role, centre) })
                        }
                    }
                }

                Label { text: qsTr("Reset the password"); font.bold: true; Layout.topMargin: Theme.spacing / 2 }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("A temporary password of at least 8 characters, typed twice. Tell it to the person: they must choose their own at the next login.")
                    color: Theme.mutedText
                    wrapMode: Text.Wrap
                }
                TextField {
                    id: newPassword
                    objectName: "staffNewPassword"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("Temporary password")
                }
                TextField {
                    id: newPasswordAgain
                    objectName: "staffNewPasswordAgain"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("The same again")
                }
                Label {
                    objectName: "staffPasswordHint"
                    Layout.fillWidth: true
                    visible: text !== ""
                    color: Theme.error
                    text: newPassword.text === "" ? ""
                          : newPassword.text.length < 8 ? qsTr("At least 8 characters.")
                          : newPasswordAgain.text !== "" && newPasswordAgain.text !== newPassword.text
                            ? qsTr("The two entries differ.") : ""
                }
                Button {
                    objectName: "staffResetPassword"
                    enabled: !admin.busy && newPassword.text.length >= 8 && newPassword.text === newPasswordAgain.text
                    text: qsTr("Reset the password")
                    implicitHeight: Theme.touchTarget
                    onClicked: page.ask(qsTr("Reset the password of %1? Their open sessions end, and they must change the temporary password at the next login.").arg(page.selected),
                                        qsTr("Reset"), function() {
                                            admin.resetPassword(page.selected, newPassword.text, newPasswordAgain.text)
                                        })
                }
            }
            Item { Layout.fillHeight: true }
        }
    }

    Dialog {
        id: confirm
        objectName: "staffConfirm"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 620
        title: qsTr("Are you sure?")
        footer: DialogButtonBox {
            Button {
                objectName: "staffConfirmNo"
                // The dialog is outside the window's Enter handler (Main.qml).
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                text: qsTr("Cancel")
                implicitHeight: Theme.touchTarget
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "staffConfirmYes"
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                text: page.confirmButton
                highlighted: true
                implicitHeight: Theme.touchTarget
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
        }
        Label {
            width: parent.width
            wrapMode: Text.Wrap
            text: page.confirmText
        }
        onAccepted: {
            const action = page.confirmAction
            page.confirmAction = null
            if (action)
                action()
        }
        onRejected: page.confirmAction = null
    }
}
