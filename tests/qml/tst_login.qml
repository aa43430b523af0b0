import QtQuick
import QtQuick.Controls
import QtTest
import Countersign

Item {
    id: root
    width: 1280
    height: 800

    Component {
        id: loginScreen
        LoginScreen {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "LoginScreen"
        when: windowShown

        function findByName(item, name) {
            if (item.objectName === name)
                return item
            for (let i = 0; i < item.children.length; ++i) {
                const found = findByName(item.children[i], name)
                if (found)
                    return found
            }
            if (item.contentItem && item.contentItem !== item) {
                const inContent = findByName(item.contentItem, name)
                if (inContent)
                    return inContent
            }
            return null
        }

        function init() {
            Session.logout()
            Workstation.language = "zh_CN"
            tryCompare(Workstation, "ready", true, 10000)
        }

        function test_chinese_by_default_and_english_on_request() {
            const screen = createTemporaryObject(loginScreen, root)
            const title = findByName(screen, "title")
            verify(title)
            compare(title.text, "CA证书服务受理台")
            mouseClick(findByName(screen, "englishButton"))
            compare(Workstation.language, "en")
            compare(title.text, "CA Certificate Service Counter")
            mouseClick(findByName(screen, "chineseButton"))
            compare(title.text, "CA证书服务受理台")
        }

        function test_password_is_masked() {
            const screen = createTemporaryObject(loginScreen, root)
            const password = findByName(screen, "password")
            compare(password.echoMode, TextInput.Password)
        }

        function test_empty_fields_are_explained_not_sent() {
            const screen = createTemporaryObject(loginScreen, root)
            mouseClick(findByName(screen, "loginButton"))
            const error = findByName(screen, "error")
            compare(error.text, "请输入用户名和密码。")
            verify(!Session.loggedIn)
        }

        function test_wrong_password_shows_a_chinese_error_and_keeps_the_screen() {
            const screen = createTemporaryObject(loginScreen, root)
            const username = findByName(screen, "username")
            const password = findByName(screen, "password")
            username.text = "tester"
            password.text = "wrong-password"
            mouseClick(findByName(screen, "loginButton"))
            const error = findByName(screen, "error")
            tryCompare(error, "text", "用户名或密码错误。", 10000)
            verify(!Session.loggedIn)
        }

        function test_keyboard_only_login_opens_the_session() {
            const screen = createTemporaryObject(loginScreen, root)
            const username = findByName(screen, "username")
            username.forceActiveFocus()
            keyClick("t"); keyClick("e"); keyClick("s"); keyClick("t"); keyClick("e"); keyClick("r")
            keyClick(Qt.Key_Tab)
            for (const c of "right-password")
                keyClick(c)
            keyClick(Qt.Key_Return)
            tryCompare(Session, "loggedIn", true, 10000)
            compare(Session.username, "tester")
            compare(Session.isSupervisor, true)
        }
    }
}
