#pragma once

#include <QString>

namespace countersign::qml {

/// DEMO ONLY, and the screenshot walk's and UI tests' papers: a picture of one of the agent's papers as a
/// document scanner saves it — `what` is letter (an authorization letter's page), id_front (an ID card's
/// portrait side, with `agentName` and `agentIdNo`) or id_back (its national emblem side). Written to
/// `folder` under a new name (QImage and QPainter only: safe off the GUI thread); returns the path. Throws
/// std::runtime_error when it can't be written.
QString writePaperPicture(const QString& folder, const QString& what, const QString& agentName,
                          const QString& agentIdNo);

} // namespace countersign::qml
