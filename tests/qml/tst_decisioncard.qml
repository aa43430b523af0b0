import QtQuick
import QtTest
import Countersign

Item {
    id: root
    width: 1280
    height: 800

    // What DecisionCard reads of an OperationController, as a preview that passed leaves it.
    Component {
        id: controllerComponent
        QtObject {
            property string kind: "NEW"
            property string company: "天津测试科技有限公司"
            property string uscc: "91350100M000100Y43"
            property string agentName: "张三"
            property string keyAlgorithm: "RSA-2048"
            property var checks: []
            property var decision: ({
                agentIdMasked: "110105********002X", letterNo: "L-1", officeCode: "11201010000",
                officeName: "国家税务总局天津市河西区税务局", letterValidUntil: "2027-01-06", letterBusiness: [],
                keySerial: "K123", oldKeySerial: "", keyCertificateSerial: "", keyCertificateNotAfter: ""
            })
        }
    }
    Component {
        id: cardComponent
        DecisionCard {
            width: 1200
        }
    }

    TestCase {
        name: "DecisionCard"
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
        function value(card, row) {
            const r = findByName(card, row)
            return r.visible ? findByName(r, "value").text : ""
        }

        function init() {
            Workstation.language = "en"
        }

        function test_a_new_shows_company_agent_masked_letter_and_key() {
            const controller = createTemporaryObject(controllerComponent, root)
            const card = createTemporaryObject(cardComponent, root, { controller: controller })
            compare(value(card, "company"), "天津测试科技有限公司")
            compare(value(card, "uscc"), "91350100M000100Y43")
            compare(value(card, "agent"), "张三 · ID 110105********002X")
            compare(value(card, "letter"), "No. L-1 · valid until 2027-01-06")
            compare(value(card, "office"), "国家税务总局天津市河西区税务局 (11201010000)")
            compare(value(card, "key"), "blank key K123 · new key pair RSA-2048")
            compare(value(card, "certificate"), "")
            // No ID card line until the checks compared the card with the letter.
            verify(!findByName(card, "idCard").visible)
        }

        function test_the_id_card_line_shows_the_id_card_checks_verdict() {
            const controller = createTemporaryObject(controllerComponent, root)
            const card = createTemporaryObject(cardComponent, root, { controller: controller })
            controller.checks = [{ id: "signature", passed: true }, { id: "id_card", passed: true }]
            verify(findByName(card, "idCard").visible)
            compare(value(card, "idCard"), "✓ matches the letter's agent")
            verify(Qt.colorEqual(findByName(findByName(card, "idCard"), "value").color, Theme.ok))
            controller.checks = [{ id: "id_card", passed: false, reason: "the ID card is not the agent's" }]
            compare(value(card, "idCard"), "✕ does not match the letter's agent")
            verify(Qt.colorEqual(findByName(findByName(card, "idCard"), "value").color, Theme.error))
        }

        function test_a_replace_shows_the_authorization_and_the_old_keys_certificate() {
            const controller = createTemporaryObject(controllerComponent, root)
            controller.kind = "REPLACE"
            controller.decision = {
                agentIdMasked: "110105********002X", letterValidUntil: "2027-01-06", letterBusiness: ["REPLACE"],
                keySerial: "NEWKEY", oldKeySerial: "OLDKEY",
                keyCertificateSerial: "570F78EF46DF592B30BF81D1CC679E34DC904A3F", keyCertificateNotAfter: "2027-12-07"
            }
            const card = createTemporaryObject(cardComponent, root, { controller: controller })
            compare(findByName(findByName(card, "letter"), "caption").text, "Authorization")
            compare(value(card, "letter"), "Key replacement · valid until 2027-01-06")
            compare(value(card, "office"), "")
            compare(value(card, "key"), "blank key NEWKEY · new key pair RSA-2048")
            compare(findByName(findByName(card, "certificate"), "caption").text, "Old key")
            compare(value(card, "certificate"), "OLDKEY · certificate 570F78EF…DC904A3F · until 2027-12-07")
        }

        function test_a_renewal_shows_the_key_and_its_certificate() {
            const controller = createTemporaryObject(controllerComponent, root)
            controller.kind = "RENEW"
            controller.agentName = ""
            controller.decision = { keySerial: "KEY7", keyCertificateSerial: "1A2B", keyCertificateNotAfter: "2027-03-01" }
            const card = createTemporaryObject(cardComponent, root, { controller: controller })
            compare(value(card, "agent"), "")
            compare(value(card, "letter"), "")
            compare(value(card, "key"), "KEY7 · new key pair RSA-2048")
            compare(value(card, "certificate"), "1A2B · until 2027-03-01")
        }
    }
}
