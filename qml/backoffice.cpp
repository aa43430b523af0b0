#include "qml/backoffice.h"

namespace countersign::qml {

void BackOffice::loadRefunds() {
    runJob<std::vector<fees::RefundToReview>>(
        [](counter::Desk& desk, long long counter) { return desk.refundsToReview(counter); },
        [this](const std::vector<fees::RefundToReview>& list) { m_refunds.setRows(list); });
}

void BackOffice::reviewRefunds() {
    if (!session() || !session()->isSupervisor()) {
        m_error = tr("Only a supervisor reviews the refunds recovery made.");
        Q_EMIT changed();
        return;
    }
    const auth::StaffIdentity supervisor = session()->staff();
    const auth::SessionToken token = session()->token();
    runJob<int>(
        [supervisor, token](counter::Desk& desk, long long counter) {
            return desk.reviewRefunds(counter, supervisor, token);
        },
        [this](int n) {
            m_message = tr("%n refund(s) reviewed.", "", n);
            m_refunds.clear();
        });
}

void BackOffice::loadStaff() {
    runJob<std::vector<db::StaffMember>>(
        [](counter::Desk& desk, long long counter) { return desk.staff(counter); },
        [this](const std::vector<db::StaffMember>& list) { m_staff.setRows(list); });
}

} // namespace countersign::qml
