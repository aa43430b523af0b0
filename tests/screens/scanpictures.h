#pragma once

#include <QString>

namespace countersign::test {

/// Pictures of the agent's papers as a document scanner saves them (issue 22, scans), for the screenshot walk
/// and the UI tests: `what` is letter (an authorization letter's page), id_front (an ID card's portrait side)
/// or id_back (its national emblem side). Written to `folder` under a new name; returns the path.
QString writeScanPicture(const QString& folder, const QString& what);

} // namespace countersign::test
