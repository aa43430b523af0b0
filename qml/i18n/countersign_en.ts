<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DemoBanner</name>
    <message>
        <source>DEMO MODE — demo keys and letters only; no certificate issued here is valid</source>
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
        <source>No counter operations are available in this version yet.</source>
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
    <name>StatusBar</name>
    <message>
        <source>Writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected yet</source>
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
    <name>countersign::qml::Recovery</name>
    <message>
        <source>No key writer is configured.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
