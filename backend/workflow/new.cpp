#include "backend/workflow/internal.h"

// NEW (证书新办): the assistance letter's checks, the blank key, the opening and the steps.
namespace countersign::workflow {

Outcome Workflow::runNew(NewRequest r) {
    auto& s = d->s;
    std::vector<Check> checks;
    papers::AssistanceLetter letter;
    std::string jws;
    std::optional<long long> signerId;
    const Date today = Date::today();

    // The letter (DESIGN §3.2), against the signers and anchors the centre trusts.
    const auto consumedBy = [&](const std::string& office,
                                const std::string& no) -> std::optional<std::string> {
        pqxx::nontransaction tx{s.conn};
        const auto row = db::execPrepared(
            tx,
            "SELECT t.number FROM letters l JOIN transactions t ON t.id = l.consumed_by_transaction_id "
            "WHERE l.kind = 'assistance' AND l.office_code = $1 AND l.letter_no = $2",
            office, no);
        if (row.empty())
            return std::nullopt;
        return std::string(row[0][0].c_str());
    };
    if (!r.handEntered) {
        std::vector<std::string> anchors, signers;
        {
            pqxx::nontransaction tx{s.conn};
            for (const auto& row :
                 tx.exec("SELECT kind, encode(der, 'base64') FROM letter_signers WHERE active")) {
                std::string b64 = row[1].c_str();
                b64.erase(std::remove(b64.begin(), b64.end(), '\n'), b64.end());
                std::string pem = "-----BEGIN CERTIFICATE-----\n";
                for (std::size_t i = 0; i < b64.size(); i += 64)
                    pem += b64.substr(i, 64) + "\n";
                pem += "-----END CERTIFICATE-----\n";
                (std::string(row[0].c_str()) == "trust_anchor" ? anchors : signers).push_back(pem);
            }
        }
        if (anchors.empty())
            d->refuse(
                r.operatorId, "NEW", "no tax-authority trust anchor is configured",
                {makeCheck("configuration", false,
                           Phrase(QT_TRANSLATE_NOOP("Reason", "no tax-authority trust anchor is configured: "
                                                              "countersignctl letter trust add")))},
                {});
        const papers::AssistanceLetterVerifier verifier(anchors, signers);
        jws = r.letterJws;
        const auto v = verifier.verify(jws, today, consumedBy);
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
            std::find(letter.biz.begin(), letter.biz.end(), "NEW") != letter.biz.end() || letter.biz.empty(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the letter does not cover a new certificate (NEW)")));
        add(checks, "uscc", checkUscc(letter.uscc).ok(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the USCC fails its check (GB 32100-2015)")));
        d->overrideUscc(r, checks, "uscc");
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
    add(checks, "org", !letter.org.empty() && QString::fromStdString(letter.org).size() <= 64,
        Phrase(QT_TRANSLATE_NOOP(
            "Reason", "the company name must be 1 to 64 characters, as much as a certificate can carry")));
    for (const auto* text : {&letter.org, &letter.agentName, &letter.officeName}) {
        const Phrase problem = textPhrase(*text, 200);
        if (!problem.empty())
            add(checks, "text", false, Phrase(QT_TRANSLATE_NOOP("Reason", "a letter field %1")).arg(problem));
    }
    // A letter already held by an unfinished transaction is not free either.
    if (!letter.office.empty() && textProblem(letter.office, 200).empty() &&
        textProblem(letter.no, 200).empty()) {
        pqxx::nontransaction tx{s.conn};
        const auto held =
            db::execPrepared(tx,
                             "SELECT t.number FROM letters l JOIN transactions t ON t.letter_id = l.id "
                             "WHERE l.kind = 'assistance' AND l.office_code = $1 AND l.letter_no = $2 "
                             "AND t.state NOT IN ('completed', 'failed', 'compensated')",
                             letter.office, letter.no);
        if (!held.empty())
            add(checks, "not_in_progress", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter is in use by unfinished transaction %1"))
                    .arg(held[0][0].c_str()));
    }

    // The blank key.
    std::string keySerial = r.keySerial;
    try {
        std::vector<token::TokenInfo> blanks;
        for (auto& k : s.keys.keys(false))
            if (k.blank() && (r.keySerial.empty() || k.serial == r.keySerial))
                blanks.push_back(k);
        if (blanks.size() == 1)
            keySerial = blanks[0].serial;
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
    if (!r.preview)
        d->checkNewPin(r.newPin, letter.agentIdNo, checks);
    d->overrideUscc(r, checks, "uscc");
    const bool usccOverridden = r.usccOverrideApprovedBy.has_value() && !checkUscc(letter.uscc).ok();
    d->checkEvidence(r, checks);

    fees::FeeConditions conditions;
    if (allPassed(checks)) {
        pqxx::nontransaction tx{s.conn};
        conditions.firstCertificate =
            db::execPrepared(tx,
                             "SELECT 1 FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "
                             "WHERE e.uscc = $1 AND (c.status IN ('active', 'superseded') OR "
                             "(c.status = 'revoked' AND c.revocation_reason <> 'cessationOfOperation'))",
                             letter.uscc)
                .empty();
    }
    const auto quote = d->checkFee("NEW", conditions, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, "NEW", "the new certificate was refused: " + firstFailure(checks), checks,
                  letter.office.empty() ? letter.uscc : letter.office + "/" + letter.no);
    if (r.preview)
        return Impl::checked("NEW", checks, quote, keySerial, letter.org, letter.uscc, letter.agentName,
                             letter.agentIdNo);

    QJsonObject work{{QStringLiteral("key_serial"), q(keySerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(r.algorithm))}};
    TxRow t = d->open(
        "NEW", r, work, checks,
        [&](pqxx::work& tx, long long txId) {
            const auto [enterprise, agent] =
                d->recordNamed(tx, r, txId, usccOverridden, letter.uscc, letter.org, true, letter.agentIdNo,
                               letter.agentName, {});
            std::optional<long long> approval;
            if (r.handEntered)
                approval =
                    approvals::recordApproval(tx,
                                              {approvals::ApprovalKind::HandEnteredLetter, r.operatorId,
                                               s.counterId, txId, letter.office + "/" + letter.no,
                                               "assistance letter QR unreadable, entered by hand", "{}"},
                                              *r.handEntryApprovedBy);
            QJsonArray biz;
            for (const auto& b : letter.biz)
                biz.append(q(b));
            const auto existing =
                db::execPrepared(tx,
                                 "SELECT id FROM letters WHERE kind = 'assistance' AND office_code = $1 "
                                 "AND letter_no = $2 AND consumed_by_transaction_id IS NULL FOR UPDATE",
                                 letter.office, letter.no);
            long long letterId = 0;
            if (!existing.empty()) {
                letterId = existing[0][0].as<long long>();
            } else {
                std::string bizArray = "{";
                for (std::size_t i = 0; i < letter.biz.size(); ++i)
                    bizArray += (i ? "," : "") + letter.biz[i];
                bizArray += letter.biz.empty() ? "NEW}" : "}";
                letterId =
                    db::execPrepared1(
                        tx,
                        "INSERT INTO letters (kind, office_code, office_name, letter_no, org_name, uscc, "
                        "agent_name, "
                        "agent_id_number, biz, valid_from, valid_to, entry_mode, jws, payload, signer_id, "
                        "enterprise_id, agent_id, registered_by, entry_approval_id) VALUES ('assistance', "
                        "$1, "
                        "$2, $3, "
                        "$4, $5, $6, $7, $8::text[], $9::date, $10::date, $11, nullif($12, ''), "
                        "$13::jsonb, "
                        "$14, $15, "
                        "$16, $17, $18) RETURNING id",
                        letter.office, letter.officeName, letter.no, letter.org, letter.uscc,
                        letter.agentName, letter.agentIdNo, bizArray, letter.issued.iso(),
                        letter.expires.iso(), r.handEntered ? "hand_entered" : "qr", jws,
                        json({{QStringLiteral("no"), q(letter.no)},
                              {QStringLiteral("office"), q(letter.office)},
                              {QStringLiteral("uscc"), q(letter.uscc)},
                              {QStringLiteral("org"), q(letter.org)},
                              {QStringLiteral("biz"), biz}}),
                        signerId, enterprise, agent, r.operatorId, approval)[0]
                        .as<long long>();
            }
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.agentId = agent;
            p.letterId = letterId;
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) {
            d->recordFee(tx, row, conditions, r, std::nullopt, std::nullopt);
        });
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
