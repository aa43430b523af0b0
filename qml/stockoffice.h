#pragma once

#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include "qml/officecontroller.h"
#include "qml/stocklists.h"

namespace countersign::qml {

/// The admin's key models and stock page: the levels by model (low under [stock] low_level), intake by
/// scanned serials (each refused serial named with its reason), a key written off with its reason, the key
/// models with their factory SO PIN file checked here, and a model set as `countersignctl stock model set`
/// sets it. Every query runs on the database thread through counter::Desk; the database checks the admin.
class StockOffice : public countersign::qml::OfficeController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int lowLevel READ lowLevel NOTIFY servicesChanged)
    Q_PROPERTY(countersign::qml::StockModel* levels READ levels CONSTANT)
    Q_PROPERTY(countersign::qml::StockKeysModel* keys READ keys CONSTANT)
    Q_PROPERTY(countersign::qml::KeyModelsModel* models READ models CONSTANT)
    Q_PROPERTY(countersign::qml::RefusedSerialsModel* refused READ refused CONSTANT)

public:
    explicit StockOffice(QObject* parent = nullptr)
        : OfficeController(parent, StartClears::Nothing) {}

    /// [stock] low_level: fewer keys of a model in stock show as low (0: never).
    int lowLevel() const;
    StockModel* levels() { return &m_levels; }
    /// The keys the centre holds (in stock, damaged), for the write-off.
    StockKeysModel* keys() { return &m_keys; }
    KeyModelsModel* models() { return &m_models; }
    /// The serials the last intake refused, with why.
    RefusedSerialsModel* refused() { return &m_refused; }

    /// A load() asked for before QML finished making this controller runs now.
    void componentComplete() override;

public Q_SLOTS:
    /// Reads the levels, the keys held and the key models again.
    void load();
    /// An admin receives blank keys: serials one per line (or scanned one after another); each refused serial
    /// is listed in `refused` with its reason, the others are received.
    void receive(const QString& model, const QString& serials, const QString& reference);
    /// An admin writes key `serial` off with its reason (required) and the write-off form's reference.
    void writeOff(const QString& serial, const QString& reason, const QString& reference);
    /// An admin sets a key model whole. `factorySoPinFile`: the absolute path of the file on this machine;
    /// empty: none. PIN lengths 0: no limit. `algorithms` of rsa2048, rsa3072, ec-p256; none: what the key
    /// offers.
    void setModel(const QString& name, const QString& manufacturer, const QString& factorySoPinFile,
                  int pinMin, int pinMax, const QStringList& algorithms);

Q_SIGNALS:
    /// A key was written off (the form can be cleared).
    void writtenOff(const QString& serial);
    /// A model was recorded.
    void modelSet(const QString& name);
    /// An intake received keys (the serials' box can be cleared).
    void received(int count);

private:
    /// Refuses (with the reason shown) unless an admin is logged in.
    bool adminOnly(const QString& refusal);

    bool m_loadWanted = false;
    // Children, so QML never takes them for its own; destroyed as members first.
    StockModel m_levels{this};
    StockKeysModel m_keys{this};
    KeyModelsModel m_models{this};
    RefusedSerialsModel m_refused{this};
};

} // namespace countersign::qml
