import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// One counter operation, one screen per step: papers, checks, fee, key, done. It shows and asks; every
// rule runs in the backend behind the OperationController, off the GUI thread.
FocusScope {
    id: flow
    objectName: "operationFlow"
    required property string kind
    property alias controller: op
    // 0 papers, 1 checks, 2 fee and payment, 3 key, 4 done
    property int step: 0
    signal closed()

    function title() {
        switch (kind) {
        case "NEW": return qsTr("New certificate")
        case "RENEW": return qsTr("Renewal")
        case "UPGRADE": return qsTr("Upgrade")
        case "REPLACE": return qsTr("Replacement key")
        case "UNLOCK": return qsTr("Unlock")
        }
        return kind
    }

    function canGoBack() {
        if (op.busy)
            return false
        switch (step) {
        case 0: case 1: case 2: return true
        case 3: return !op.running && !op.paused && !op.finished
        }
        return false
    }

    function back() {
        if (!canGoBack())
            return
        if (step === 0)
            closed()
        else if (step === 3 && op.totalFen <= 0)
            step = 1
        else
            step -= 1
    }

    function goTo(next) {
        step = next
    }

    Keys.onEscapePressed: back()

    OperationController {
        id: op
        objectName: "operationController"
        kind: flow.kind
        onCheckDone: flow.step = 1
        onCompleted: flow.step = 4
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Button {
                objectName: "backButton"
                text: flow.step === 0 ? qsTr("Home") : qsTr("Back")
                enabled: flow.canGoBack()
                implicitHeight: Theme.touchTarget
                implicitWidth: 140
                onClicked: flow.back()
            }
            Label {
                objectName: "flowTitle"
                text: flow.title()
                font.pixelSize: Theme.titleSize
                font.bold: true
                color: Theme.text
            }
            Item { Layout.fillWidth: true }
            Repeater {
                model: [qsTr("Papers"), qsTr("Checks"), qsTr("Fee"), qsTr("Key"), qsTr("Done")]
                delegate: Label {
                    required property int index
                    required property string modelData
                    text: (index + 1) + " " + modelData
                    font.pixelSize: Theme.smallSize + 2
                    font.bold: index === flow.step
                    // The fee step is passed over when nothing is due.
                    font.strikeout: index === 2 && op.checksPassed && op.totalFen <= 0
                    color: index === flow.step ? Theme.accent : index < flow.step ? Theme.text : Theme.mutedText
                }
            }
        }

        StackLayout {
            id: steps
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: flow.step
            PapersStep {
                controller: op
                active: flow.step === 0
            }
            // The later steps are made in the background while the operator deals with the papers, so opening
            // a flow doesn't hold the screen up.
            Loader {
                asynchronous: true
                sourceComponent: ChecksStep {
                    controller: op
                    active: flow.step === 1
                    // Nothing due: the fee screen has nothing to ask, the checks screen showed the fee lines.
                    onProceed: flow.goTo(op.totalFen > 0 ? 2 : 3)
                    onBackToPapers: flow.goTo(0)
                }
            }
            Loader {
                asynchronous: true
                sourceComponent: FeeStep {
                    controller: op
                    active: flow.step === 2
                    onProceed: flow.goTo(3)
                }
            }
            Loader {
                asynchronous: true
                sourceComponent: KeyStep {
                    controller: op
                    active: flow.step === 3
                }
            }
            Loader {
                asynchronous: true
                sourceComponent: DoneStep {
                    controller: op
                    active: flow.step === 4
                    onNextAgent: flow.closed()
                }
            }
        }
    }
}
