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

const ListModel::Columns<stock::StockLevel> kStock = {
    {"keyModel", [](const stock::StockLevel& l) { return QVariant(QString::fromStdString(l.model)); }},
    {"inStock", [](const stock::StockLevel& l) { return QVariant(l.inStock); }},
    {"damaged", [](const stock::StockLevel& l) { return QVariant(l.damaged); }},
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

StockModel::StockModel(QObject* parent)
    : ListModel(kStock, parent) {}

void StockModel::setRows(std::vector<stock::StockLevel> rows) {
    show(std::move(rows), kStock);
}

StaffModel::StaffModel(QObject* parent)
    : ListModel(kStaff, parent) {}

void StaffModel::setRows(std::vector<db::StaffMember> rows) {
    show(std::move(rows), kStaff);
}

} // namespace countersign::qml
