#pragma once

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <QAbstractListModel>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QVariant>
#include <QtQml/qqmlregistration.h>

namespace countersign::qml {

/// A list handed to QML: rows of plain values, replaced whole when they are read again, one role per field
/// (delegates take them as required properties), and a `count` that bindings can follow. A subclass names
/// its columns in one table, in the order of its role enum, which starts at Qt::UserRole + 1.
class ListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    /// A role: its name, and how it is read from a row.
    template <typename Row> struct Column {
        QByteArray role;
        QVariant (*read)(const Row&);
    };
    template <typename Row> using Columns = std::vector<Column<Row>>;

    int count() const { return m_count; }
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QHash<int, QByteArray> roleNames() const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    /// No rows.
    void clear();

Q_SIGNALS:
    void countChanged();

protected:
    template <typename Row>
    ListModel(const Columns<Row>& columns, QObject* parent)
        : QAbstractListModel(parent) {
        for (const auto& c : columns)
            m_roles.append(c.role);
    }

    /// Shows `rows` instead of the rows shown so far; `columns` (the table the model was made with) reads
    /// them.
    template <typename Row> void show(std::vector<Row> rows, const Columns<Row>& columns) {
        auto held = std::make_shared<const std::vector<Row>>(std::move(rows));
        replace(static_cast<int>(held->size()), [held, &columns](int row, int column) {
            return columns[static_cast<std::size_t>(column)].read((*held)[static_cast<std::size_t>(row)]);
        });
    }

private:
    void replace(int count, std::function<QVariant(int row, int column)> read);

    QList<QByteArray> m_roles;
    int m_count = 0;
    std::function<QVariant(int row, int column)> m_read;
};

} // namespace countersign::qml
