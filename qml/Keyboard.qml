pragma Singleton
import QtQuick

// Enter on a focused push button presses it, as on a desktop: Qt 6.4's buttons take only Space. The screens'
// Enter handlers ask here first and do their main action when no button had the focus. Check boxes, radio and
// tab buttons keep Space for themselves, so Enter on them still confirms the screen.
QtObject {
    function pressButton(item) {
        if (!item || !item.enabled || !item.visible || item.autoExclusive === undefined || item.checkable)
            return false
        item.clicked()
        return true
    }
}
