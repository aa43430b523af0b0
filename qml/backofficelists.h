#pragma once

#include <vector>

#include <QtQml/qqmlregistration.h>

#include "backend/counter/desk.h"
#include "qml/listmodel.h"

// The back office's lists (BackOffice).
namespace countersign::qml {

/// Refunds recovery made that wait for a supervisor's review.
class RefundsModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role { NumberRole = Qt::UserRole + 1, AmountFenRole, MethodRole, AtRole };
    Q_ENUM(Role)
    explicit RefundsModel(QObject* parent = nullptr);
    void setRows(std::vector<fees::RefundToReview> rows);
};

/// The staff of the centre and of every centre.
class StaffModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role { UsernameRole = Qt::UserRole + 1, DisplayNameRole, RoleRole, ActiveRole, LockedRole };
    Q_ENUM(Role)
    explicit StaffModel(QObject* parent = nullptr);
    void setRows(std::vector<db::StaffMember> rows);
};

} // namespace countersign::qml
