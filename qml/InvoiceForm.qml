import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Countersign

// The invoice request (开票信息, DESIGN §5) for the e-invoice issued later: every buyer field, labelled above
// it and checked as typed by the backend's rules (OperationController.invoiceFieldProblem), the problem under
// the field. Prefilled with the company and USCC the checks found.
ColumnLayout {
    id: form
    required property OperationController controller
    spacing: Theme.spacing / 2

    // The validator of field `key`, made again when anything in the form changes (a buyer kind makes the
    // taxpayer ID required or not; an e-mail makes the mobile optional).
    function check(key) {
        form.controller.invoice
        return function(t) { return form.controller.invoiceFieldProblem(key, t) }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        CheckBox {
            objectName: "invoiceWanted"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTarget
            text: qsTr("The buyer wants an invoice")
            checked: form.controller.invoiceWanted
            onToggled: form.controller.invoiceWanted = checked
        }
        // The buyer: the enterprise, or the agent as a person (no taxpayer ID needed).
        ComboBox {
            objectName: "buyerKind"
            visible: form.controller.invoiceWanted
            Layout.preferredWidth: 240
            implicitHeight: Theme.touchTarget
            font.pixelSize: Theme.bodySize
            model: [qsTr("Enterprise buyer"), qsTr("Individual buyer")]
            currentIndex: form.controller.invoice.buyerKind === "individual" ? 1 : 0
            onActivated: (i) => form.controller.setInvoiceField("buyerKind", i === 1 ? "individual" : "enterprise")
        }
    }

    ColumnLayout {
        objectName: "invoiceFields"
        Layout.fillWidth: true
        visible: form.controller.invoiceWanted
        spacing: Theme.spacing / 2

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            ValidatedField {
                objectName: "buyerName"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: qsTr("Buyer name (invoice title)")
                text: form.controller.invoice.buyerName || ""
                validator: form.check("buyerName")
                onTextChanged: form.controller.setInvoiceField("buyerName", text)
            }
            ValidatedField {
                objectName: "buyerTaxpayerId"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: form.controller.invoice.buyerKind === "individual"
                       ? qsTr("Taxpayer ID (optional)")
                       : qsTr("Taxpayer ID (USCC)")
                text: form.controller.invoice.buyerTaxpayerId || ""
                validator: form.check("buyerTaxpayerId")
                onTextChanged: form.controller.setInvoiceField("buyerTaxpayerId", text)
            }
        }
        ValidatedField {
            objectName: "addressPhone"
            Layout.fillWidth: true
            label: qsTr("Address and phone (optional)")
            text: form.controller.invoice.addressPhone || ""
            validator: form.check("addressPhone")
            onTextChanged: form.controller.setInvoiceField("addressPhone", text)
        }
        ValidatedField {
            objectName: "bankAccount"
            Layout.fillWidth: true
            label: qsTr("Bank and account (optional)")
            text: form.controller.invoice.bankAccount || ""
            validator: form.check("bankAccount")
            onTextChanged: form.controller.setInvoiceField("bankAccount", text)
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            ValidatedField {
                objectName: "deliveryEmail"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: qsTr("Send to: e-mail")
                inputMethodHints: Qt.ImhEmailCharactersOnly
                text: form.controller.invoice.deliveryEmail || ""
                validator: form.check("deliveryEmail")
                onTextChanged: form.controller.setInvoiceField("deliveryEmail", text)
            }
            ValidatedField {
                objectName: "deliveryMobile"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: qsTr("or mobile")
                inputMethodHints: Qt.ImhDialableCharactersOnly
                text: form.controller.invoice.deliveryMobile || ""
                validator: form.check("deliveryMobile")
                onTextChanged: form.controller.setInvoiceField("deliveryMobile", text)
            }
        }
    }
}
