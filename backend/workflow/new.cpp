#include "backend/workflow/internal.h"

// NEW (证书新办): the assistance letter's checks, the blank key, the opening and the steps.
namespace countersign::workflow {

namespace {
/// The failed check of a letter another transaction holds: used up by a completed one, else in use.
Check letterTaken(const papers::AssistanceLetter& letter, const db::LetterHolder& holder) {
    if (holder.state == "completed")
        return makeCheck(
            "unused", false,
            Phrase(
                QT_TRANSLATE_NOOP("Reason", "Letter %1 of tax office %2 was already used by transaction %3."))
                .arg(letter.no)
                .arg(letter.office)
                .arg(holder.number));
    return makeCheck(
        "not_in_progress", false,
        Phrase(
            QT_TRANSLATE_NOOP("Reason", "this letter is already being used by transaction %1 at counter %2"))
            .arg(holder.number)
            .arg(holder.counterCode));
}
} // namespace

void Workflow::Impl::refuseIfLetterTaken(const NewChecked& c) {
    std::optional<db::LetterHolder> holder;
    try {
        pqxx::nontransaction tx{s.conn};
        holder = db::TransactionStore{tx}.assistanceLetterHolder(c.letter.office, c.letter.no);
    } catch (const std::exception&) {
        return; // the first error is the one to report
    }
    if (!holder)
        return;
    // The checks passed, and the letter was free when they ran: the holder took it since.
    std::vector<Check> checks = c.checks;
    const Check taken = letterTaken(c.letter, *holder);
    checks.erase(
        std::remove_if(checks.begin(), checks.end(), [&](const Check& k) { return k.id == taken.id; }),
        checks.end());
    checks.push_back(taken);
    refuse(c.kind, "the new certificate was refused: " + firstFailure(checks), checks,
           c.letter.office + "/" + c.letter.no);
}

NewChecked Workflow::Impl::checkNew(const NewRequest& r) {
    NewChecked out;
    out.kind = operationCode(Operation::New);
    std::vector<Check>& checks = out.checks;
    papers::AssistanceLetter& letter = out.letter;
    // The centre's day: a letter's dates are days in the centre's zone, not the machine's.
    const Date today = papers::centreToday(s.config.timeZone.toStdString());

    // The letter (DESIGN §3.2), against the signers and anchors the centre trusts.
    const auto consumedBy = [&](const std::string& office,
                                const std::string& no) -> std::optional<std::string> {
        pqxx::nontransaction tx{s.conn};
        return db::TransactionStore{tx}.assistanceLetterConsumedBy(office, no);
    };
    if (!r.handEntered) {
        std::vector<std::string> anchors;
        std::vector<papers::RegisteredSigner> signers;
        {
            pqxx::nontransaction tx{s.conn};
            for (const auto& signer : db::PartyStore{tx}.letterSigners()) {
                std::string b64 = signer.derBase64;
                b64.erase(std::remove(b64.begin(), b64.end(), '\n'), b64.end());
                std::string pem = "-----BEGIN CERTIFICATE-----\n";
                for (std::size_t i = 0; i < b64.size(); i += 64)
                    pem += b64.substr(i, 64) + "\n";
                pem += "-----END CERTIFICATE-----\n";
                if (signer.kind == "signer")
                    signers.push_back({pem, signer.office, signer.active});
                else if (signer.active)
                    anchors.push_back(pem);
            }
        }
        if (anchors.empty())
            refuse(
                operationCode(Operation::New), "no tax-authority trust anchor is configured",
                {makeCheck("configuration", false,
                           Phrase(QT_TRANSLATE_NOOP("Reason", "no tax-authority trust anchor is configured: "
                                                              "countersignctl letter trust add")))},
                {});
        const papers::AssistanceLetterVerifier verifier(
            anchors, signers,
            papers::LetterRules{s.config.letterMaxValidityDays, s.config.timeZone.toStdString()});
        out.jws = r.letterJws;
        const auto v = verifier.verify(out.jws, today, consumedBy);
        for (const auto& c : v.checks)
            checks.push_back(Check{c.id, c.passed, c.reason, c.why});
        if (v.letter)
            letter = *v.letter;
    } else {
        letter = *r.handEntered;
        add(checks, "hand_entry_approved", r.handEntryApprovedBy.has_value(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "a letter entered by hand needs a supervisor's approval")));
        const std::pair<const char*, const std::string*> fields[] = {
            {QT_TRANSLATE_NOOP("Reason", "letter number"), &letter.no},
            {QT_TRANSLATE_NOOP("Reason", "office code"), &letter.office},
            {QT_TRANSLATE_NOOP("Reason", "office name"), &letter.officeName},
            {QT_TRANSLATE_NOOP("Reason", "company name"), &letter.org},
            {QT_TRANSLATE_NOOP("Reason", "agent name"), &letter.agentName}};
        for (const auto& [name, value] : fields) {
            const Phrase problem =
                value->empty() ? Phrase(QT_TRANSLATE_NOOP("Reason", "is missing")) : textPhrase(*value, 200);
            if (!problem.empty())
                add(checks, "format", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 %2")).arg(Phrase(name)).arg(problem));
        }
        add(checks, "dates",
            letter.issued.isValid() && letter.expires.isValid() && letter.issued <= today &&
                today <= letter.expires,
            Phrase(QT_TRANSLATE_NOOP("Reason", "today is not within the letter's issued..expires dates")));
        add(checks, "business",
            std::find(letter.biz.begin(), letter.biz.end(), operationCode(Operation::New)) !=
                    letter.biz.end() ||
                letter.biz.empty(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the letter does not cover a new certificate (NEW)")));
        for (const auto& b : letter.biz) {
            if (!papers::isKnownBusiness(b))
                add(checks, "business", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's business \"%1\" is not an operation "
                                                       "this counter knows"))
                        .arg(b));
        }
        add(checks, "uscc", checkUscc(letter.uscc).ok(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the USCC fails its check (GB 32100-2015)")));
        overrideUscc(r, checks, "uscc");
        add(checks, "agent_id", checkResidentId(letter.agentIdNo, today).ok(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the agent's ID number fails its check (GB 11643-1999)")));
        // Only text is looked up: a number that is not (invalid UTF-8 …) was refused above already.
        if (allPassed(checks)) {
            const auto used = consumedBy(letter.office, letter.no);
            add(checks, "unused", !used,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter was already used by transaction %1"))
                    .arg(used.value_or("")));
        }
    }
    if (letter.uscc.size() == 18)
        letter.uscc = checkUscc(letter.uscc).ok() ? checkUscc(letter.uscc).normalised : letter.uscc;
    letter.agentIdNo = normalisedId(letter.agentIdNo);
    checkIdCard(r, letter.agentName, letter.agentIdNo, checks);
    add(checks, "org", !letter.org.empty() && QString::fromStdString(letter.org).size() <= 64,
        Phrase(QT_TRANSLATE_NOOP(
            "Reason", "the company name must be 1 to 64 characters, as much as a certificate can carry")));
    for (const auto* text : {&letter.org, &letter.agentName, &letter.officeName}) {
        const Phrase problem = textPhrase(*text, 200);
        if (!problem.empty())
            add(checks, "text", false, Phrase(QT_TRANSLATE_NOOP("Reason", "a letter field %1")).arg(problem));
    }
    // A letter an unfinished transaction holds is not free either (a completed one failed "unused" above).
    if (!letter.office.empty() && textProblem(letter.office, 200).empty() &&
        textProblem(letter.no, 200).empty()) {
        pqxx::nontransaction tx{s.conn};
        const auto holder = db::TransactionStore{tx}.assistanceLetterHolder(letter.office, letter.no);
        if (holder && holder->state != "completed")
            checks.push_back(letterTaken(letter, *holder));
    }

    // The blank key.
    std::string& keySerial = out.keySerial;
    keySerial = r.keySerial;
    std::optional<FittedKey> blank;
    try {
        std::vector<token::TokenInfo> blanks;
        for (auto& k : s.keys.keys(false))
            if (k.blank() && (r.keySerial.empty() || k.serial == r.keySerial))
                blanks.push_back(k);
        if (blanks.size() == 1) {
            keySerial = blanks[0].serial;
            blank = withModel(blanks[0]);
        }
        add(checks, "blank_key", blanks.size() == 1,
            !blanks.empty()
                ? Phrase(QT_TRANSLATE_NOOP(
                      "Reason", "there are several blank keys in the writer: name the one to issue"))
            : r.keySerial.empty()
                ? Phrase(QT_TRANSLATE_NOOP("Reason", "there is no blank key in the writer"))
                : Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not a blank key in the writer"))
                      .arg(r.keySerial));
    } catch (const TokenError& e) {
        add(checks, "blank_key", false, phraseOf(e));
    }
    // What the key can do, before anything on it changes: the profile's algorithm, the PIN's length.
    if (blank)
        out.algorithm = chooseAlgorithm(*blank, r.algorithm, std::nullopt, checks);
    if (!r.preview)
        checkNewPin(r.newPin, letter.agentIdNo, checks, blank ? &*blank : nullptr);
    overrideUscc(r, checks, "uscc");
    out.usccOverridden = r.usccOverrideApprovedBy.has_value() && !checkUscc(letter.uscc).ok();
    checkEvidence(operationCode(Operation::New), r, checks);

    if (allPassed(checks)) {
        pqxx::nontransaction tx{s.conn};
        out.conditions.firstCertificate = !db::PartyStore{tx}.hasCertificateHistory(letter.uscc);
    }
    out.quote = checkFee(operationCode(Operation::New), out.conditions, r, checks);
    if (!allPassed(checks))
        refuse(operationCode(Operation::New), "the new certificate was refused: " + firstFailure(checks),
               checks, letter.office.empty() ? letter.uscc : letter.office + "/" + letter.no);
    out.company = letter.org;
    out.uscc = letter.uscc;
    out.agentName = letter.agentName;
    out.agentIdNo = letter.agentIdNo;
    out.authoritative = true;
    out.papers.letterNo = letter.no;
    out.papers.officeCode = letter.office;
    out.papers.officeName = letter.officeName;
    out.papers.letterValidUntil = letter.expires.isValid() ? letter.expires.iso() : std::string();
    return out;
}

Outcome Workflow::runNew(NewRequest r) {
    const Impl::Acting acting(*d, r.operatorSession);
    auto& s = d->s;
    const NewChecked c = d->checkNew(r);
    if (r.preview)
        return Impl::checked(c);
    const papers::AssistanceLetter& letter = c.letter;

    QJsonObject work{{QStringLiteral("key_serial"), QString::fromStdString(c.keySerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(*c.algorithm))}};
    const auto fill = [&](pqxx::work& tx, long long txId) {
        db::PapersRecord papers;
        papers.named = d->named(tx, r, txId, c);
        QJsonArray biz;
        for (const auto& b : letter.biz)
            biz.append(QString::fromStdString(b));
        db::AssistanceLetterRecord l;
        l.officeCode = letter.office;
        l.officeName = letter.officeName;
        l.letterNo = letter.no;
        l.orgName = letter.org;
        l.uscc = letter.uscc;
        l.agentName = letter.agentName;
        l.agentIdNumber = letter.agentIdNo;
        l.biz = letter.biz.empty() ? std::vector<std::string>{operationCode(Operation::New)} : letter.biz;
        l.validFrom = letter.issued.iso();
        l.validTo = letter.expires.iso();
        l.entryMode = r.handEntered ? "hand_entered" : "qr";
        l.jws = c.jws;
        l.payloadJson = json({{QStringLiteral("no"), QString::fromStdString(letter.no)},
                              {QStringLiteral("office"), QString::fromStdString(letter.office)},
                              {QStringLiteral("uscc"), QString::fromStdString(letter.uscc)},
                              {QStringLiteral("org"), QString::fromStdString(letter.org)},
                              {QStringLiteral("biz"), biz}});
        if (r.handEntered) {
            // The supervisor approves exactly these fields: the database uses the approval once, for a letter
            // with them (0021_papers_records.sql).
            approvals::ApprovalRequest request{approvals::ApprovalKind::HandEnteredLetter,
                                               r.operatorId,
                                               s.counterId,
                                               txId,
                                               letter.office + "/" + letter.no,
                                               "assistance letter QR unreadable, entered by hand",
                                               "{}"};
            request.approves = approvals::subjectText(approvals::ApprovalKind::HandEnteredLetter,
                                                      db::handEntryApprovalParts(l));
            l.entryApprovalId = approvals::recordApproval(tx, request, *r.handEntryApprovedBy);
        }
        // The move to papers_checked takes the letter: the database refuses it when another transaction
        // holds it (0012), and the opening is rolled back whole.
        papers.assistanceLetter = l;
        return papers;
    };
    TxRow t;
    try {
        t = d->open(c, r, work, fill);
    } catch (const pqxx::unique_violation&) {
        d->refuseIfLetterTaken(c);
        throw;
    }
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
