import QtQuick
import QtTest
import Countersign

Item {
    id: root
    width: 1280
    height: 800

    Component {
        id: groupsComponent
        CheckGroups {
            width: 1200
        }
    }

    TestCase {
        name: "CheckGroups"
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

        function test_checks_go_to_groups_a_person_understands_and_an_unknown_id_to_other() {
            const groups = createTemporaryObject(groupsComponent, root, {
                checks: [
                    { id: "signature", passed: true, reason: "" },
                    { id: "chain", passed: true, reason: "" },
                    { id: "unused", passed: true, reason: "" },
                    { id: "id_card", passed: true, reason: "" },
                    { id: "uscc", passed: true, reason: "" },
                    { id: "blank_key", passed: true, reason: "" },
                    { id: "some_new_check", passed: true, reason: "" },
                ]
            })
            compare(findByName(groups, "checkGroup_letter").checks.map(c => c.id), ["signature", "chain"])
            compare(findByName(groups, "checkGroup_validity").checks.map(c => c.id), ["unused"])
            compare(findByName(groups, "checkGroup_identity").checks.map(c => c.id), ["id_card", "uscc"])
            compare(findByName(groups, "checkGroup_key").checks.map(c => c.id), ["blank_key"])
            compare(findByName(groups, "checkGroup_other").checks.map(c => c.id), ["some_new_check"])
            // Only groups with checks are shown; passed ones closed, one line each with the count.
            verify(!findByName(groups, "checkGroup_counter").visible)
            const letter = findByName(groups, "checkGroup_letter")
            verify(letter.visible)
            verify(letter.passed)
            verify(!letter.expanded)
            compare(findByName(letter, "summary").text, "The letter is genuine · 2 passed")
            verify(!findByName(letter, "checks").visible)
        }

        function test_every_backend_check_is_in_a_named_group() {
            const groups = createTemporaryObject(groupsComponent, root)
            // Every id of backend/workflow/*.cpp and backend/papers/*.cpp, and the agent's ID card check.
            const ids = ["format", "algorithm", "signer", "chain", "signer_valid_on_issued", "signature", "dates",
                         "business", "uscc", "agent_id", "unused", "hand_entry_approved", "org", "text", "names",
                         "company_id", "company_name", "agent_mobile", "validity", "business_type",
                         "company_matches_certificate", "seal", "configuration", "not_in_progress", "blank_key",
                         "key", "certificate", "renewal_window", "not_too_late", "upgrade_due", "pin", "new_pin",
                         "old_key", "writer", "so_pin", "locked", "fee", "payment", "invoice", "waiver",
                         "waiver_attested", "waiver_approved", "refund_approved", "evidence", "header",
                         "signer_office", "signer_valid_today", "lifetime", "certificate_trust",
                         "certificate_record", "key_pair", "key_algorithm", "so_pin_final_try", "so_pin_ours",
                         "day_open", "resume_only", "id_card"]
            for (const id of ids)
                verify(groups.groupOf(id) !== "other", id)
            compare(groups.groupOf("id_card"), "identity")
        }

        function test_a_failed_group_opens_by_itself_and_names_the_failing_check_first() {
            const groups = createTemporaryObject(groupsComponent, root, {
                checks: [
                    { id: "dates", passed: true, reason: "" },
                    { id: "business", passed: true, reason: "" },
                    { id: "unused", passed: false, reason: "the letter was already used by transaction T1" },
                    { id: "signature", passed: true, reason: "" },
                ]
            })
            const validity = findByName(groups, "checkGroup_validity")
            verify(!validity.passed)
            verify(validity.expanded)
            const summary = findByName(validity, "summary")
            compare(summary.text, "The letter is valid for this business today and unused · 1 of 3 failed: "
                                  + "Letter has not been used before")
            verify(Qt.colorEqual(summary.color, Theme.error))
            const list = findByName(validity, "checks")
            verify(list.visible)
            // The failed check first, with its reason.
            compare(list.checks[0].id, "unused")
            verify(findByName(findByName(list, "check_unused"), "reason").visible)
            // The operator can close it, and a click opens it again.
            mouseClick(findByName(validity, "groupLine_validity"))
            verify(!validity.expanded)
            mouseClick(findByName(validity, "groupLine_validity"))
            verify(validity.expanded)
            verify(!findByName(groups, "checkGroup_letter").expanded)
        }
    }
}
