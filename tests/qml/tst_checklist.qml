import QtQuick
import QtTest
import Countersign

Item {
    id: root
    width: 900
    height: 800

    Component {
        id: listComponent
        CheckList {
            width: 800
        }
    }

    TestCase {
        name: "CheckList"
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

        function init() {
            Workstation.language = "en"
        }

        function test_each_check_is_green_or_red_with_the_reason_under_a_failure() {
            const list = createTemporaryObject(listComponent, root, {
                checks: [
                    { id: "signature", passed: true, reason: "" },
                    { id: "uscc", passed: false, reason: "the USCC fails its check (GB 32100-2015)" },
                    { id: "unused", passed: true, reason: "" },
                    { id: "some_new_check", passed: false, reason: "something the UI does not know yet" },
                ]
            })
            const header = findByName(list, "header")
            compare(header.text, "2 of 4 checks failed")
            verify(Qt.colorEqual(header.color, Theme.error))

            const signature = findByName(list, "check_signature")
            verify(signature.passed)
            verify(Qt.colorEqual(findByName(signature, "mark").color, Theme.ok))
            compare(findByName(signature, "title").text, "Signature is genuine")
            verify(!findByName(signature, "reason").visible)

            const uscc = findByName(list, "check_uscc")
            verify(!uscc.passed)
            verify(Qt.colorEqual(findByName(uscc, "mark").color, Theme.error))
            compare(findByName(uscc, "title").text, "Company USCC is valid")
            const reason = findByName(uscc, "reason")
            verify(reason.visible)
            compare(reason.text, "the USCC fails its check (GB 32100-2015)")

            // An id the UI has no words for is still shown, as it is.
            const unknown = findByName(list, "check_some_new_check")
            compare(findByName(unknown, "title").text, "some_new_check")
            verify(Qt.colorEqual(findByName(unknown, "mark").color, Theme.error))
        }

        function test_all_passed_shows_a_green_header() {
            const list = createTemporaryObject(listComponent, root, {
                checks: [{ id: "chain", passed: true, reason: "" }, { id: "dates", passed: true, reason: "" }]
            })
            const header = findByName(list, "header")
            compare(header.text, "All checks passed (2)")
            verify(Qt.colorEqual(header.color, Theme.ok))
            compare(list.failureCount, 0)
        }

        function test_the_list_follows_new_results() {
            const list = createTemporaryObject(listComponent, root)
            compare(findByName(list, "header").text, "No checks yet")
            list.checks = [{ id: "blank_key", passed: false, reason: "no blank key is in the writer" }]
            compare(findByName(list, "header").text, "1 of 1 checks failed")
            verify(!findByName(list, "check_blank_key").passed)
            list.checks = [{ id: "blank_key", passed: true, reason: "" }]
            verify(findByName(list, "check_blank_key").passed)
            compare(findByName(list, "header").text, "All checks passed (1)")
        }

        // Every check id the backend reports (workflow.cpp, assistanceletter.cpp, papercheck.cpp) has words.
        function test_every_backend_check_has_a_title() {
            const list = createTemporaryObject(listComponent, root)
            const ids = ["format", "algorithm", "signer", "chain", "signer_valid_on_issued", "signature", "dates",
                         "business", "uscc", "agent_id", "unused", "hand_entry_approved", "org", "text", "names",
                         "company_id", "company_name", "agent_mobile", "validity", "business_type",
                         "company_matches_certificate", "seal", "configuration", "not_in_progress", "blank_key",
                         "key", "certificate", "renewal_window", "not_too_late", "upgrade_due", "pin", "new_pin",
                         "old_key", "writer", "so_pin", "locked", "fee", "payment", "invoice", "waiver",
                         "waiver_attested", "waiver_approved", "refund_approved", "evidence"]
            for (const id of ids)
                verify(list.title(id) !== id, id)
        }
    }
}
