<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DemoBanner</name>
    <message>
        <source>DEMO MODE — demo keys and letters only; no certificate issued here is valid</source>
        <translation>演示模式 — 仅使用演示介质和演示函件，此处签发的证书均无效</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>受理员</translation>
    </message>
    <message>
        <source>Welcome, %1</source>
        <translation>欢迎，%1</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>No counter operations are available in this version yet.</source>
        <translation>本版本暂未开放柜台业务。</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Checking for unfinished transactions…</source>
        <translation>正在检查未完成的业务…</translation>
    </message>
    <message>
        <source>Unfinished transactions could not be recovered: %1</source>
        <translation>未完成的业务无法恢复：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n unfinished transaction(s) were finished or undone; refunds await the supervisor&apos;s review.</source>
        <translation>
            <numerusform>已完成或撤销 %n 笔未完成的业务；退款待主管复核。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>This workstation has no centre and counter configured. Set [workstation] centre and counter in the configuration file.</source>
        <translation>本工作站尚未配置服务中心和窗口。请在配置文件的 [workstation] 中设置 centre 和 counter。</translation>
    </message>
    <message>
        <source>Counter %1 is not registered in the database. An admin registers it with “countersignctl counter add”.</source>
        <translation>窗口 %1 尚未在数据库中登记。请管理员使用“countersignctl counter add”登记。</translation>
    </message>
    <message>
        <source>The database cannot be reached. The counter keeps trying by itself; you can also try again now.</source>
        <translation>无法连接数据库。系统会自动重试，您也可以立即重试。</translation>
    </message>
    <message>
        <source>The database was upgraded by a newer Countersign. Install the same version on this counter.</source>
        <translation>数据库已由更新版本的 Countersign 升级。请在本窗口安装相同版本。</translation>
    </message>
    <message>
        <source>The database could not be prepared for this version.</source>
        <translation>无法为本版本准备数据库。</translation>
    </message>
    <message>
        <source>The configuration file cannot be used.</source>
        <translation>配置文件无法使用。</translation>
    </message>
    <message>
        <source>CA Certificate Service Counter</source>
        <translation>CA证书服务受理台</translation>
    </message>
    <message>
        <source>Staff login</source>
        <translation>员工登录</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Countersign counter</source>
        <translation>Countersign 受理台</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Writer</source>
        <translation>写卡器</translation>
    </message>
    <message>
        <source>not connected yet</source>
        <translation>尚未接入</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1</translation>
    </message>
</context>
<context>
    <name>countersign::qml::LoginController</name>
    <message>
        <source>Enter your username and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>This counter is not ready yet; see the message above.</source>
        <translation>本窗口尚未就绪，请查看上方提示。</translation>
    </message>
    <message>
        <source>The database cannot be reached. Nothing was changed; try again when the status bar shows the database as connected.</source>
        <translation>无法连接数据库，未做任何更改。请在状态栏显示数据库已连接后重试。</translation>
    </message>
    <message>
        <source>The login could not be checked: %1</source>
        <translation>无法验证登录：%1</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: the account is locked until %1.</source>
        <translation>密码错误次数过多，账户已锁定至 %1。</translation>
    </message>
    <message>
        <source>This account is locked until %1. A supervisor or admin can help in the meantime.</source>
        <translation>该账户已锁定至 %1。在此期间可请主管或管理员协助。</translation>
    </message>
    <message>
        <source>This account is disabled. Ask an admin.</source>
        <translation>该账户已停用，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::Recovery</name>
    <message>
        <source>No key writer is configured.</source>
        <translation>未配置读写器。</translation>
    </message>
</context>
</TS>
