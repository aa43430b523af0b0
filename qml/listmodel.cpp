#include "qml/listmodel.h"

namespace countersign::qml {

int ListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_count;
}

QHash<int, QByteArray> ListModel::roleNames() const {
    QHash<int, QByteArray> names;
    for (int i = 0; i < m_roles.size(); ++i)
        names.insert(Qt::UserRole + 1 + i, m_roles.at(i));
    return names;
}

QVariant ListModel::data(const QModelIndex& index, int role) const {
    const int column = role - Qt::UserRole - 1;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        column < 0 || column >= m_roles.size())
        return {};
    return m_read(index.row(), column);
}

void ListModel::clear() {
    replace(0, {});
}

void ListModel::replace(int count, std::function<QVariant(int row, int column)> read) {
    const bool counted = count != m_count;
    beginResetModel();
    m_count = count;
    m_read = std::move(read);
    endResetModel();
    if (counted)
        Q_EMIT countChanged();
}

} // namespace countersign::qml
