import QtQuick
import QtQuick.Controls
import QtTest
import Countersign

// The barcode scanner types like a keyboard, only much faster; these tests type the same way with keyClick
// (no delay between keys) and like a person (a pause after every key).
Item {
    id: root
    width: 800
    height: 400

    TextField {
        id: field
        objectName: "field"
        width: 400
    }
    TextField {
        id: password
        y: 80
        width: 400
        echoMode: TextInput.Password
    }

    SignalSpy {
        id: scans
        target: KeyboardWedge
        signalName: "scanned"
    }
    SignalSpy {
        id: accepted
        target: field
        signalName: "accepted"
    }

    TestCase {
        name: "KeyboardWedge"
        when: windowShown

        function typeFast(text) {
            for (const c of text)
                keyClick(c)
        }
        function typeSlowly(text) {
            for (const c of text) {
                keyClick(c)
                wait(250)
            }
        }

        function init() {
            // Real scanners send a key every 5-30 ms; the limit is raised here so that a busy test machine
            // pausing inside a burst can't split it.
            KeyboardWedge.maxIntervalMs = 150
            KeyboardWedge.enabled = true
            field.text = ""
            password.text = ""
            field.forceActiveFocus()
            scans.clear()
            accepted.clear()
        }
        function cleanup() {
            wait(250) // anything still held is given back before the next test
            KeyboardWedge.enabled = true
            KeyboardWedge.maxIntervalMs = 35
        }

        function test_a_scan_is_caught_and_never_reaches_the_focused_field() {
            verify(field.activeFocus)
            typeFast("91350100M000100Y43")
            keyClick(Qt.Key_Return)
            compare(scans.count, 1)
            compare(scans.signalArguments[0][0], "91350100M000100Y43")
            compare(KeyboardWedge.kindOf(scans.signalArguments[0][0]), KeyboardWedge.Uscc)
            wait(250)
            compare(field.text, "")
            compare(accepted.count, 0)
        }

        function test_an_assistance_letter_qr_is_scanned_whole() {
            const jws = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkNTQUwifQ.eyJ2ZXIiOjEsIm5vIjoiVEotMDAxIn0.MEUCIQ-_x"
            typeFast(jws)
            keyClick(Qt.Key_Enter)
            compare(scans.count, 1)
            compare(scans.signalArguments[0][0], jws)
            compare(KeyboardWedge.kindOf(jws), KeyboardWedge.AssistanceLetter)
            wait(250)
            compare(field.text, "")
        }

        function test_slow_typing_reaches_the_field_unchanged() {
            typeSlowly("hello wedge")
            tryCompare(field, "text", "hello wedge", 1000)
            keyClick(Qt.Key_Return)
            compare(accepted.count, 1)
            compare(scans.count, 0)
        }

        function test_a_short_fast_burst_with_enter_is_typing() {
            typeFast("1234")
            keyClick(Qt.Key_Return)
            // Given back before the Enter, so the field has the text when it is accepted.
            compare(field.text, "1234")
            compare(accepted.count, 1)
            compare(scans.count, 0)
        }

        function test_a_fast_burst_without_enter_is_given_back() {
            typeFast("ABCDEFGHIJ")
            tryCompare(field, "text", "ABCDEFGHIJ", 1000)
            compare(scans.count, 0)
        }

        function test_held_keys_come_back_before_a_tab_or_backspace() {
            typeFast("abc")
            keyClick(Qt.Key_Backspace)
            compare(field.text, "ab")
        }

        function test_a_password_field_gets_fast_keys_at_once() {
            password.forceActiveFocus()
            typeFast("right-password")
            keyClick(Qt.Key_Return)
            compare(password.text, "right-password")
            compare(scans.count, 0)
        }

        function test_a_turned_off_wedge_lets_everything_through() {
            KeyboardWedge.enabled = false
            typeFast("91350100M000100Y43")
            keyClick(Qt.Key_Return)
            compare(field.text, "91350100M000100Y43")
            compare(accepted.count, 1)
            compare(scans.count, 0)
        }

        function test_thresholds_are_settings() {
            compare(KeyboardWedge.minLength, 8)
            KeyboardWedge.minLength = 4
            typeFast("ABCD")
            keyClick(Qt.Key_Return)
            KeyboardWedge.minLength = 8
            compare(scans.count, 1)
            compare(scans.signalArguments[0][0], "ABCD")
            wait(250)
            compare(field.text, "")
        }
    }
}
