#include "qml/stockoffice.h"

#include <QRegularExpression>

namespace countersign::qml {

namespace {

/// What one load shows.
struct StockView {
    std::vector<stock::StockLevel> levels;
    std::vector<stock::StockKey> keys;
    std::vector<counter::KeyModelRow> models;
};

} // namespace

int StockOffice::lowLevel() const {
    return workstation() ? workstation()->config().stockLowLevel : 0;
}

bool StockOffice::adminOnly(const QString& refusal) {
    if (session() && session()->isAdmin())
        return true;
    m_error = refusal;
    m_message.clear();
    Q_EMIT changed();
    return false;
}

void StockOffice::componentComplete() {
    OfficeController::componentComplete();
    if (m_loadWanted)
        load();
}

void StockOffice::load() {
    // The back office may open on this page while QML is still making it: load once the services are found.
    m_loadWanted = !workstation();
    if (m_loadWanted)
        return;
    const int low = lowLevel();
    runJob<StockView>(
        [low](counter::Desk& desk, long long counter) {
            StockView view;
            view.levels = desk.stockLevels(counter, low);
            view.keys = desk.stockKeys(counter, {});
            view.models = desk.keyModels();
            return view;
        },
        [this](const StockView& view) {
            m_levels.setRows(view.levels);
            m_keys.setRows(view.keys);
            m_models.setRows(view.models);
        });
}

void StockOffice::receive(const QString& model, const QString& serials, const QString& reference) {
    if (!adminOnly(tr("Only an admin receives keys into stock.")))
        return;
    std::vector<std::string> list;
    for (const QString& s : serials.split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts))
        list.push_back(s.trimmed().toStdString());
    m_error.clear();
    m_message.clear();
    Q_EMIT changed();
    if (model.trimmed().isEmpty() || list.empty()) {
        m_error = tr("Enter the key model and at least one serial.");
        Q_EMIT changed();
        return;
    }
    const auth::StaffIdentity admin = session()->staff();
    const auth::SessionToken token = session()->token();
    const std::string m = model.trimmed().toStdString(), ref = reference.trimmed().toStdString();
    runJob<counter::StockIntake>(
        [admin, token, m, ref, list](counter::Desk& desk, long long counter) {
            return desk.receiveStock(counter, admin, token, m, list, ref);
        },
        [this](const counter::StockIntake& r) {
            m_refused.setRows(r.refusedSerials);
            if (r.count > 0)
                m_message = tr("%n key(s) received into stock.", "", r.count);
            if (!r.refusedSerials.empty())
                m_error = tr("%n serial(s) refused; see the list below.", "", int(r.refusedSerials.size()));
            else if (!r.refused.empty())
                m_error = QString::fromStdString(r.refused);
            if (r.count > 0) {
                Q_EMIT received(r.count);
                load();
            }
        });
}

void StockOffice::writeOff(const QString& serial, const QString& reason, const QString& reference) {
    if (!adminOnly(tr("Only an admin writes keys off.")))
        return;
    m_error.clear();
    m_message.clear();
    Q_EMIT changed();
    if (serial.trimmed().isEmpty() || reason.trimmed().isEmpty()) {
        m_error = tr("Enter the key's serial and why it is written off.");
        Q_EMIT changed();
        return;
    }
    const auth::StaffIdentity admin = session()->staff();
    const auth::SessionToken token = session()->token();
    const QString key = serial.trimmed();
    const std::string s = key.toStdString(), why = reason.trimmed().toStdString(),
                      ref = reference.trimmed().toStdString();
    runJob<std::string>(
        [admin, token, s, why, ref](counter::Desk& desk, long long counter) {
            return desk.writeOffKey(counter, admin, token, s, why, ref);
        },
        [this, key](const std::string& refused) {
            if (!refused.empty()) {
                m_error = QString::fromStdString(refused);
                return;
            }
            m_message = tr("Key %1 written off.").arg(key);
            Q_EMIT writtenOff(key);
            load();
        });
}

void StockOffice::setModel(const QString& name, const QString& manufacturer, const QString& factorySoPinFile,
                           int pinMin, int pinMax, const QStringList& algorithms) {
    if (!adminOnly(tr("Only an admin sets key models.")))
        return;
    m_error.clear();
    m_message.clear();
    Q_EMIT changed();
    if (name.trimmed().isEmpty()) {
        m_error = tr("Enter the model's name as the key reports it.");
        Q_EMIT changed();
        return;
    }
    db::KeyModel model;
    model.name = name.trimmed().toStdString();
    model.manufacturer = manufacturer.trimmed().toStdString();
    model.factorySoPinFile = factorySoPinFile.trimmed().toStdString();
    model.pinMin = pinMin;
    model.pinMax = pinMax;
    for (const QString& a : algorithms)
        model.algorithms.push_back(a.toStdString());
    const auth::StaffIdentity admin = session()->staff();
    const auth::SessionToken token = session()->token();
    const QString shown = name.trimmed();
    runJob<std::string>(
        [admin, token, model](counter::Desk& desk, long long counter) {
            return desk.setKeyModel(counter, admin, token, model);
        },
        [this, shown](const std::string& refused) {
            if (!refused.empty()) {
                m_error = QString::fromStdString(refused);
                return;
            }
            m_message = tr("Key model %1 recorded.").arg(shown);
            Q_EMIT modelSet(shown);
            load();
        });
}

} // namespace countersign::qml
