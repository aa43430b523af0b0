import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The frame of one step of a flow: a heading, the step's content (scrolls when it doesn't fit), an error
// line, and the button that goes on. Enter presses the focused button, or else the one that goes on.
FocusScope {
    id: page
    required property OperationController controller
    property bool active: false
    property string heading
    property string hint
    property string proceedText: qsTr("Continue")
    property bool proceedEnabled: true
    property bool proceedVisible: true
    property string errorText: controller.errorText
    default property alias content: body.data
    signal proceedClicked()

    function enter() {
        if (Keyboard.pressButton(page.Window.activeFocusItem))
            return
        if (proceedVisible && proceedEnabled && !controller.busy)
            proceedClicked()
    }
    Keys.onReturnPressed: enter()
    Keys.onEnterPressed: enter()
    onActiveChanged: if (active) forceActiveFocus()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            objectName: "stepHeading"
            text: page.heading
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
        }
        Label {
            objectName: "stepHint"
            Layout.fillWidth: true
            visible: page.hint !== ""
            text: page.hint
            wrapMode: Text.Wrap
            color: Theme.mutedText
        }
        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true
            // What doesn't fit shows a bar, not only while it is being scrolled.
            ScrollBar.vertical.policy: contentHeight > availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
            rightPadding: ScrollBar.vertical.policy === ScrollBar.AlwaysOn ? ScrollBar.vertical.width + 4 : 0
            ColumnLayout {
                id: body
                width: scroll.availableWidth
                spacing: Theme.spacing
            }
        }
        Label {
            objectName: "stepError"
            Layout.fillWidth: true
            visible: page.errorText !== ""
            text: page.errorText
            wrapMode: Text.Wrap
            color: Theme.error
            font.bold: true
        }
        RowLayout {
            Layout.fillWidth: true
            BusyIndicator {
                running: page.controller.busy
                visible: running
                implicitHeight: Theme.touchTarget
                implicitWidth: Theme.touchTarget
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "proceedButton"
                visible: page.proceedVisible
                text: page.proceedText
                enabled: page.proceedEnabled && !page.controller.busy
                highlighted: true
                implicitHeight: Theme.touchTarget + 8
                implicitWidth: 260
                font.pixelSize: Theme.headingSize - 4
                onClicked: page.proceedClicked()
            }
        }
    }
}
