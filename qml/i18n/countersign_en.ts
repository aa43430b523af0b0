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
        <source>Today at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees (CNY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s), fees taken ¥%1</source>
        <translation>
            <numerusform>%n transaction, fees taken ¥%1</numerusform>
            <numerusform>%n transactions, fees taken ¥%1</numerusform>
        </translation>
    </message>
    <message>
        <source>The day close (its report, the cash count and the signature) comes with the day-close screens.</source>
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
        <source>%1: %2 in stock, %3 damaged</source>
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
        <source>Receive into stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts are added and changed with countersignctl staff.</source>
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
        <source>Idle lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings are kept in the configuration file of this counter (see deploy/countersign.conf.example).</source>
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
        <source>%1 · USCC %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operation can&apos;t go on with these papers. Tell the agent what to bring or fix, then check again.</source>
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
        <source>The letter&apos;s QR code is not a valid letter of a trusted tax office: ask the agent for the original letter from the tax office.</source>
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
        <source>The letter does not cover this service: it must tick it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter needs the company&apos;s seal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put exactly one blank key in the writer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key can&apos;t be unlocked: offer a replacement key (补办).</source>
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
    <name>DemoBanner</name>
    <message>
        <source>DEMO MODE — demo keys and letters only; no certificate issued here is valid</source>
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
        <source>Paid by</source>
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
        <source>Payment reference (from the payment slip or the phone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The enterprise wants an invoice</source>
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
        <source>Buyer&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buyer&apos;s taxpayer ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail for the e-invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile for the e-invoice</source>
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
        <source>Agent&apos;s ID number scanned.</source>
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
    <name>countersign::qml::BackOffice</name>
    <message>
        <source>This counter is not ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
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
        <translation>
            <numerusform>%n key received into stock.</numerusform>
            <numerusform>%n keys received into stock.</numerusform>
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
</context>
<context>
    <name>countersign::qml::OperationController</name>
    <message>
        <source>Check the papers first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose how the fee is paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the payment&apos;s reference (the transaction number on the payment slip).</source>
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
</context>
<context>
    <name>countersign::qml::Recovery</name>
    <message>
        <source>No key writer is configured.</source>
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
