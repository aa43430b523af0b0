#pragma once

#include <vector>

#include <QString>

#include "db/reportdata.h"
#include "printing/reportdocument.h"

// The report PDFs' charts: the same two the kiosk shows — transactions as stacked bars by how they ended,
// money as a pie by payment method. Only printing/report*.cpp include it.
namespace countersign::printing::reportpdf {

struct Bar {
    QString label;
    reports::Counts counts;
};

/// The bar chart over `bars` (titled `barTitle`) beside the pie of `f`'s payments by method, under the
/// cursor.
void charts(Document& doc, const std::vector<Bar>& bars, const QString& barTitle, const reports::Figures& f);

} // namespace countersign::printing::reportpdf
