#pragma once

#include <string>
#include <utility>
#include <vector>

#include <QtQml/qqmlregistration.h>

#include "backend/counter/desk.h"
#include "qml/listmodel.h"

// The stock page's lists (StockOffice).
namespace countersign::qml {

/// The centre's key stock by model: in stock, issued, damaged, written off, low.
class StockModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role {
        KeyModelRole = Qt::UserRole + 1,
        InStockRole,
        DamagedRole,
        IssuedRole,
        WrittenOffRole,
        LowRole
    };
    Q_ENUM(Role)
    explicit StockModel(QObject* parent = nullptr);
    void setRows(std::vector<stock::StockLevel> rows);
};

/// Keys of the centre's stock: serial, model, state, status, received, note.
class StockKeysModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role {
        SerialRole = Qt::UserRole + 1,
        KeyModelRole,
        StateRole,
        StatusRole,
        ReceivedAtRole,
        NoteRole
    };
    Q_ENUM(Role)
    explicit StockKeysModel(QObject* parent = nullptr);
    void setRows(std::vector<stock::StockKey> rows);
};

/// The key models with where each factory SO PIN stands on this machine (never the PIN).
class KeyModelsModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        ManufacturerRole,
        PinMinRole,
        PinMaxRole,
        AlgorithmsRole,
        FactorySoPinFileRole,
        FactorySoPinSetRole,
        FactorySoPinUsableRole,
        FactorySoPinProblemRole,
        UpdatedByRole,
        UpdatedAtRole
    };
    Q_ENUM(Role)
    explicit KeyModelsModel(QObject* parent = nullptr);
    void setRows(std::vector<counter::KeyModelRow> rows);
};

/// The serials an intake refused, each with the database's reason.
class RefusedSerialsModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role { SerialRole = Qt::UserRole + 1, ReasonRole };
    Q_ENUM(Role)
    explicit RefusedSerialsModel(QObject* parent = nullptr);
    void setRows(std::vector<std::pair<std::string, std::string>> rows);
};

} // namespace countersign::qml
