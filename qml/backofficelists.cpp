#include "qml/backofficelists.h"

namespace countersign::qml {

namespace {

// Each in the order of its model's role enum.

const ListModel::Columns<fees::RefundToReview> kRefunds = {
    {"number",
     [](const fees::RefundToReview& r) { return QVariant(QString::fromStdString(r.transactionNumber)); }},
    {"amountFen", [](const fees::RefundToReview& r) { return QVariant(r.amountFen); }},
    {"method", [](const fees::RefundToReview& r) { return QVariant(QString::fromStdString(r.method)); }},
    {"at", [](const fees::RefundToReview& r) { return QVariant(QString::fromStdString(r.at)); }},
};

const ListModel::Columns<db::StaffMember> kStaff = {
    {"username", [](const db::StaffMember& s) { return QVariant(QString::fromStdString(s.username)); }},
    {"displayName", [](const db::StaffMember& s) { return QVariant(QString::fromStdString(s.displayName)); }},
    {"role", [](const db::StaffMember& s) { return QVariant(QString::fromStdString(s.role)); }},
    {"active", [](const db::StaffMember& s) { return QVariant(s.active); }},
    {"locked", [](const db::StaffMember& s) { return QVariant(s.locked); }},
};

} // namespace

RefundsModel::RefundsModel(QObject* parent)
    : ListModel(kRefunds, parent) {}

void RefundsModel::setRows(std::vector<fees::RefundToReview> rows) {
    show(std::move(rows), kRefunds);
}

StaffModel::StaffModel(QObject* parent)
    : ListModel(kStaff, parent) {}

void StaffModel::setRows(std::vector<db::StaffMember> rows) {
    show(std::move(rows), kStaff);
}

} // namespace countersign::qml
