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
            verify(header.visible)
            // A group's list (CheckGroups.qml) says it on the group's own line.
            list.showHeader = false
            verify(!header.visible)
            list.showHeader = true

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

        // The backend's reason comes with its phrase (backend/phrase.h): the operator reads it in the kiosk's
        // language, with the dates and codes as they are, and again in English after switching.
        function test_a_failed_checks_reason_reads_in_the_kiosks_language() {
            Workstation.language = "zh_CN"
            const list = createTemporaryObject(listComponent, root, {
                checks: [
                    { id: "validity", passed: false,
                      reason: "the letter expired on 2026-10-31; the enterprise must issue a new one",
                      phrase: { template: "the letter expired on %1; the enterprise must issue a new one",
                                args: [{ text: "2026-10-31" }] } },
                    { id: "company_id", passed: false,
                      reason: "the company ID check character is '4', expected '3'",
                      phrase: { template: "the %1 check character is %2, expected '%3'",
                                args: [{ phrase: { template: "company ID", args: [] } },
                                       { phrase: { template: "%1", args: [{ text: "'4'" }] } },
                                       { text: "3" }] } },
                    { id: "chain", passed: false, reason: "a reason the backend gave without a phrase" },
                ]
            })
            const expired = findByName(findByName(list, "check_validity"), "reason").text
            verify(expired.indexOf("过期") >= 0, expired)
            verify(expired.indexOf("2026-10-31") >= 0, expired)
            verify(expired.indexOf("expired") < 0, expired)
            compare(findByName(findByName(list, "check_validity"), "title").text, "授权书当日有效")
            const wrongCheck = findByName(findByName(list, "check_company_id"), "reason").text
            verify(wrongCheck.indexOf("单位证件号码") >= 0, wrongCheck)
            verify(wrongCheck.indexOf("'4'") >= 0 && wrongCheck.indexOf("'3'") >= 0, wrongCheck)
            compare(findByName(findByName(list, "check_chain"), "reason").text,
                    "a reason the backend gave without a phrase")

            Workstation.language = "en"
            compare(findByName(findByName(list, "check_validity"), "reason").text,
                    "the letter expired on 2026-10-31; the enterprise must issue a new one")
            compare(findByName(findByName(list, "check_validity"), "title").text, "Authorization is valid today")
            compare(findByName(findByName(list, "check_company_id"), "reason").text,
                    "the company ID check character is '4', expected '3'")
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
                         "waiver_attested", "waiver_approved", "refund_approved", "evidence", "header",
                         "signer_office", "signer_valid_today", "lifetime", "certificate_trust",
                         "certificate_record", "key_pair", "key_algorithm", "so_pin_final_try", "so_pin_ours",
                         "day_open"]
            for (const id of ids)
                verify(list.title(id) !== id, id)
        }
    }
}
