import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// A labelled text field checked as the operator types: `validator(text)` returns "" or a sentence saying
// what is wrong (e.g. Validators.usccProblem). The sentence and a red border show once something was typed,
// so an untouched form is not covered in red; `valid` is false for an empty field all the same.
FocusScope {
    id: root

    property string label
    property alias text: field.text
    property alias placeholderText: field.placeholderText
    property alias inputMethodHints: field.inputMethodHints
    property alias maximumLength: field.maximumLength
    property alias readOnly: field.readOnly
    // function(text) -> problem, "" when fine; null: anything goes.
    property var validator: null
    // Workstation.language is read so the sentence follows a change of language.
    readonly property string problem: {
        Workstation.language
        const check = root.validator
        return check ? check(field.text) : ""
    }
    readonly property bool valid: root.problem === ""
    readonly property bool touched: field.text.length > 0 || edited
    property bool edited: false
    // The inner TextField, for KeyNavigation and tests.
    property alias field: field

    // Enter in the field.
    signal accepted()

    // Empty and untouched again, as for the next agent.
    function reset() {
        field.text = ""
        root.edited = false
    }

    implicitWidth: column.implicitWidth
    implicitHeight: column.implicitHeight

    ColumnLayout {
        id: column
        width: root.width
        spacing: 4

        Label {
            objectName: "label"
            Layout.fillWidth: true
            visible: text.length > 0
            wrapMode: Text.Wrap
            text: root.label
            font.pixelSize: Theme.bodySize
            color: Theme.text
        }
        TextField {
            id: field
            objectName: "field"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            focus: true
            font.pixelSize: Theme.bodySize
            inputMethodHints: Qt.ImhNoPredictiveText
            onTextEdited: root.edited = true
            onAccepted: root.accepted()
            background: Rectangle {
                objectName: "frame"
                radius: 6
                color: field.enabled ? Theme.card : Theme.background
                border.width: root.touched && !root.valid ? 2 : field.activeFocus ? 2 : 1
                border.color: root.touched && !root.valid ? Theme.error
                            : field.activeFocus ? Theme.accent : "#b8c0cc"
            }
        }
        Label {
            objectName: "problem"
            Layout.fillWidth: true
            visible: root.touched && !root.valid
            text: root.problem
            color: Theme.error
            font.pixelSize: Theme.smallSize
            wrapMode: Text.Wrap
        }
    }
}
