#include "qml/stocklists.h"

#include <QStringList>

namespace countersign::qml {

namespace {

QVariant text(const std::string& s) {
    return QVariant(QString::fromStdString(s));
}

// Each in the order of its model's role enum.

const ListModel::Columns<stock::StockLevel> kLevels = {
    {"keyModel", [](const stock::StockLevel& l) { return text(l.model); }},
    {"inStock", [](const stock::StockLevel& l) { return QVariant(l.inStock); }},
    {"damaged", [](const stock::StockLevel& l) { return QVariant(l.damaged); }},
    {"issued", [](const stock::StockLevel& l) { return QVariant(l.issued); }},
    {"writtenOff", [](const stock::StockLevel& l) { return QVariant(l.writtenOff); }},
    {"low", [](const stock::StockLevel& l) { return QVariant(l.low); }},
};

const ListModel::Columns<stock::StockKey> kKeys = {
    {"serial", [](const stock::StockKey& k) { return text(k.serial); }},
    {"keyModel", [](const stock::StockKey& k) { return text(k.model); }},
    {"state", [](const stock::StockKey& k) { return text(k.state); }},
    {"status", [](const stock::StockKey& k) { return text(k.status); }},
    {"receivedAt", [](const stock::StockKey& k) { return text(k.receivedAt); }},
    {"note", [](const stock::StockKey& k) { return text(k.note); }},
};

const ListModel::Columns<counter::KeyModelRow> kModels = {
    {"name", [](const counter::KeyModelRow& m) { return text(m.model.name); }},
    {"manufacturer", [](const counter::KeyModelRow& m) { return text(m.model.manufacturer); }},
    {"pinMin", [](const counter::KeyModelRow& m) { return QVariant(m.model.pinMin); }},
    {"pinMax", [](const counter::KeyModelRow& m) { return QVariant(m.model.pinMax); }},
    {"algorithms",
     [](const counter::KeyModelRow& m) {
         QStringList list;
         for (const auto& a : m.model.algorithms)
             list << QString::fromStdString(a);
         return QVariant(list);
     }},
    {"factorySoPinFile", [](const counter::KeyModelRow& m) { return text(m.model.factorySoPinFile); }},
    {"factorySoPinSet", [](const counter::KeyModelRow& m) { return QVariant(m.factorySoPinSet); }},
    {"factorySoPinUsable", [](const counter::KeyModelRow& m) { return QVariant(m.factorySoPinUsable); }},
    {"factorySoPinProblem", [](const counter::KeyModelRow& m) { return text(m.factorySoPinProblem); }},
    {"updatedBy", [](const counter::KeyModelRow& m) { return text(m.model.updatedBy); }},
    {"updatedAt", [](const counter::KeyModelRow& m) { return text(m.model.updatedAt); }},
};

using Refusal = std::pair<std::string, std::string>;
const ListModel::Columns<Refusal> kRefused = {
    {"serial", [](const Refusal& r) { return text(r.first); }},
    {"reason", [](const Refusal& r) { return text(r.second); }},
};

} // namespace

StockModel::StockModel(QObject* parent)
    : ListModel(kLevels, parent) {}

void StockModel::setRows(std::vector<stock::StockLevel> rows) {
    show(std::move(rows), kLevels);
}

StockKeysModel::StockKeysModel(QObject* parent)
    : ListModel(kKeys, parent) {}

void StockKeysModel::setRows(std::vector<stock::StockKey> rows) {
    show(std::move(rows), kKeys);
}

KeyModelsModel::KeyModelsModel(QObject* parent)
    : ListModel(kModels, parent) {}

void KeyModelsModel::setRows(std::vector<counter::KeyModelRow> rows) {
    show(std::move(rows), kModels);
}

RefusedSerialsModel::RefusedSerialsModel(QObject* parent)
    : ListModel(kRefused, parent) {}

void RefusedSerialsModel::setRows(std::vector<std::pair<std::string, std::string>> rows) {
    show(std::move(rows), kRefused);
}

} // namespace countersign::qml
