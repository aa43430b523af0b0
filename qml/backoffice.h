#pragma once

#include <QString>
#include <QtQml/qqmlregistration.h>

#include "qml/backofficelists.h"
#include "qml/officecontroller.h"

namespace countersign::qml {

/// The supervisor's and the admin's screens (the daily report and the day close are ReportController's, the
/// key stock StockOffice's): the refunds recovery made that wait for a supervisor's review, and the staff
/// list. Every query runs on the database thread (counter::Desk); the role of the person logged in decides
/// what they may do.
class BackOffice : public countersign::qml::OfficeController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(countersign::qml::RefundsModel* refunds READ refunds CONSTANT)
    Q_PROPERTY(countersign::qml::StaffModel* staff READ staff CONSTANT)

public:
    explicit BackOffice(QObject* parent = nullptr)
        : OfficeController(parent, StartClears::ErrorAndMessage) {}

    /// Refunds recovery made, not yet reviewed.
    RefundsModel* refunds() { return &m_refunds; }
    StaffModel* staff() { return &m_staff; }

public Q_SLOTS:
    void loadRefunds();
    /// A supervisor acknowledges every listed recovery refund (audited "refund.reviewed").
    void reviewRefunds();
    void loadStaff();

private:
    // Children, so QML never takes them for its own; destroyed as members first.
    RefundsModel m_refunds{this};
    StaffModel m_staff{this};
};

} // namespace countersign::qml
