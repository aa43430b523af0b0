#pragma once

#include <QByteArray>

#include "db/reportdata.h"

// The reports on paper: A4 PDFs in Chinese with the kiosk's charts (transactions by operation as bars, money
// by payment method as a pie) drawn with QPainter, and the tables. Need a QGuiApplication (the offscreen
// platform is enough) and a CJK font (printing/cjkfont). Safe on any thread that may use QPainter on a
// QPdfWriter (not only the GUI thread). Throw std::runtime_error when no PDF could be made.
namespace countersign::printing {

QByteArray dailyReportPdf(const reports::DailyReport& report);
QByteArray rangeReportPdf(const reports::RangeReport& report);
QByteArray centresReportPdf(const reports::CentresReport& report);
QByteArray expiringReportPdf(const reports::ExpiringReport& report);

} // namespace countersign::printing
