#include "qml/backoffice.h"

namespace countersign::qml {

template <typename R, typename Job, typename Done> void BackOffice::runJob(Job job, Done done) {
    Workstation* w = workstation();
    if (!w || !w->ready()) {
        m_error = tr("This counter is not ready.");
        Q_EMIT changed();
        return;
    }
    m_busy = true;
    Q_EMIT busyChanged();
    m_error.clear();
    m_message.clear();
    const long long counter = w->counterId();
    w->database()->run<R>(
        this, [job, counter](counter::Desk& desk) { return job(desk, counter); },
        [this, done](const counter::Outcome<R>& out) {
            m_busy = false;
            Q_EMIT busyChanged();
            if (!out.ok())
                m_error = out.connectionLost ? tr("The database cannot be reached; nothing was changed.")
                                             : QString::fromStdString(out.error);
            else
                done(*out.value);
            Q_EMIT changed();
        });
}

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
