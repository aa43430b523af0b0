import QtQuick
import QtTest
import Countersign

Item {
    id: root
    width: 700
    height: 1000

    Component {
        id: padComponent
        PinPad {
            width: 640
            height: 980
        }
    }
    Component {
        id: signalSpy
        SignalSpy {}
    }

    TestCase {
        name: "PinPad"
        when: windowShown

        function findByName(item, name) {
            if (item.objectName === name)
                return item
            for (let i = 0; i < item.children.length; ++i) {
                const found = findByName(item.children[i], name)
                if (found)
                    return found
            }
            return null
        }
        function everyText(item, out) {
            if (typeof item.text === "string" && item.visible)
                out.push(item.text)
            for (let i = 0; i < item.children.length; ++i)
                everyText(item.children[i], out)
            return out
        }
        // The dots the agent sees filled in one entry's box.
        function filledDots(pad, boxName) {
            let filled = 0
            const visit = (item) => {
                if (item.objectName === "dot" && item.filled)
                    ++filled
                for (let i = 0; i < item.children.length; ++i)
                    visit(item.children[i])
            }
            visit(findByName(pad, boxName))
            return filled
        }
        function tap(pad, digits) {
            for (const d of digits)
                mouseClick(findByName(pad, "digit" + d))
        }
        function shown(pad, name) {
            const label = findByName(pad, name)
            return label.visible ? label.text : ""
        }

        function init() {
            Workstation.language = "en"
        }

        function test_digits_show_as_dots_and_nowhere_as_digits() {
            const pad = createTemporaryObject(padComponent, root)
            tap(pad, "735194")
            compare(pad.entry.length, 6)
            compare(filledDots(pad, "entryDots"), 6)
            for (const text of everyText(pad, []))
                verify(text.indexOf("7351") < 0 && text.indexOf("5194") < 0, text)
            mouseClick(findByName(pad, "backspace"))
            compare(filledDots(pad, "entryDots"), 5)
            mouseClick(findByName(pad, "clear"))
            compare(filledDots(pad, "entryDots"), 0)
            compare(pad.entry.length, 0)
        }

        function test_the_policy_is_said_in_words_as_the_agent_types() {
            const pad = createTemporaryObject(padComponent, root)
            verify(findByName(pad, "rules").visible)
            compare(shown(pad, "entryProblem"), "Enter a new PIN of 6 to 16 digits.")
            tap(pad, "12345")
            compare(shown(pad, "entryProblem"), "At least 6 digits needed (5 so far).")
            tap(pad, "6")
            compare(shown(pad, "entryProblem"), "It can't be ascending digits, like 123456.")
            verify(Qt.colorEqual(findByName(pad, "entryProblem").color, Theme.error))
            verify(!findByName(pad, "ok").enabled)

            mouseClick(findByName(pad, "clear"))
            tap(pad, "111111")
            compare(shown(pad, "entryProblem"), "It can't be one digit repeated, like 111111.")
            mouseClick(findByName(pad, "clear"))
            tap(pad, "654321")
            compare(shown(pad, "entryProblem"), "It can't be descending digits, like 654321.")

            pad.birthDate = "19491231"
            mouseClick(findByName(pad, "clear"))
            tap(pad, "491231")
            compare(shown(pad, "entryProblem"), "It can't be the agent's birth date.")

            mouseClick(findByName(pad, "clear"))
            tap(pad, "735194")
            compare(shown(pad, "entryProblem"), "This PIN can be used.")
            verify(Qt.colorEqual(findByName(pad, "entryProblem").color, Theme.ok))
            const ok = findByName(pad, "ok")
            verify(ok.enabled)
            compare(ok.text, "Next")
        }

        // A key that takes PINs of 4..8 (openCryptoki's soft token, many vendor keys) narrows the rules of
        // 6..16: the pad says 6 to 8 and stops at the 8th digit, so the key never sees a PIN it would refuse.
        function test_the_keys_pin_lengths_narrow_the_rules() {
            const pad = createTemporaryObject(padComponent, root, { keyMinLength: 4, keyMaxLength: 8 })
            compare(pad.entry.maxLength, 8)
            compare(pad.entry.minLength, 6)
            compare(shown(pad, "entryProblem"), "Enter a new PIN of 6 to 8 digits.")
            tap(pad, "2580147369")
            compare(pad.entry.length, 8)
            compare(filledDots(pad, "entryDots"), 8)
        }

        function test_a_new_pin_is_entered_twice() {
            const pad = createTemporaryObject(padComponent, root)
            const submitted = createTemporaryObject(signalSpy, root, { target: pad, signalName: "submitted" })
            compare(shown(pad, "confirmProblem"), "")
            tap(pad, "735194")
            mouseClick(findByName(pad, "ok"))
            verify(pad.confirming)
            compare(pad.entry.length, 6)
            compare(shown(pad, "confirmProblem"), "Enter the same PIN again.")
            verify(findByName(pad, "back").visible)

            tap(pad, "735184")
            compare(filledDots(pad, "confirmDots"), 6)
            compare(filledDots(pad, "entryDots"), 6)
            compare(shown(pad, "confirmProblem"), "The two PINs differ. Clear and enter the PIN again.")
            verify(!pad.complete)
            verify(!findByName(pad, "ok").enabled)

            mouseClick(findByName(pad, "clear"))
            compare(pad.entry.length, 6) // clear works on the entry being typed
            tap(pad, "735194")
            compare(shown(pad, "confirmProblem"), "The two PINs match.")
            verify(pad.complete)
            compare(findByName(pad, "ok").text, "OK")
            mouseClick(findByName(pad, "ok"))
            compare(submitted.count, 1)

            // Back to the first entry: the repeat is wiped. (A frame first, so the row has laid out the button.)
            wait(50)
            mouseClick(findByName(pad, "back"))
            verify(!pad.confirming)
            compare(pad.confirmEntry.length, 0)
            verify(!pad.complete)
        }

        function test_the_keyboard_does_everything() {
            const pad = createTemporaryObject(padComponent, root)
            const submitted = createTemporaryObject(signalSpy, root, { target: pad, signalName: "submitted" })
            pad.forceActiveFocus()
            for (const d of "735199")
                keyClick(d)
            keyClick(Qt.Key_Backspace)
            compare(filledDots(pad, "entryDots"), 5)
            keyClick("4")
            keyClick(Qt.Key_Return)
            verify(pad.confirming)
            compare(pad.entry.length, 6)

            keyClick(Qt.Key_Escape)
            verify(!pad.confirming)
            keyClick(Qt.Key_Return)
            verify(pad.confirming)
            for (const d of "735194")
                keyClick(d)
            keyClick(Qt.Key_Enter)
            compare(submitted.count, 1)

            // Delete clears the entry being typed.
            keyClick(Qt.Key_Delete)
            compare(pad.confirmEntry.length, 0)
            compare(pad.entry.length, 6)
        }

        function test_an_existing_pin_has_one_entry_and_no_rules() {
            const pad = createTemporaryObject(padComponent, root, { newPin: false })
            const submitted = createTemporaryObject(signalSpy, root, { target: pad, signalName: "submitted" })
            verify(!findByName(pad, "rules").visible)
            verify(!findByName(pad, "confirmDots").visible)
            compare(shown(pad, "entryProblem"), "")
            verify(!findByName(pad, "ok").enabled)
            tap(pad, "1111")
            compare(filledDots(pad, "entryDots"), 4)
            verify(pad.complete)
            compare(findByName(pad, "ok").text, "OK")
            mouseClick(findByName(pad, "ok"))
            compare(submitted.count, 1)
        }

        function test_the_controls_are_touch_sized() {
            const pad = createTemporaryObject(padComponent, root)
            for (const name of ["digit0", "digit1", "digit5", "digit9", "clear", "backspace", "ok"]) {
                const button = findByName(pad, name)
                verify(button.width >= 48 && button.height >= 48, name)
            }
        }
    }
}
