pragma Singleton
import QtQuick

// Sizes and colours shared by every screen: readable at arm's length, touch targets of at least 48 px.
QtObject {
    readonly property int bodySize: 20
    readonly property int smallSize: 16
    readonly property int titleSize: 34
    readonly property int headingSize: 26
    readonly property int touchTarget: 56
    readonly property int spacing: 16
    // Kept free at a scroll view's right edge for its scroll bar.
    readonly property int scrollBarRoom: 14
    readonly property color background: "#f3f5f8"
    readonly property color card: "#ffffff"
    readonly property color text: "#1d2430"
    readonly property color mutedText: "#5b6575"
    readonly property color accent: "#1d5fbf"
    readonly property color ok: "#1f8a4c"
    readonly property color warning: "#c77700"
    readonly property color error: "#c62828"
    readonly property color statusBar: "#1d2430"
    readonly property color statusText: "#e8ecf2"
    readonly property color demo: "#e65100"
}
