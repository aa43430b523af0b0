import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// Staff login. The check runs on the database thread; the screen only shows progress and the outcome.
// A focus scope, so the username has the keyboard when the screen shows.
FocusScope {
    id: root

    LoginController {
        id: controller
        objectName: "loginController"
        onFailed: password.selectAll()
    }

    function submit() {
        if (!controller.busy && Workstation.ready)
            controller.submit(username.text, password.text)
    }

    function setupMessage() {
        switch (Workstation.setupProblem) {
        case Workstation.NoCounterConfigured:
            return qsTr("This workstation has no centre and counter configured. Set [workstation] centre and counter in the configuration file.")
        case Workstation.CounterNotRegistered:
            return qsTr("Counter %1 is not registered in the database. An admin registers it with “countersignctl counter add”.").arg(Workstation.setupDetail)
        case Workstation.WrongCounter:
            return qsTr("This workstation's database login does not belong to the counter it is configured as (%1). An admin binds each counter's login with “setup.sh counter-role”.").arg(Workstation.setupDetail)
        case Workstation.DatabaseUnreachable:
            return qsTr("The database cannot be reached. The counter keeps trying by itself; you can also try again now.")
        case Workstation.DatabaseTooNew:
            return qsTr("The database was upgraded by a newer Countersign. Install the same version on this counter.")
        case Workstation.MigrationFailed:
            return qsTr("The database could not be prepared for this version.")
        case Workstation.ConfigurationInvalid:
            return qsTr("The configuration file cannot be used.")
        }
        return ""
    }

    RowLayout {
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: Theme.spacing
        spacing: 8
        Button {
            objectName: "chineseButton"
            text: "中文"
            checkable: true
            checked: Workstation.language === "zh_CN"
            implicitHeight: Theme.touchTarget
            implicitWidth: 96
            onClicked: Workstation.language = "zh_CN"
        }
        Button {
            objectName: "englishButton"
            text: "English"
            checkable: true
            checked: Workstation.language === "en"
            implicitHeight: Theme.touchTarget
            implicitWidth: 120
            onClicked: Workstation.language = "en"
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(560, parent.width - 2 * Theme.spacing)
        spacing: Theme.spacing

        Label {
            objectName: "title"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("CA Certificate Service Counter")
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            // The centre and counter only once they are known (an unconfigured workstation has neither).
            text: [qsTr("Staff login"), Workstation.centreName,
                   Workstation.counterName ? qsTr("Counter %1").arg(Workstation.counterName) : ""]
                  .filter(part => part).join(" · ")
            font.pixelSize: Theme.bodySize
            color: Theme.mutedText
        }

        Rectangle {
            objectName: "setupProblem"
            visible: Workstation.setupProblem !== Workstation.None
            Layout.fillWidth: true
            implicitHeight: problemColumn.implicitHeight + 2 * Theme.spacing
            radius: 8
            color: "#fdecea"
            border.color: Theme.error
            ColumnLayout {
                id: problemColumn
                anchors.fill: parent
                anchors.margins: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    text: root.setupMessage()
                    wrapMode: Text.Wrap
                    color: Theme.error
                }
                Label {
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: Workstation.setupDetail
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallSize - 2
                    color: Theme.mutedText
                }
                Button {
                    visible: Workstation.setupProblem !== Workstation.ConfigurationInvalid
                             && Workstation.setupProblem !== Workstation.NoCounterConfigured
                    enabled: !Workstation.starting
                    text: qsTr("Try again")
                    implicitHeight: Theme.touchTarget
                    onClicked: Workstation.start()
                }
            }
        }

        Pane {
            Layout.fillWidth: true
            visible: !controller.mustChangePassword
            // A Pane is a focus scope of its own: it passes the screen's focus on to the username.
            focus: true
            padding: Theme.spacing * 1.5
            background: Rectangle {
                color: Theme.card
                radius: 12
                border.color: "#d9dee6"
            }
            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacing

                Label { text: qsTr("Username") }
                TextField {
                    id: username
                    objectName: "username"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    focus: true
                    enabled: !controller.busy
                    inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                    KeyNavigation.tab: password
                    onAccepted: password.forceActiveFocus()
                }
                Label { text: qsTr("Password") }
                TextField {
                    id: password
                    objectName: "password"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    echoMode: TextInput.Password
                    enabled: !controller.busy
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    KeyNavigation.tab: loginButton
                    onAccepted: root.submit()
                }
                Label {
                    objectName: "error"
                    Layout.fillWidth: true
                    visible: controller.errorText.length > 0
                    text: controller.errorText
                    wrapMode: Text.Wrap
                    color: Theme.error
                }
                Button {
                    id: loginButton
                    objectName: "loginButton"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    enabled: Workstation.ready && !controller.busy
                    highlighted: true
                    text: controller.busy ? qsTr("Checking…") : qsTr("Log in")
                    onClicked: root.submit()
                    Keys.onReturnPressed: root.submit()
                    Keys.onEnterPressed: root.submit()
                }
                BusyIndicator {
                    Layout.alignment: Qt.AlignHCenter
                    running: controller.busy || Workstation.starting
                    visible: running
                }
            }
        }

        // A password an admin reset: the person chooses their own before the session opens.
        Pane {
            objectName: "changePasswordPane"
            Layout.fillWidth: true
            visible: controller.mustChangePassword
            padding: Theme.spacing * 1.5
            background: Rectangle {
                color: Theme.card
                radius: 12
                border.color: "#d9dee6"
            }
            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacing

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Your password was reset by an admin. Choose a new password of at least 8 characters to go on.")
                    wrapMode: Text.Wrap
                    font.bold: true
                }
                Label { text: qsTr("New password") }
                TextField {
                    id: newPassword
                    objectName: "newPassword"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    echoMode: TextInput.Password
                    enabled: !controller.busy
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    KeyNavigation.tab: newPasswordAgain
                    onAccepted: newPasswordAgain.forceActiveFocus()
                }
                Label { text: qsTr("The same again") }
                TextField {
                    id: newPasswordAgain
                    objectName: "newPasswordAgain"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    echoMode: TextInput.Password
                    enabled: !controller.busy
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    KeyNavigation.tab: changePasswordButton
                    onAccepted: changePasswordButton.clicked()
                }
                Label {
                    objectName: "changePasswordError"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: controller.lastOutcome === LoginController.MustChangePassword ? "" : controller.errorText
                    wrapMode: Text.Wrap
                    color: Theme.error
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    Button {
                        objectName: "cancelChangeButton"
                        implicitHeight: Theme.touchTarget
                        enabled: !controller.busy
                        text: qsTr("Cancel")
                        onClicked: controller.cancelPasswordChange()
                        Keys.onReturnPressed: clicked()
                        Keys.onEnterPressed: clicked()
                    }
                    Button {
                        id: changePasswordButton
                        objectName: "changePasswordButton"
                        Layout.fillWidth: true
                        implicitHeight: Theme.touchTarget
                        enabled: !controller.busy && newPassword.text.length > 0
                        highlighted: true
                        text: controller.busy ? qsTr("Saving…") : qsTr("Set the new password and log in")
                        onClicked: controller.changePassword(newPassword.text, newPasswordAgain.text)
                        Keys.onReturnPressed: clicked()
                        Keys.onEnterPressed: clicked()
                    }
                }
            }
        }
    }

    Connections {
        target: controller
        function onSucceeded() {
            password.text = ""
            newPassword.text = ""
            newPasswordAgain.text = ""
        }
        function onMustChangePasswordChanged() {
            password.text = ""
            newPassword.text = ""
            newPasswordAgain.text = ""
            if (controller.mustChangePassword)
                newPassword.forceActiveFocus()
            else
                username.forceActiveFocus()
        }
    }
}
