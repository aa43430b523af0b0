import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The agent's PIN pad. The digits go into PinEntry objects (wiped C++ secrets) and are shown as dots only;
// the screen's controller takes them with PinEntry::takeSecret() for the token worker.
// newPin: the PIN is entered twice, the repeat once the first passes the policy, and what the policy
// refuses is said in words as the agent types. Otherwise one entry for an existing PIN, without the policy.
// Keyboard: the pad is one stop in the Tab order; while it has the focus, digits, Backspace, Delete (clear),
// Enter (next / OK) and Esc (back to the first entry) do what its buttons do, so those take no focus.
FocusScope {
    id: root

    property bool newPin: true
    // YYYYMMDD of the agent, from the ID number: a new PIN made of it is refused.
    property string birthDate: ""
    // The PIN lengths the key takes (0: not known), narrowing the PIN rules.
    property int keyMinLength: 0
    property int keyMaxLength: 0
    readonly property PinEntry entry: first
    readonly property PinEntry confirmEntry: second
    // True while the repeat of a new PIN is typed.
    property bool confirming: false
    readonly property PinEntry activeEntry: root.newPin && root.confirming ? second : first
    readonly property bool complete: root.newPin ? first.acceptable && second.acceptable : first.acceptable

    // Enter or OK with a complete PIN.
    signal submitted()

    function press(digit) {
        root.forceActiveFocus()
        root.activeEntry.append(digit)
    }
    // Enter / OK: on to the repeat, or submit.
    function next() {
        if (root.newPin && !root.confirming) {
            if (first.acceptable)
                root.confirming = true
            return
        }
        if (root.complete)
            root.submitted()
    }
    // Esc / Back: from the repeat to the first entry. False when there is nowhere to go back to.
    function back() {
        if (!root.newPin || !root.confirming)
            return false
        second.clear()
        root.confirming = false
        return true
    }
    function reset() {
        first.clear()
        second.clear()
        root.confirming = false
    }

    function problemWords(pin) {
        switch (pin.problem) {
        case "TooShort":
            return qsTr("At least %1 digits needed (%2 so far).").arg(pin.minLength).arg(pin.length)
        case "TooLong":
            return qsTr("At most %1 digits.").arg(pin.maxLength)
        case "NotDigits":
            return qsTr("Digits only.")
        case "AllSame":
            return qsTr("It can't be one digit repeated, like 111111.")
        case "Ascending":
            return qsTr("It can't be ascending digits, like 123456.")
        case "Descending":
            return qsTr("It can't be descending digits, like 654321.")
        case "BirthDate":
            return qsTr("It can't be the agent's birth date.")
        case "Mismatch":
            return qsTr("The two PINs differ. Clear and enter the PIN again.")
        }
        return pin.problem
    }
    // What the agent reads under an entry; `tone` is "hint", "ok" or "error".
    function verdict(pin, isRepeat) {
        if (!root.newPin)
            return { text: "", tone: "hint" }
        if (isRepeat) {
            if (pin.problem === "TooShort")
                return { text: qsTr("Enter the same PIN again."), tone: "hint" }
            if (pin.problem === "")
                return { text: qsTr("The two PINs match."), tone: "ok" }
            return { text: root.problemWords(pin), tone: "error" }
        }
        if (pin.length === 0)
            return { text: qsTr("Enter a new PIN of %1 to %2 digits.").arg(pin.minLength).arg(pin.maxLength), tone: "hint" }
        if (pin.problem === "")
            return { text: qsTr("This PIN can be used."), tone: "ok" }
        return { text: root.problemWords(pin), tone: pin.problem === "TooShort" ? "hint" : "error" }
    }
    function toneColour(tone) {
        return tone === "ok" ? Theme.ok : tone === "error" ? Theme.error : Theme.mutedText
    }

    implicitWidth: layout.implicitWidth
    implicitHeight: layout.implicitHeight
    activeFocusOnTab: true

    PinEntry {
        id: first
        newPin: root.newPin
        birthDate: root.birthDate
        keyMinLength: root.keyMinLength
        keyMaxLength: root.keyMaxLength
    }
    PinEntry {
        id: second
        confirmOf: first
        keyMinLength: root.keyMinLength
        keyMaxLength: root.keyMaxLength
    }

    Keys.onPressed: (event) => {
        if (event.key >= Qt.Key_0 && event.key <= Qt.Key_9 && !(event.modifiers & (Qt.ControlModifier | Qt.AltModifier))) {
            root.activeEntry.append(String.fromCharCode(48 + event.key - Qt.Key_0))
        } else if (event.key === Qt.Key_Backspace) {
            root.activeEntry.backspace()
        } else if (event.key === Qt.Key_Delete) {
            root.activeEntry.clear()
        } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
            root.next()
        } else if (event.key === Qt.Key_Escape) {
            event.accepted = root.back()
            return
        } else {
            event.accepted = false
            return
        }
        event.accepted = true
    }

    // One entry's digits as dots: filled for typed digits, hollow up to the minimum length of a new PIN.
    component Dots: Rectangle {
        id: box
        required property PinEntry pin
        property bool current: false
        property string label
        // New PINs: hollow dots up to the minimum length show how many are still needed.
        property bool showMinimum: false
        readonly property int filledCount: pin.length
        implicitWidth: Math.max(360, dotRow.implicitWidth + 2 * Theme.spacing)
        implicitHeight: Theme.touchTarget + 8
        radius: 8
        color: Theme.card
        border.width: current ? 2 : 1
        border.color: current ? Theme.accent : "#b8c0cc"
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("%1: %2 digits entered").arg(label).arg(pin.length)
        Row {
            id: dotRow
            anchors.centerIn: parent
            spacing: 12
            Repeater {
                // One flag per dot: filled or not.
                model: {
                    const dots = []
                    const count = Math.max(box.pin.length, box.showMinimum ? box.pin.minLength : 0)
                    for (let i = 0; i < count; ++i)
                        dots.push(i < box.pin.length)
                    return dots
                }
                delegate: Rectangle {
                    required property bool modelData
                    readonly property bool filled: modelData
                    objectName: "dot"
                    width: 20
                    height: 20
                    radius: 10
                    color: filled ? Theme.text : "transparent"
                    border.width: 2
                    border.color: filled ? Theme.text : "#b8c0cc"
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: box.pin.length === 0 && !box.showMinimum
            text: qsTr("Enter the PIN")
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
        }
    }

    component PadButton: Button {
        implicitWidth: Math.round(Theme.touchTarget * 1.6)
        implicitHeight: Math.round(Theme.touchTarget * 1.25)
        font.pixelSize: Theme.headingSize
        focusPolicy: Qt.NoFocus
    }

    // wide: the entries on the left, the keys on the right (a screen that is wider than tall).
    property bool wide: false

    GridLayout {
        id: layout
        anchors.fill: parent
        columns: root.wide ? 2 : 1
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.spacing

      ColumnLayout {
        Layout.fillWidth: true
        Layout.alignment: Qt.AlignTop
        spacing: Theme.spacing

        Label {
            objectName: "rules"
            Layout.fillWidth: true
            visible: root.newPin
            text: qsTr("%1 to %2 digits; not one digit repeated; not ascending or descending; not the agent's birth date.")
                .arg(first.minLength).arg(first.maxLength)
            color: Theme.mutedText
            font.pixelSize: Theme.smallSize
            wrapMode: Text.Wrap
        }

        Label {
            objectName: "entryLabel"
            text: root.newPin ? qsTr("New PIN") : qsTr("PIN")
            font.pixelSize: Theme.bodySize
            color: Theme.text
        }
        Dots {
            objectName: "entryDots"
            Layout.fillWidth: true
            pin: first
            showMinimum: root.newPin
            label: root.newPin ? qsTr("New PIN") : qsTr("PIN")
            current: root.activeEntry === first
        }
        Label {
            objectName: "entryProblem"
            Layout.fillWidth: true
            visible: root.newPin
            readonly property var verdict: root.verdict(first, false)
            text: verdict.text
            color: root.toneColour(verdict.tone)
            font.pixelSize: Theme.smallSize
            wrapMode: Text.Wrap
        }

        Label {
            objectName: "confirmLabel"
            visible: root.newPin
            enabled: root.confirming
            text: qsTr("Repeat the new PIN")
            font.pixelSize: Theme.bodySize
            color: root.confirming ? Theme.text : Theme.mutedText
        }
        Dots {
            objectName: "confirmDots"
            Layout.fillWidth: true
            visible: root.newPin
            opacity: root.confirming ? 1 : 0.5
            pin: second
            showMinimum: true
            label: qsTr("Repeat the new PIN")
            current: root.activeEntry === second
        }
        Label {
            objectName: "confirmProblem"
            Layout.fillWidth: true
            visible: root.newPin && root.confirming
            readonly property var verdict: root.verdict(second, true)
            text: verdict.text
            color: root.toneColour(verdict.tone)
            font.pixelSize: Theme.smallSize
            wrapMode: Text.Wrap
        }

      }
      ColumnLayout {
        Layout.alignment: Qt.AlignTop | Qt.AlignHCenter
        spacing: Theme.spacing
        GridLayout {
            Layout.alignment: Qt.AlignHCenter
            columns: 3
            columnSpacing: Theme.spacing / 2
            rowSpacing: Theme.spacing / 2

            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
                delegate: PadButton {
                    required property string modelData
                    objectName: "digit" + modelData
                    text: modelData
                    Accessible.name: modelData
                }
                // Wired here rather than in the delegate, which can't see the pad's id.
                onItemAdded: (index, item) => item.clicked.connect(() => root.press(item.text))
            }
            PadButton {
                objectName: "clear"
                text: qsTr("Clear")
                font.pixelSize: Theme.bodySize
                onClicked: {
                    root.forceActiveFocus()
                    root.activeEntry.clear()
                }
            }
            PadButton {
                objectName: "digit0"
                text: "0"
                onClicked: root.press("0")
            }
            PadButton {
                objectName: "backspace"
                text: "⌫"
                Accessible.name: qsTr("Delete the last digit")
                onClicked: {
                    root.forceActiveFocus()
                    root.activeEntry.backspace()
                }
            }
        }

        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.spacing
            Button {
                id: backButton
                objectName: "back"
                visible: root.newPin && root.confirming
                text: qsTr("Back")
                implicitWidth: Math.round(Theme.touchTarget * 2.4)
                implicitHeight: Theme.touchTarget
                font.pixelSize: Theme.bodySize
                focusPolicy: Qt.NoFocus
                onClicked: {
                    root.back()
                    root.forceActiveFocus()
                }
            }
            Button {
                id: okButton
                objectName: "ok"
                highlighted: true
                text: root.newPin && !root.confirming ? qsTr("Next") : qsTr("OK")
                enabled: root.newPin && !root.confirming ? first.acceptable : root.complete
                implicitWidth: Math.round(Theme.touchTarget * 2.4)
                implicitHeight: Theme.touchTarget
                font.pixelSize: Theme.bodySize
                focusPolicy: Qt.NoFocus
                onClicked: {
                    root.next()
                    root.forceActiveFocus()
                }
            }
        }
      }
    }
}
