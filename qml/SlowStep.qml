import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The key step the customer waits on (a real key takes seconds): what is happening, in a sentence for them;
// how long it has taken; what it usually takes on keys of this model, from the runs on record, or plainly that
// nothing is known yet; and a bar that moves all the while. The clock is the controller's (StepProgress):
// nothing here waits.
Frame {
    id: panel
    objectName: "slowStepPanel"
    required property StepProgress progress
    readonly property string step: progress.step
    readonly property int elapsedSeconds: Math.floor(progress.elapsedMs / 1000)
    readonly property bool estimated: progress.estimateMs > 0
    readonly property int estimateSeconds: Math.max(1, Math.round(progress.estimateMs / 1000))
    readonly property bool overdue: estimated && progress.elapsedMs > progress.estimateMs * 1.5 + 2000

    Layout.fillWidth: true
    visible: step !== ""
    padding: Theme.spacing
    background: Rectangle {
        color: Theme.card
        border.color: Theme.accent
        border.width: 2
        radius: 6
    }

    // What the key is doing, for the customer; with the usual time when it is known.
    function sentence() {
        if (estimated) {
            switch (step) {
            case "initialise": return qsTr("Setting up the key and its PIN; this usually takes about %1 s.").arg(estimateSeconds)
            case "unlock": return qsTr("Unlocking the key and setting the new PIN; this usually takes about %1 s.").arg(estimateSeconds)
            case "generate": return qsTr("Generating the key pair on the key; this usually takes about %1 s.").arg(estimateSeconds)
            case "request": return qsTr("Signing the certificate request on the key and asking the CA for the certificate; this usually takes about %1 s.").arg(estimateSeconds)
            case "write": return qsTr("Writing the certificate to the key; this usually takes about %1 s.").arg(estimateSeconds)
            case "verify": return qsTr("Checking that the key signs with its new certificate; this usually takes about %1 s.").arg(estimateSeconds)
            case "complete": return qsTr("Recording the transaction and the receipt; this usually takes about %1 s.").arg(estimateSeconds)
            }
        }
        switch (step) {
        case "revoke": return qsTr("Revoking the old key's certificates at the CA.")
        case "initialise": return qsTr("Setting up the key and its PIN.")
        case "unlock": return qsTr("Unlocking the key and setting the new PIN.")
        case "generate": return qsTr("Generating the key pair on the key.")
        case "request": return qsTr("Signing the certificate request on the key and asking the CA for the certificate.")
        case "write": return qsTr("Writing the certificate to the key.")
        case "verify": return qsTr("Checking that the key signs with its new certificate.")
        case "complete": return qsTr("Recording the transaction and the receipt.")
        }
        return ""
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing / 2
        Label {
            objectName: "slowStepSentence"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.headingSize - 2
            color: Theme.text
            text: panel.sentence()
        }
        ProgressBar {
            objectName: "slowStepBar"
            Layout.fillWidth: true
            // With an estimate the bar fills towards it (never quite full before the step is done); without
            // one it only shows that work goes on.
            indeterminate: !panel.estimated
            from: 0
            to: 1
            value: panel.estimated ? Math.min(0.95, panel.progress.elapsedMs / panel.progress.estimateMs) : 0
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                objectName: "slowStepElapsed"
                font.pixelSize: Theme.bodySize
                font.bold: true
                color: Theme.accent
                text: qsTr("%1 s so far").arg(panel.elapsedSeconds)
            }
            Label {
                objectName: "slowStepEstimate"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallSize
                color: panel.overdue ? Theme.warning : Theme.mutedText
                text: panel.overdue ? qsTr("Taking longer than usual (usually about %1 s). Leave the key in the writer.").arg(panel.estimateSeconds)
                    : panel.estimated ? qsTr("Usually about %1 s on this key model (the median of its last %2 runs).").arg(panel.estimateSeconds).arg(panel.progress.estimateRuns)
                    : panel.progress.estimatesRead ? qsTr("No estimate yet: no finished run of this step on this key model is on record.")
                    : ""
            }
        }
    }
}
