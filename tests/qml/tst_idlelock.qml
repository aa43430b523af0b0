import QtQuick
import QtQuick.Controls
import QtTest
import Countersign

// The idle lock with a short timeout: it covers the screen after idleness, not while someone is working,
// refuses a wrong password and, with the right one, gives back the screen exactly as it was left.
Item {
    id: root
    width: 1280
    height: 800

    LoginController {
        id: login
    }

    // The work underneath: a half-filled form.
    TextField {
        id: work
        objectName: "work"
        x: 40
        y: 40
        width: 400
    }

    IdleLock {
        id: lockScreen
    }

    TestCase {
        name: "IdleLock"
        when: windowShown

        property int originalTimeout: 0

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
        function part(name) {
            return findByName(lockScreen.contentItem, name)
        }
        function type(text) {
            for (const c of text)
                keyClick(c)
        }
        function lockByWaiting() {
            IdleMonitor.timeoutMs = 300
            tryCompare(lockScreen, "opened", true, 5000)
            verify(IdleMonitor.locked)
            // Long enough that it does not lock again while the test types.
            IdleMonitor.timeoutMs = 60000
            tryVerify(() => part("lockPassword").activeFocus, 2000)
        }

        function initTestCase() {
            originalTimeout = IdleMonitor.timeoutMs
            tryCompare(Workstation, "ready", true, 10000)
        }

        function init() {
            Workstation.language = "en"
            IdleMonitor.timeoutMs = 60000
            if (!Session.loggedIn) {
                login.submit("tester", "right-password")
                tryCompare(Session, "loggedIn", true, 10000)
            }
            work.text = ""
            work.forceActiveFocus()
        }

        function cleanup() {
            IdleMonitor.timeoutMs = originalTimeout
            Session.logout()
            tryCompare(lockScreen, "visible", false, 2000)
            Workstation.language = "zh_CN"
        }

        function test_locks_after_the_idle_time_and_says_who_is_logged_in() {
            verify(!lockScreen.visible)
            lockByWaiting()
            compare(part("lockTitle").text, "Screen locked")
            verify(part("lockWho").text.indexOf("(tester)") >= 0, part("lockWho").text)
            verify(Session.loggedIn)
            compare(part("lockPassword").echoMode, TextInput.Password)
            verify(part("unlockButton").height >= Theme.touchTarget)
            verify(part("lockLogout").height >= Theme.touchTarget)
        }

        function test_input_before_the_timeout_keeps_it_unlocked() {
            IdleMonitor.timeoutMs = 600
            // Some key or mouse input every 200 ms for well over the timeout.
            for (let i = 0; i < 10; ++i) {
                wait(200)
                if (i % 2)
                    mouseMove(root, 300 + i * 5, 300)
                else
                    keyClick(Qt.Key_Shift)
            }
            verify(!IdleMonitor.locked)
            verify(!lockScreen.visible)
            // Then nobody touches it.
            tryCompare(lockScreen, "opened", true, 3000)
        }

        function test_not_watched_while_nobody_is_logged_in() {
            Session.logout()
            IdleMonitor.timeoutMs = 100
            wait(500)
            verify(!IdleMonitor.locked)
            verify(!lockScreen.visible)
        }

        function test_wrong_password_shows_an_error_and_stays_locked() {
            lockByWaiting()
            type("wrong-password")
            keyClick(Qt.Key_Return)
            tryCompare(part("lockError"), "text", "Wrong password.", 10000)
            verify(part("lockError").visible)
            verify(IdleMonitor.locked)
            verify(lockScreen.opened)
            // The typed password does not stay on screen.
            compare(part("lockPassword").text, "")
            tryVerify(() => part("lockPassword").activeFocus, 2000)
        }

        function test_right_password_unlocks_and_gives_the_screen_back_unchanged() {
            work.text = "half-typed"
            work.cursorPosition = 4
            lockByWaiting()
            // Keys go to the lock screen, not to the form underneath.
            type("right-password")
            compare(work.text, "half-typed")
            keyClick(Qt.Key_Enter)
            tryCompare(IdleMonitor, "locked", false, 10000)
            tryCompare(lockScreen, "visible", false, 2000)
            verify(Session.loggedIn)
            compare(part("lockError").text, "")
            compare(work.text, "half-typed")
            compare(work.cursorPosition, 4)
            tryVerify(() => work.activeFocus, 2000)
            // The form takes typing again where it was left.
            keyClick("x")
            tryCompare(work, "text", "halfx-typed", 2000)
        }

        function test_unlock_button_after_a_wrong_password() {
            lockByWaiting()
            type("wrong-password")
            mouseClick(part("unlockButton"))
            tryCompare(part("lockError"), "text", "Wrong password.", 10000)
            type("right-password")
            mouseClick(part("unlockButton"))
            tryCompare(lockScreen, "visible", false, 10000)
            verify(!IdleMonitor.locked)
        }

        function test_log_out_ends_the_session() {
            lockByWaiting()
            mouseClick(part("lockLogout"))
            tryCompare(Session, "loggedIn", false, 2000)
            tryCompare(lockScreen, "visible", false, 2000)
            verify(!IdleMonitor.locked)
        }
    }
}
