import QtQuick
import QtTest
import Countersign

// The status bar as the person at the counter reads it: what each indicator says in the states the test
// runner can produce (no key writer, a connected database, a database without a CA, a machine without a
// printer), and that it fits — the clock always whole, texts cut short rather than overlapping.
Item {
    id: root
    width: 1280
    height: 200

    Component {
        id: statusBar
        StatusBar {
            width: 1280
        }
    }

    TestCase {
        name: "StatusBar"
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
            Session.logout()
            Workstation.language = "en"
            tryCompare(Workstation, "ready", true, 10000)
        }

        function cleanup() {
            Workstation.language = "zh_CN"
        }

        function test_writer_without_a_module_reads_not_connected() {
            const bar = createTemporaryObject(statusBar, root)
            const writer = findByName(bar, "writerIndicator")
            compare(Writer.state, Writer.NotConnected)
            compare(writer.shownText, "Writer: not connected")
            compare(findByName(writer, "dot").color, Theme.error)
        }

        function test_database_reads_connected_once_up() {
            const bar = createTemporaryObject(statusBar, root)
            const database = findByName(bar, "databaseIndicator")
            tryCompare(database, "shownText", "Database: connected", 10000)
            compare(findByName(database, "dot").color, Theme.ok)
        }

        function test_ca_without_a_ca_in_the_database_reads_unavailable() {
            const bar = createTemporaryObject(statusBar, root)
            const ca = findByName(bar, "caIndicator")
            DeviceStatus.refresh()
            tryCompare(DeviceStatus, "caState", DeviceStatus.CaState.Down, 10000)
            compare(ca.shownText, "CA: unavailable")
            compare(findByName(ca, "dot").color, Theme.error)
            // Why, for whoever looks closer: this test database has no built-in CA.
            verify(DeviceStatus.caMessage.indexOf("ca init") >= 0, DeviceStatus.caMessage)
        }

        function test_printer_is_checked_and_named() {
            const bar = createTemporaryObject(statusBar, root)
            const printer = findByName(bar, "printerIndicator")
            tryVerify(() => DeviceStatus.printerState !== DeviceStatus.PrinterState.Unknown, 10000)
            verify(typeof DeviceStatus.printerName === "string")
            switch (DeviceStatus.printerState) {
            case DeviceStatus.PrinterState.NotConfigured:
                compare(printer.shownText, "Printer: none set up")
                compare(findByName(printer, "dot").color, Theme.warning)
                break
            case DeviceStatus.PrinterState.Ready:
                compare(printer.shownText, "Printer: " + DeviceStatus.printerName + " ready")
                break
            case DeviceStatus.PrinterState.Down:
                compare(printer.shownText, "Printer: " + DeviceStatus.printerName + " not ready")
                break
            }
        }

        function test_shows_who_is_working_where() {
            const bar = createTemporaryObject(statusBar, root)
            compare(findByName(bar, "operatorLabel").text, "Not logged in")
            // The centre and counter, or the counter alone when the indicators leave no room for both.
            const place = findByName(bar, "placeLabel").text
            verify(place === Workstation.centreName + " · " + Workstation.counterName
                   || place === Workstation.counterName, place)
            verify(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(findByName(bar, "clock").text))
        }

        function checkFits(bar) {
            const names = ["writerIndicator", "databaseIndicator", "caIndicator", "printerIndicator",
                           "operatorLabel", "placeLabel", "clock"]
            let right = 0
            for (const name of names) {
                const item = findByName(bar, name)
                const box = item.mapToItem(bar, 0, 0, item.width, item.height)
                verify(box.x >= right, name + " overlaps the one before it")
                verify(item.width > 0, name + " has no room at all")
                right = box.x + box.width
            }
            verify(right <= bar.width, "the clock runs off the bar")
            const clock = findByName(bar, "clock")
            verify(!clock.truncated && clock.width >= clock.implicitWidth, "the clock is cut short")
        }

        function test_fits_1280_wide_in_both_languages() {
            for (const language of ["en", "zh_CN"]) {
                Workstation.language = language
                const bar = createTemporaryObject(statusBar, root)
                waitForRendering(bar)
                checkFits(bar)
                for (const name of ["writerIndicator", "databaseIndicator", "caIndicator", "printerIndicator"])
                    verify(!findByName(bar, name).elided, language + ": " + name + " is cut short at 1280 px")
            }
        }

        function test_short_of_room_the_place_gives_way_first() {
            const bar = createTemporaryObject(statusBar, root, {width: 1200})
            waitForRendering(bar)
            checkFits(bar)
            const place = findByName(bar, "placeLabel")
            verify(place.truncated || place.text !== Workstation.centreName + " · " + Workstation.counterName,
                   "the place name was not shortened at 1200 px")
            for (const name of ["writerIndicator", "databaseIndicator", "caIndicator", "printerIndicator"])
                verify(!findByName(bar, name).elided, name + " was cut short before the place name")
        }
    }
}
