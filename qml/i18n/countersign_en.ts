<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Supervisor approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor&apos;s username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor&apos;s password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthorizationForm</name>
    <message>
        <source>Company name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC or taxpayer ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter dated (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid from (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter ticks “USBKEY replacement” (补办)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter ticks “USBKEY unlock” (解锁)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I saw the company seal on the letter and it matches the company name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackOfficeScreen</name>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No refund waits for a review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees refunded by recovery, waiting for your review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have reviewed these refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee schedules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter signers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckGroups</name>
    <message>
        <source>The letter is genuine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter is valid for this business today and unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company&apos;s and the agent&apos;s identifiers are valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key and its certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter and fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckList</name>
    <message>
        <source>The letter can be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature algorithm is accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer certificate is known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer is trusted by the tax authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer certificate was valid on the issue date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature is genuine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter is valid today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter covers a new certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company USCC is valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s ID number is valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter has not been used before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand-entered letter approved by a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company name is given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text fields are acceptable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company and agent are named</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company ID is valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company name is acceptable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s mobile number is valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization is valid today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization covers this business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company matches the certificate on the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company seal confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter is configured for this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No other transaction is open for this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One blank key is in the writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key is in the writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key holds this company&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal is open for this certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate is not too long expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate is due for an upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key PIN is correct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New PIN follows the rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old key is on record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key writer is working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key&apos;s administrator PIN is not locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee is known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment is recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invoice details are complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee waiver applies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Damage without fault attested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee waiver approved by a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund approved by a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scans are acceptable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checks yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All checks passed (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 checks failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter format is accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer is registered for this tax office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer certificate is valid today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter&apos;s validity period is acceptable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key&apos;s certificate is from a trusted CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key&apos;s certificate is the one on record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key holds the certificate&apos;s private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key can hold the key pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor confirmed the administrator PIN&apos;s last try</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key&apos;s administrator PIN is one this counter sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s ID card matches the letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required scans are attached</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChecksStep</name>
    <message>
        <source>All checks passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the papers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue to the fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue to the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee due: ¥%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some real codes fail the check. If the business licence shows exactly this code, a supervisor can confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor confirms the code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unified social credit code fails its check digit; confirm it against the business licence.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DailyReport</name>
    <message>
        <source>New certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Day before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day after ›</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed by %1 at %2: cash counted %3, expected %4, difference %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed or undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waivers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys from stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions by operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees by payment method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s), %1</source>
        <translation>
            <numerusform>%n payment, %1</numerusform>
            <numerusform>%n payments, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Key stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 in stock, %3 damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DayClose</name>
    <message>
        <source>New certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the cash counted in the drawer, in yuan (for example 78.00).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign with your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day close for %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the figures again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2  %3, counter %4, %5, since %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed or undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waivers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys from stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash expected in the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash counted (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 78.00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by %1 with the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash counted %1, expected %2. Once closed, no transaction, payment or receipt of this day can be changed, and the day&apos;s report is frozen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees taken</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionCard</name>
    <message>
        <source>Key replacement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ matches the letter&apos;s agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✕ does not match the letter&apos;s agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tax office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blank key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the blank key in the writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new key pair %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>DEMO MODE — demo keys and letters only; no certificate issued here is valid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <source>Close demo controls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo controls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handed to the open NEW as if scanned. The agent&apos;s ID card to type or scan there: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NEW is open: open NEW and scan this code, or open it from the scanner folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO controls — not part of a real counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 key(s) in the writer, %2 blank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert a fresh blank key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-insert the last key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock a key&apos;s PIN (6 wrong PINs), to try UNLOCK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key with a PIN is in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue a DEMO assistance letter (NEW)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization letter (REPLACE, UNLOCK): type these</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ID card&apos;s pictures are in the scanner folder and its number went to the open operation as if read by the ID reader.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ID card&apos;s pictures are in the scanner folder; open an operation to take them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the authorization letter and the agent&apos;s ID card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the agent&apos;s ID card</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoneStep</name>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate is on the key and verified. Hand the key to the agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is unlocked with the new PIN. Hand the key to the agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing the receipt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transaction is complete; only the paper receipt is missing. Fix the printer, then retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This receipt is void; it prints marked 作废 / VOID.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeeStep</name>
    <message>
        <source>Fee and payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue to the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeeWords</name>
    <message>
        <source>New certificate: no fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate renewal: no fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate upgrade: no fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USB-KEY media fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waived: the key failed without human damage, exterior intact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USB-KEY unlock: no fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First certificate, subsidised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Further certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annual service fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement certificate incl. USB-KEY</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeesPage</name>
    <message>
        <source>in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>past</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>further certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damage waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee schedules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 version %2 (%3), from %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New version of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It takes over from the version before it on its start date (after today); once in force it is never changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval: another admin or a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approver&apos;s username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approver&apos;s password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandLetterForm</name>
    <message>
        <source>Letter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tax office code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tax office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC (unified social credit code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking for unfinished transactions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfinished transactions could not be recovered: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n unfinished transaction(s) were finished or undone; refunds await the supervisor&apos;s review.</source>
        <translation>
            <numerusform>%n unfinished transaction was finished or undone; refunds await the supervisor&apos;s review.</numerusform>
            <numerusform>%n unfinished transactions were finished or undone; refunds await the supervisor&apos;s review.</numerusform>
        </translation>
    </message>
    <message>
        <source>New certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached: no operation can start until it is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past transactions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdCardField</name>
    <message>
        <source>Agent&apos;s ID card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization letter&apos;s agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shown once the letter is scanned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typed from the letter above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Matches the letter: compare the name and photo on the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✕ Not the letter&apos;s agent: the agent named on the letter must come in person</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Screen locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) is logged in. Enter the password to go on where you left off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging out gives up the work on screen.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InvoiceForm</name>
    <message>
        <source>The buyer wants an invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise buyer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individual buyer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buyer name (invoice title)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxpayer ID (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxpayer ID (USCC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address and phone (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank and account (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to: e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or mobile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyPicker</name>
    <message>
        <source>Put the enterprise&apos;s key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate valid until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SO PIN locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN locked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyStep</name>
    <message>
        <source>Working on the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent sets the new PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent types the key&apos;s PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the key in the writer until this is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn the PIN pad to the agent. The PIN is typed twice; the rules show as they type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn the PIN pad to the agent. A wrong PIN counts towards locking the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One more wrong PIN locks this key. The agent is sure of the PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the old key&apos;s certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initialise the key and set the PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock the key and set the new PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate the key pair on the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request the certificate from the CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the certificate to the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the transaction and the receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was pulled out. Insert the key again, then continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The work stopped; nothing is lost. Continue when ready, or give it up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give up and refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give up transaction %1 and refund its fee.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction %1 was given up: its certificate revoked, its fee refunded, the new key wiped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the key in the writer until this is done. Key pair: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>This workstation has no centre and counter configured. Set [workstation] centre and counter in the configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter %1 is not registered in the database. An admin registers it with “countersignctl counter add”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached. The counter keeps trying by itself; you can also try again now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database was upgraded by a newer Countersign. Install the same version on this counter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not be prepared for this version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration file cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA Certificate Service Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation&apos;s database login does not belong to the counter it is configured as (%1). An admin binds each counter&apos;s login with “setup.sh counter-role”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password was reset by an admin. Choose a new password of at least 8 characters to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the new password and log in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Countersign counter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperationFlow</name>
    <message>
        <source>New certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Papers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PapersStep</name>
    <message>
        <source>Scan the assistance letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The enterprise&apos;s authorization letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The enterprise&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the QR code on the tax office&apos;s assistance letter (证书协办函) with the scanner, or open the scanned image. Put a blank key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the business licence QR to fill the USCC, type the rest from the letter, and confirm the seal. Put a blank key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the business licence QR to fill the USCC, type the rest from the letter, and confirm the seal. The locked key stays in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key stays in the writer. The agent will type its PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC taken from the business licence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanned code is not one this step takes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter read from the image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QR code could be read from the image: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A letter has been scanned (%1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the scanner…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open scanned image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR unreadable: enter by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand entry approved by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A letter typed by hand needs a supervisor&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor approval…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assistance letter&apos;s QR code cannot be read; the operator typed it from the paper.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The old key is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged (handed in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I attest the key failed without human damage and its exterior is intact (media fee waived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waive the media fee for a key that failed without human damage, exterior intact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiver approved by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The waiver needs a supervisor&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A blank key is in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put a blank key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several blank keys are in the writer: leave only one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanned images (newest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanner folder is configured ([scanner] folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No images in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial of the lost key (only when the enterprise has several)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter scanned: now scan or type the agent&apos;s ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s ID card scanned.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentLines</name>
    <message>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over-paid: ¥%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remaining: ¥%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the payment slip or the phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a payment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>At least %1 digits needed (%2 so far).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It can&apos;t be one digit repeated, like 111111.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It can&apos;t be ascending digits, like 123456.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It can&apos;t be descending digits, like 654321.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It can&apos;t be the agent&apos;s birth date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two PINs differ. Clear and enter the PIN again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the same PIN again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two PINs match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a new PIN of %1 to %2 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PIN can be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 digits entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2 digits; not one digit repeated; not ascending or descending; not the agent&apos;s birth date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the new PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>Wrong PIN. One try is left: one more wrong PIN locks the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN. Please enter it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN is locked. The key can be unlocked at the counter with an authorization letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only one try is left and a wrong PIN locks the key. The holder must confirm first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key&apos;s SO PIN is locked, so it can&apos;t be unlocked. Replace the key instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key refused the SO PIN: it may not have been issued by this system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was removed. Insert it again to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key found in the writer. Please insert the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More than one key is inserted. Leave only the key being served.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is not recognised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is write-protected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key has no space left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The writer&apos;s driver (PKCS#11 module) can&apos;t be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key has not been initialised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key has no PIN yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new PIN does not meet the PIN rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key pair or certificate was not found on the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key does not support this algorithm or operation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key&apos;s self-test failed: its signature does not verify with the written certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data given can&apos;t be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SO PIN master secret is unavailable or unsafe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key&apos;s SO PIN has one try left and a failure locks the key for good. A supervisor must confirm first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key operation failed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN needs at least %1 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN may have at most %1 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN may contain digits only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN can&apos;t be one digit repeated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN can&apos;t be ascending digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN can&apos;t be descending digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN can&apos;t be the agent&apos;s birth date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header&apos;s &quot;x5t#S256&quot; is not text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header&apos;s &quot;x5c&quot; is not a list of base64 certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent&apos;s &quot;%1&quot; is missing or empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is missing or empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date (YYYY-MM-DD): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s version (&quot;ver&quot;) is not 1, the only version this counter reads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;agent&quot; is missing or not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;biz&quot; is missing or not a list of texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signer&apos;s certificate holds no readable public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter says ES256 but the signer&apos;s key is not an EC P-256 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an ES256 signature must be 64 bytes, this one is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter says RS256 but the signer&apos;s key is not an RSA key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signer&apos;s RSA key has only %1 bits; RS256 letters need a key of at least %2 bits (RFC 7518 §3.3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature does not match the letter: it was changed after signing, or signed with another key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s text is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a signed assistance letter (expected three parts separated by dots, found %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s header is not base64url-encoded JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s contents are not base64url-encoded JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s signature is missing or not base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter reads as a signed assistance letter, version 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter can&apos;t be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s header could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s contents could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter is signed with &quot;%1&quot;; only ES256 and RS256 are accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s type is &quot;%1&quot;, not &quot;CSAL&quot; (an assistance letter).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed with %1, an accepted algorithm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate in the letter&apos;s &quot;x5c&quot; can&apos;t be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s &quot;x5t#S256&quot; thumbprint does not match the signer certificate it carries in &quot;x5c&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter names no signer: it has neither &quot;x5t#S256&quot; nor &quot;x5c&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tax-authority trust anchor is configured, so no signer can be trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate chains to a configured tax-authority trust anchor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate does not chain to a configured tax-authority trust anchor (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter carries no readable signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signing algorithm is not accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature matches the letter and the signer&apos;s key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature fails: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter expires (%1) before it was issued (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter is not valid yet: it is valid from %1 to %2, today is %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter has expired: it was valid from %1 to %2, today is %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter is valid from %1 to %2, which includes today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter allows issuing a new certificate (NEW).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter does not allow issuing a new certificate: its business list lacks &quot;NEW&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no register of used letters was given, so reuse can&apos;t be ruled out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter %1 of tax office %2 was already used by transaction %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter %1 of tax office %2 has not been used before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter must name the company and the agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>company ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent&apos;s ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent&apos;s mobile number must be 11 digits starting with 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s validity period is missing or ends before it starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter is valid only from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter expired on %1; the enterprise must issue a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>business type 补办 (replace) is not ticked on the letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>business type 解锁 (unlock) is not ticked on the letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an authorization letter covers replacing and unlocking keys, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no certificate with a USCC to compare the letter with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter is for %1 but the certificate is for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the operator has not confirmed the company seal on the letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(a space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(byte %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (full-width)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(a full-width space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a different number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 or %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 is valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 has %2 characters, expected %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>character %1 %2 is not allowed in the %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 check character is %2, expected &apos;%3&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the birth date %1 in the %2 is not a real date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the birth date %1 in the %2 is in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the birth date %1 in the %2 is before 1900</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bank_card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wechat_pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alipay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>centre %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 does not exist (check [fees] schedule in the configuration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 is not in force on %2 (valid from %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 is not in force on %2 (valid from %3 to %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 belongs to another centre, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 is for region %2, not centre %3&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no fee schedule is in force for centre %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than one fee schedule is in force for centre %1 on %2 (%3): choose one with [fees] schedule in the configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: approval %2 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: approval %2 is a %3 approval, not a %4 approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: approval %2 was given for another transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused by the database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown operation %1: expected NEW, RENEW, UPGRADE, REPLACE or UNLOCK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the business date is not a valid date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 has no damage waiver for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a fee waiver needs the operator who attested the condition (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a fee waiver needs a supervisor&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fee waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fee lines add up to more than can be counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fee total is negative (%1); a waiver can&apos;t exceed its charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing is due (total 0.00), so no payment may be taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the amount must be more than 0.00, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a non-cash payment needs its reference number (terminal or wallet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payments add up to more than can be counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fee is %1 but no payment was given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payments add up to %1 but the fee is %2: %3 short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payments add up to %1 but the fee is %2: %3 too much</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fee has no lines; even a free operation records one zero line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a fee line has no description of what it is for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee line description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the waiver &quot;%1&quot; needs its reason, the operator who attested it and a supervisor&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing is paid for this transaction, so there is no invoice to request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the waiver &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refund reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the refund of transaction %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 must not begin with =, +, - or @ (a spreadsheet would run it as a formula)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the buyer kind must be enterprise or individual, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the buyer name (invoice title) is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>buyer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an enterprise buyer needs its taxpayer ID (纳税人识别号 / USCC) on the invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>buyer taxpayer ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address and phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bank and account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the invoice needs an e-mail address or a mobile number to be delivered to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivery e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the delivery e-mail &quot;%1&quot; is not an e-mail address (name@domain.example)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the delivery e-mail is blank; leave it out or give an address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the delivery mobile &quot;%1&quot; is not a phone number (5 to 20 digits, optionally after +)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the delivery mobile is blank; leave it out or give a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invoice number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 is not valid UTF-8 text (at byte %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 contains a control character (%2 at character %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 is too long: %2 characters, at most %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not valid UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contains a control character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is longer than %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fee schedule %1 has no damage waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing is due, so there is nothing to invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the code fails its check (GB 32100-2015); a supervisor confirmed it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a scan must be a non-empty file of at most 20 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>company name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the company name is longer than 64 characters, more than a certificate can carry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent&apos;s mobile number must be 5 to 20 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in_stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tax-authority trust anchor is configured: countersignctl letter trust add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a letter entered by hand needs a supervisor&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>letter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>office code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>office name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today is not within the letter&apos;s issued..expires dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter does not cover a new certificate (NEW)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the USCC fails its check (GB 32100-2015)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent&apos;s ID number fails its check (GB 11643-1999)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter was already used by transaction %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the company name must be 1 to 64 characters, as much as a certificate can carry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a letter field %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there are several blank keys in the writer: name the one to issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no blank key in the writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 is not a blank key in the writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 is not in the writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key carries no enterprise certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key carries several certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CA&apos;s chain can&apos;t be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the legacy CA file %1 holds no readable certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate %1 on the key was not issued by a CA this counter trusts (its issuer: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate %1 on the key is not on record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate %1 on the key is not the one on record for key %2 (issuer, content or key differ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key does not hold the private key of certificate %1 on it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate names no USCC (organizationIdentifier NTRCN-…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate expires %1; it can be renewed from %2 days before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate expired more than %1 days ago: apply for a new certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate was issued after the upgrade cut-off under the current CA: renew it instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the old key&apos;s serial %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key of this enterprise is on record: give the old key&apos;s serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the enterprise has several keys: give the serial of the one to replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 is %2, not in an enterprise&apos;s hands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 is not on record and not in the writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the media fee waiver is for a damaged key only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a waiver needs the operator&apos;s attestation that the key failed without human damage and its exterior is intact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no blank key in the writer for the replacement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key&apos;s SO PIN is locked, so it can&apos;t be unlocked: replace the key (USBKEY补办)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key&apos;s SO PIN has one try left and a failure locks the key for good: a supervisor must confirm before it is spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key&apos;s PIN is not locked: there is nothing to unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a refund needs a supervisor&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>business day %1 is closed at this centre: a supervisor closed it, and nothing more can be recorded on it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NEW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RENEW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UPGRADE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REPLACE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UNLOCK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compensated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the old (revoked) key pair stays on key %1 until its next renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the old (revoked) key pair could not be removed from key %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate %1 revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the old key&apos;s certificates were revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 wiped and returned to stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 wiped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key pair made for the renewal stays unused on key %1 until the next renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded %1 fen by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the renewal&apos;s new certificate is recorded: resume it, it can&apos;t be cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key had been unlocked; transaction completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CA: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this letter is already being used by transaction %1 at counter %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your staff session has ended (a newer login of yours at this counter or the screen lock ended it): log in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database refused it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a scanned image may have at most 40 megapixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no registered signer to check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s header marks %1 as critical (&quot;crit&quot;), which this counter does not implement, so the letter can&apos;t be trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s header asks for no extension (no &quot;crit&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s signer %1 is not a registered tax-office signer: a certificate the letter carries (&quot;x5c&quot;) is not trusted by itself, only those added with &apos;letter trust add --signer&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate (thumbprint %1) is not among the registered tax-office signers, and the letter does not carry it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s signer %1 was disabled at this centre: it signs no letters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by %1, a registered tax-office signer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer is registered for the letters of tax office %1, but this letter is of tax office %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer is registered for tax office %1, the letter&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was valid on %1, the issue date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On %1, the issue date, the signer&apos;s certificate was not valid (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is valid all through today, %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today, %1, the signer&apos;s certificate is not valid (%2): a letter counts only while its signer does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter runs %1 days, from %2 to %3; an assistance letter is valid for at most %4 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter was issued on %1, %2 days ago; an assistance letter is used within %3 days of its issue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter runs %1 days, within the %2 days a letter may run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s business list holds %1, which is not an operation this counter knows (NEW, RENEW, UPGRADE, REPLACE, UNLOCK).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter&apos;s business &quot;%1&quot; is not an operation this counter knows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new PIN does not meet the PIN rules: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key does not support this algorithm or operation: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key refused the factory SO PIN recorded for its model (one try spent). Check the model&apos;s factory SO PIN setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key still has its factory SO PIN and its model has none recorded. An administrator must record the model&apos;s factory SO PIN first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key can&apos;t hold a %1 key pair: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fee schedule %1 has no version %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no version of fee schedule %1 is in force on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key was set up before Countersign and its SO PIN is not one this counter derives, so it can&apos;t be unlocked here (no SO PIN try was spent): replace the key (USBKEY补办), or unlock it where it was issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID card&apos;s front</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID card&apos;s back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the required scans are attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a required scan is missing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent&apos;s ID card was not compared: type or scan the number of the ID card the agent presents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID card number presented (%1) is not valid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter names no agent ID number to compare the ID card (%1) with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID card presented (%1) is not the letter&apos;s agent (%2, %3): the agent named on the letter must come in person</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefusalAdvice</name>
    <message>
        <source>The letter&apos;s QR code is not a valid letter of a trusted tax office: ask the agent for the original letter from the tax office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A letter typed in by hand needs a supervisor&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter is not valid today: the agent needs a letter valid today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This letter was already used: the agent needs a new letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another transaction is using this letter now (its number and counter are below): it can be used here only once that transaction is given up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter does not cover this service: it must tick it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter needs the company&apos;s seal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company&apos;s code on the letter is wrong: compare it with the business licence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s ID number on the letter is wrong: the agent needs a corrected letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ID card must be the letter&apos;s agent&apos;s: the agent named on the letter must come in person with their ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter must name the company, the agent and the agent&apos;s mobile number correctly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s company is not the company of the certificate on the key: bring the letter of that company.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put exactly one blank key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the agent&apos;s key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate on this key can&apos;t be used here: the key needs a replacement (补办).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is too early to renew this certificate: come back in the renewal period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate expired too long ago: the agent needs a new certificate (新办).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certificate needs no upgrade: renew it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key can&apos;t be unlocked: offer a replacement key (补办).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key&apos;s last unlock try needs a supervisor&apos;s confirmation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key&apos;s PIN is not locked: there is nothing to unlock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the key to replace: its serial is on the old key or the last receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key can&apos;t hold the certificate&apos;s key pair: use a key of another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix what the red lines below say, then check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent must bring or fix:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All centres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 to %3: %4 of %5 days closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All centres, %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) of all centres expire in the next %1 days</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) of this centre expire in the next %1 days</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Failed or undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions by centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactions per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees by centre (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees per day (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No certificate expires in these days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScansPanel</name>
    <message>
        <source>Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card front</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scans kept with the transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanner folder is configured ([scanner] folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still needed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every required scan is attached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanned images for: %1 (newest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No images in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Transaction number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company name (part)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent&apos;s ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VOID</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>external CA over CMP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in CA (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p11-kit&apos;s proxy (the default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least %1 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keys handed out with a default PIN to be changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation type="unfinished">
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n year(s) after the certificate expires</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(master secrets: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not marked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRL distribution point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer and paper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee schedule in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key algorithms of the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SO PIN version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low stock under</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings are kept in the configuration file of this counter (see deploy/countersign.conf.example); passwords and PINs are never shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking this counter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks of this counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>All %1 checks passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the checks again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As checked at %1 (countersignctl doctor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlowStep</name>
    <message>
        <source>Setting up the key and its PIN; this usually takes about %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking the key and setting the new PIN; this usually takes about %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating the key pair on the key; this usually takes about %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing the certificate request on the key and asking the CA for the certificate; this usually takes about %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the certificate to the key; this usually takes about %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking that the key signs with its new certificate; this usually takes about %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording the transaction and the receipt; this usually takes about %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoking the old key&apos;s certificates at the CA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up the key and its PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking the key and setting the new PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating the key pair on the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing the certificate request on the key and asking the CA for the certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the certificate to the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking that the key signs with its new certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording the transaction and the receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking longer than usual (usually about %1 s). Leave the key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usually about %1 s on this key model (the median of its last %2 runs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No estimate yet: no finished run of this step on this key model is on record.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>every centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must change password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last login %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick an account to change it. New accounts are added with countersignctl staff add.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable %1? The account can&apos;t log in any more and its open sessions end at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable %1? The account can log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock %1? The count of wrong passwords starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role and centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centre code (empty: every centre)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make %1 %2 of %3? The person logs in again to work in the new role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>centre %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A temporary password of at least 8 characters, typed twice. Tell it to the person: they must choose their own at the next login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two entries differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the password of %1? Their open sessions end, and they must change the temporary password at the next login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Are you sure?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blank key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enterprise key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key without certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN locked for good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No counter configured</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Levels and intake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low under %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 in stock, %3 issued, %4 damaged, %5 written off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LOW STOCK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keys and no key models yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive keys: the model, then scan or type the serials (one per line).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key model, e.g. ePass3003</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery note (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused serials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive into stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a key off: scan or type its serial, say why; a key in stock or a damaged key only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason, e.g. casing cracked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write-off form (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This centre holds no key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys this centre holds (choose one):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write this key off?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1 leaves the stock for good (written off: %2%3). This is recorded in the audit log with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN %1–%2 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>algorithms as the key offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No factory SO PIN file recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Factory SO PIN file %1: usable on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Factory SO PIN file not usable here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key model recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a model as its keys report it. The factory SO PIN stays in a file on the counter machines (mode 0600, owned by the kiosk&apos;s user): give its path, never the PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model, e.g. ePass3003</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Factory SO PIN file, e.g. /etc/countersign/epass3003.sopin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortest PIN (empty: no limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransactionDetail</name>
    <message>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand-entered letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USCC confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bank card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1 by %2 at counter %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent: %1, ID %2, mobile %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in full (recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key: %1 (%2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid ¥%1 by %2, received by %3 at %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded ¥%1 by %2 (%3), by %4 at %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: asked by %2, approved by %3 at %4 (%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): valid %3 to %4, %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>printed %1×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VOID: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open (recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void receipt %1? It stays on record marked VOID, and ¥%2 is refunded by the way it was paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund ¥%1 of transaction %2 by the way it was paid?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void receipt %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund transaction %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card front</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened: not an image (or emptied after the retention period).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrustPage</name>
    <message>
        <source>No trust anchor or letter signer is registered yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchors and letter signers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer of office %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 %1 · valid %2 – %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a certificate (PEM): from the scanner folder, or type its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of the PEM file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter signer of office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tax office code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchor (the tax authority&apos;s root)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable %1? Letters it signed are refused from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::BackOffice</name>
    <message>
        <source>Only a supervisor reviews the refunds recovery made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n refund(s) reviewed.</source>
        <translation>
            <numerusform>%n refund reviewed.</numerusform>
            <numerusform>%n refunds reviewed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::qml::CaProbe</name>
    <message>
        <source>The database cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::DemoController</name>
    <message>
        <source>The demo controls exist in demo mode only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait until the last demo action is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key writer is configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fresh blank key is in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A blank key was in the writer already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys are out of the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys are back in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key was out of the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1 is locked after %2 wrong PINs: try UNLOCK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter %1 issued for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanner folder is configured ([scanner] folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such sample company.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s papers are in the scanner folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::DeviceStatus</name>
    <message>
        <source>No printer is set up on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 is stopped or reports an error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::FeesController</name>
    <message>
        <source>Only an admin adds a fee schedule version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new version first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every rule needs its amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: &quot;%3&quot; is not an amount in yuan (digits, at most two decimals).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee schedule %1, new version from %2: another admin or a supervisor approves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The approver enters their username and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee schedule %1 version %2 added: in force from %3, approved by %4.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::IdleMonitor</name>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This counter is not ready; the password cannot be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached, so the password cannot be checked. Try again when the status bar shows the database as connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong passwords: the account is locked until %1. Log out so that someone else can work here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account has been disabled. Log out so that someone else can work here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password was reset by an admin. Log out, then log in with it to choose a new one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::ImageDecoder</name>
    <message>
        <source>The file %1 can&apos;t be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 is not an image this counter can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QR code could be read in %1. Scan the paper again, flat and in focus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 is larger than %2 MB: scan the paper again at a lower resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image %1 has more than %2 megapixels: scan the paper again at a lower resolution.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::LoginController</name>
    <message>
        <source>Enter your username and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This counter is not ready yet; see the message above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached. Nothing was changed; try again when the status bar shows the database as connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login could not be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong passwords: the account is locked until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is locked until %1. A supervisor or admin can help in the meantime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is disabled. Ask an admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password was reset by an admin. Choose a new password to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two entries differ. Type the new password twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A password has at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::OfficeController</name>
    <message>
        <source>This counter is not ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::OfficeReports</name>
    <message>
        <source>This counter is not ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an admin reads the reports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a date (YYYY-MM-DD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The range ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A report covers at most %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an admin sees every centre&apos;s figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a number of days from 1 to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::OperationController</name>
    <message>
        <source>Check the papers first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due, so there is nothing to invoice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invoice: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This counter has no key writer configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This counter is not ready: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached. Nothing was changed; retry once the status bar shows it connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The papers could not be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The supervisor enters their username and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The approval could not be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent types the new PIN twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent types the key&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Giving up refunds the fee, which needs a supervisor&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transaction could not be given up: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transaction stopped at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: the papers or the key no longer pass the checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was pulled out before the work was done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The work on the key stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The approval was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the amount in yuan, e.g. 60 or 60.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be more than ¥0.00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the reference number from the payment slip or the phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due: remove the payment lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add how the ¥%1 due is paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment %1 (%2): %3.</source>
        <extracomment>%1: the line&apos;s number, %2: its method (Cash, WeChat Pay …), %3: what is wrong with it</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>¥%1 is still to be paid: add a payment or raise an amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over-payment refused: the payments come to ¥%1, ¥%2 more than the ¥%3 due. Lower or remove a line.</source>
        <extracomment>%1: what the lines add up to, %2: how much too much, %3: the amount due</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than can be counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::ReceiptPrinter</name>
    <message>
        <source>There is no receipt to print here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached, so the receipt could not be printed. Try again when the status bar shows the database as connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The receipt could not be printed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt %1 is not in the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint sent to the printer %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt printed on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The print service of this computer is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No printer is set up on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 is not installed on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 does not accept print jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 is out of paper. Load paper.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 is switched off or not connected. Switch it on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 has a paper jam or an open cover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 did not print the receipt.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::Recovery</name>
    <message>
        <source>No key writer is configured.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::ReportController</name>
    <message>
        <source>This counter is not ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a date (YYYY-MM-DD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day&apos;s figures could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This day is closed already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This day has not come yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) of this day are not finished: finish or cancel them first.</source>
        <translation>
            <numerusform>%n transaction of this day is not finished: finish or cancel it first.</numerusform>
            <numerusform>%n transactions of this day are not finished: finish or cancel them first.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only a supervisor closes the day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the cash counted in the drawer, in yuan (for example 78.00).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign with your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached; the day is not closed. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day could not be closed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is wrong, or the account is locked. The day is not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator of this centre closes its days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day %1 is closed. Its figures are frozen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::ScanController</name>
    <message>
        <source>The file %1 can&apos;t be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 is not an image this counter can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 is larger than %2 MB: scan the paper again at a lower resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image %1 has more than %2 megapixels: scan the paper again at a lower resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID card&apos;s front</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID card&apos;s back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::SearchController</name>
    <message>
        <source>This counter is not ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transaction matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) found.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The supervisor enters their username and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The approval could not be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The approval was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This needs a supervisor&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This transaction has no valid receipt to void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt voided; %1 refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refunded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::SettingsOffice</name>
    <message>
        <source>The database cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::StaffAdmin</name>
    <message>
        <source>This is the last active admin account. Make another account an admin first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is disabled already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is enabled already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is not locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A password has at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account has that role and centre already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no centre with that code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such account any more. Refresh the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own password must be changed first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an admin may do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an admin manages staff accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is disabled and logged out everywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is unlocked and can log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now %2 of every centre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now %2 of centre %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two entries differ. Type the new password twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has a temporary password and must change it at the next login.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::StockOffice</name>
    <message>
        <source>Only an admin receives keys into stock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the key model and at least one serial.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) received into stock.</source>
        <translation type="unfinished">
            <numerusform>%n key received into stock.</numerusform>
            <numerusform>%n keys received into stock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n serial(s) refused; see the list below.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Only an admin writes keys off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the key&apos;s serial and why it is written off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1 written off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an admin sets key models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the model&apos;s name as the key reports it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key model %1 recorded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::TrustController</name>
    <message>
        <source>Only an admin trusts a letter signer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the certificate&apos;s PEM file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signer is registered for the tax office whose letters it signs: enter its office code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already trusted: nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an admin disables a letter signer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled: it signs no letter from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already disabled: nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::Validators</name>
    <message>
        <source>Nothing entered yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too long: %1 characters, not %2</source>
        <extracomment>%1: the length of the identifier, e.g. 18; %2: how many characters were typed</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 characters needed (%2 so far)</source>
        <extracomment>%1: the allowed lengths, e.g. &quot;18&quot; or &quot;15, 18 or 20&quot;; %2: how many were typed</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Character %1 (“%2”) is not allowed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check character is wrong: a character was probably mistyped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The birth date %1 in it is not a real day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The birth date %1 in it lies in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The birth date %1 in it lies before 1900</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the date as YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such day</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::Workstation</name>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::qml::Writer</name>
    <message>
        <source>No key writer is configured.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
