import QtQuick
import QtTest
import Countersign

Item {
    id: root
    width: 800
    height: 400

    Component {
        id: usccField
        ValidatedField {
            width: 600
            label: "USCC"
            placeholderText: "18 characters"
            validator: (text) => Validators.usccProblem(text)
        }
    }
    Component {
        id: idField
        ValidatedField {
            width: 600
            label: "Agent ID number"
            validator: (text) => Validators.residentIdProblem(text)
        }
    }
    Component {
        id: dateField
        ValidatedField {
            width: 600
            label: "Valid until"
            validator: (text) => Validators.dateProblem(text)
        }
    }
    Component {
        id: companyIdField
        ValidatedField {
            width: 600
            label: "Company ID"
            validator: (text) => Validators.taxpayerIdProblem(text)
        }
    }

    TestCase {
        name: "ValidatedField"
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

        function type(text) {
            for (const c of text)
                keyClick(c)
        }

        // The field is tested alone here; the scanner's hold-back is tested in tst_wedge.qml.
        function init() {
            Workstation.language = "en"
            KeyboardWedge.enabled = false
        }
        function cleanup() {
            KeyboardWedge.enabled = true
        }

        function shownProblem(field) {
            const problem = findByName(field, "problem")
            return problem.visible ? problem.text : ""
        }
        function redBorder(field) {
            return Qt.colorEqual(field.field.background.border.color, Theme.error)
        }

        function test_an_untouched_field_is_not_red_but_not_valid() {
            const field = createTemporaryObject(usccField, root)
            compare(findByName(field, "label").text, "USCC")
            compare(field.field.placeholderText, "18 characters")
            compare(shownProblem(field), "")
            verify(!redBorder(field))
            verify(!field.valid)
        }

        function test_the_uscc_problem_follows_the_typing() {
            const field = createTemporaryObject(usccField, root)
            field.forceActiveFocus()
            verify(field.field.activeFocus)
            type("9135")
            compare(shownProblem(field), "18 characters needed (4 so far)")
            verify(redBorder(field))
            type("0100M000100Y4")
            compare(shownProblem(field), "18 characters needed (17 so far)")
            type("4")
            compare(shownProblem(field), "The check character is wrong: a character was probably mistyped")
            keyClick(Qt.Key_Backspace)
            type("3")
            compare(field.text, "91350100M000100Y43")
            compare(shownProblem(field), "")
            verify(field.valid)
            verify(!redBorder(field))

            // A letter a USCC never holds is pointed at as soon as it is typed.
            field.text = ""
            type("9135I")
            compare(shownProblem(field), "Character 5 (“I”) is not allowed here")
            field.text = "91350100M000100Y431"
            compare(shownProblem(field), "Too long: 18 characters, not 19")
            // Emptied again after typing: still says what is missing.
            field.text = ""
            compare(shownProblem(field), "Nothing entered yet")
        }

        function test_the_id_number_checks_its_birth_date_and_reads_x() {
            const field = createTemporaryObject(idField, root)
            field.forceActiveFocus()
            type("11010519491331002X")
            compare(shownProblem(field), "The birth date 1949-13-31 in it is not a real day")
            field.text = ""
            type("11010519491231002x")
            compare(shownProblem(field), "")
            verify(field.valid)
            field.text = "110105X"
            compare(shownProblem(field), "Character 7 (“X”) is not allowed here")
            field.text = "110105194912310021"
            compare(shownProblem(field), "The check character is wrong: a character was probably mistyped")
        }

        function test_dates_must_be_written_and_real() {
            const field = createTemporaryObject(dateField, root)
            field.forceActiveFocus()
            type("2024/02/03")
            compare(shownProblem(field), "Write the date as YYYY-MM-DD")
            field.text = ""
            type("2023-02-29")
            compare(shownProblem(field), "There is no such day")
            field.text = ""
            type("2024-02-29")
            verify(field.valid)
            compare(shownProblem(field), "")
        }

        function test_a_company_id_may_be_a_legacy_taxpayer_id() {
            const field = createTemporaryObject(companyIdField, root)
            field.forceActiveFocus()
            type("12010110001")
            compare(shownProblem(field), "15, 18 or 20 characters needed (11 so far)")
            type("2340")
            verify(field.valid)
            field.text = "91350100M000100Y43"
            verify(field.valid)
        }

        function test_reset_makes_the_field_untouched_again() {
            const field = createTemporaryObject(usccField, root)
            field.forceActiveFocus()
            type("9135")
            verify(redBorder(field))
            field.reset()
            compare(field.text, "")
            compare(shownProblem(field), "")
            verify(!redBorder(field))
        }

        function test_enter_in_the_field_is_passed_on() {
            const field = createTemporaryObject(usccField, root)
            const spy = createTemporaryObject(signalSpy, root, { target: field, signalName: "accepted" })
            field.forceActiveFocus()
            type("91350100M000100Y43")
            keyClick(Qt.Key_Return)
            compare(spy.count, 1)
        }
    }

    Component {
        id: signalSpy
        SignalSpy {}
    }
}
