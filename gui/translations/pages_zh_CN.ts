<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>dimmguard::gui::BenchPage</name>
    <message>
        <source>Reference: dump file %1</source>
        <translation>参照：转储文件 %1</translation>
    </message>
    <message>
        <source>Reference: slot %1 (%2), the same part number, whose fingerprint the registry accepts</source>
        <translation>参照：插槽 %1（%2），同一料号，其指纹为注册库所认可</translation>
    </message>
    <message>
        <source>Cannot use this reference dump: %1</source>
        <translation>无法使用此参照转储：%1</translation>
    </message>
    <message>
        <source>Open a reference SPD dump</source>
        <translation>打开参照 SPD 转储</translation>
    </message>
    <message>
        <source>SPD dumps (*.bin *.spd *.txt *.hex);;All files (*)</source>
        <translation>SPD 转储 (*.bin *.spd *.txt *.hex);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Module:</source>
        <translation>模组：</translation>
    </message>
    <message>
        <source>Open reference dump…</source>
        <translation>打开参照转储…</translation>
    </message>
    <message>
        <source>Compare the bytes with a dump of a known-good module of the same part</source>
        <translation>与同一料号的已知良品模组的转储逐字节比较</translation>
    </message>
    <message>
        <source>Automatic reference</source>
        <translation>自动参照</translation>
    </message>
    <message>
        <source>Compare with a module of this inspection whose fingerprint the registry accepts</source>
        <translation>与本次检测中指纹为注册库所认可的模组比较</translation>
    </message>
    <message>
        <source>No inspection yet. Scan modules on the Intake screen, then pick a module here for a closer look.</source>
        <translation>尚无检测结果。请先在“入库”界面扫描模组，再在此选择模组进行详细检查。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>寄存器</translation>
    </message>
    <message>
        <source>Hex view</source>
        <translation>十六进制视图</translation>
    </message>
    <message>
        <source>Hub, PMIC, RCD</source>
        <translation>Hub、PMIC、RCD</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s) differ</source>
        <translation>
            <numerusform>%n 个字节不同</numerusform>
        </translation>
    </message>
    <message>
        <source>The registry stores accepted fingerprints (hashes), not golden bytes: differing bytes are against this reference image.</source>
        <translation>注册库只保存认可的指纹（哈希值），不保存标准字节：不同字节是相对于此参照镜像而言的。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>插槽</translation>
    </message>
    <message>
        <source>Read via</source>
        <translation>读取方式</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Read error</source>
        <translation>读取错误</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查发现</translation>
    </message>
    <message>
        <source>SPD decode</source>
        <translation>SPD 解码</translation>
    </message>
    <message>
        <source>serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>maker, location, date, revision</source>
        <translation>制造商、产地、日期、版本</translation>
    </message>
    <message>
        <source>fingerprint-covered</source>
        <translation>指纹覆盖</translation>
    </message>
    <message>
        <source>differs from the reference</source>
        <translation>与参照不同</translation>
    </message>
    <message>
        <source>Declared in the SPD</source>
        <translation>SPD 中声明</translation>
    </message>
    <message>
        <source>not fitted</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>Vendor code</source>
        <translation>厂商代码</translation>
    </message>
    <message>
        <source>Device type</source>
        <translation>器件类型</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Live registers</source>
        <translation>实时寄存器</translation>
    </message>
    <message>
        <source>DDR3 and DDR4 modules have no SPD hub or PMIC registers</source>
        <translation>DDR3 和 DDR4 模组没有 SPD Hub 或 PMIC 寄存器</translation>
    </message>
    <message>
        <source>Read live on the SPD bus</source>
        <translation>在 SPD 总线上实时读取</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>Differs from the SPD</source>
        <translation>与 SPD 不符</translation>
    </message>
    <message>
        <source>the SPD declares %1</source>
        <translation>SPD 声明为 %1</translation>
    </message>
    <message>
        <source>SPD hub state</source>
        <translation>SPD Hub 状态</translation>
    </message>
    <message>
        <source>Capability (MR5)</source>
        <translation>能力（MR5）</translation>
    </message>
    <message>
        <source>Mode (MR11)</source>
        <translation>模式（MR11）</translation>
    </message>
    <message>
        <source>Status (MR48)</source>
        <translation>状态（MR48）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>all 16 blocks protected</source>
        <translation>全部 16 个块均已写保护</translation>
    </message>
    <message>
        <source>OFF: no block is protected</source>
        <translation>关闭：没有任何块受写保护</translation>
    </message>
    <message>
        <source>%1 of 16 blocks protected; open: %2</source>
        <translation>16 个块中 %1 个已写保护;未保护：%2</translation>
    </message>
    <message>
        <source>Write protection (MR12/MR13)</source>
        <translation>写保护（MR12/MR13）</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始值</translation>
    </message>
    <message>
        <source>RCD</source>
        <translation>RCD</translation>
    </message>
    <message>
        <source>declared: %1</source>
        <translation>声明：%1</translation>
    </message>
    <message>
        <source>none declared</source>
        <translation>未声明</translation>
    </message>
    <message>
        <source>not readable on the SPD sideband bus: the SPD declaration is shown</source>
        <translation>无法通过 SPD 边带总线读取：此处显示 SPD 中的声明</translation>
    </message>
    <message>
        <source>Fingerprint against the registry part</source>
        <translation>指纹与注册库料号比对</translation>
    </message>
    <message>
        <source>This module:</source>
        <translation>本模组：</translation>
    </message>
    <message>
        <source>This module has no fingerprint: the image is too short.</source>
        <translation>本模组没有指纹：镜像太短。</translation>
    </message>
    <message>
        <source>No registry at %1: nothing to compare with.</source>
        <translation>%1 处没有注册库：无可比对的数据。</translation>
    </message>
    <message>
        <source>The registry cannot be read: %1</source>
        <translation>无法读取注册库：%1</translation>
    </message>
    <message>
        <source>The registry has no trusted part record for %1.</source>
        <translation>注册库中没有 %1 的可信料号记录。</translation>
    </message>
    <message>
        <source>Part record %1, signed by %2 (%3). Accepted fingerprints:</source>
        <translation>料号记录 %1，签名者 %2（%3）。认可的指纹：</translation>
    </message>
    <message>
        <source>this module</source>
        <translation>本模组</translation>
    </message>
    <message>
        <source>The fingerprint matches an accepted fingerprint of the part.</source>
        <translation>指纹与该料号的一个认可指纹一致。</translation>
    </message>
    <message>
        <source>The fingerprint matches none of the part&apos;s accepted fingerprints.</source>
        <translation>指纹与该料号的所有认可指纹均不一致。</translation>
    </message>
    <message>
        <source>Fingerprint-covered bytes against the reference</source>
        <translation>指纹覆盖字节与参照比对</translation>
    </message>
    <message>
        <source>No reference image, so no byte comparison. Open a reference dump of a known-good module of this part.</source>
        <translation>没有参照镜像，因此无法逐字节比较。请打开该料号已知良品模组的参照转储。</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Differing bytes</source>
        <translation>不同字节数</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>偏移</translation>
    </message>
    <message numerus="yes">
        <source>Outside the fingerprint (identity, manufacturer and end-user areas): %n byte(s) differ</source>
        <translation>
            <numerusform>指纹范围之外（身份、制造商区和用户区）：%n 个字节不同</numerusform>
        </translation>
    </message>
    <message>
        <source>This module has no identity (no manufacturing block), so it has no sighting history.</source>
        <translation>本模组没有身份信息（缺少制造信息块），因此没有检出记录历史。</translation>
    </message>
    <message>
        <source>The serial number is blank: sightings of blank serials are not linked.</source>
        <translation>序列号为空：空序列号的检出记录不做关联。</translation>
    </message>
    <message>
        <source>Reading the sighting history of %1…</source>
        <translation>正在读取 %1 的检出记录历史…</translation>
    </message>
    <message>
        <source>No registry at %1: run &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</source>
        <translation>%1 处没有注册库：请运行“dimmguard registry init”并导入数据包，或在“设置”中选择数据库。</translation>
    </message>
    <message numerus="yes">
        <source>Identity %1: %n sighting(s)</source>
        <translation>
            <numerusform>身份 %1：%n 条检出记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Held now by: %1</source>
        <translation>目前持有方：%1</translation>
    </message>
    <message>
        <source>Shipped %1 to %2 with no return since</source>
        <translation>已于 %1 发货给 %2，此后没有退货记录</translation>
    </message>
    <message numerus="yes">
        <source>%n stored sighting(s) fail their signature check and are not shown</source>
        <translation>
            <numerusform>%n 条已存储的检出记录未通过签名校验，未予显示</numerusform>
        </translation>
    </message>
    <message>
        <source>(same as this module)</source>
        <translation>（与本模组相同）</translation>
    </message>
    <message>
        <source>(different)</source>
        <translation>（不同）</translation>
    </message>
    <message>
        <source>No sighting history.</source>
        <translation>没有检出记录历史。</translation>
    </message>
    <message>
        <source>Reference: slot %1 (%2) from an earlier inspection of this lot, the same part number, whose fingerprint the registry accepts</source>
        <translation>参照：本批次较早检测的插槽 %1（%2），同一料号，其指纹为注册库所认可</translation>
    </message>
    <message>
        <source>No reference image: no other module of this part in this inspection or lot has a fingerprint the registry accepts. Open a reference dump to see differing bytes.</source>
        <translation>没有参照镜像：本次检测和本批次中没有该料号的其他模组，其指纹为注册库所认可。请打开参照转储以查看不同的字节。</translation>
    </message>
    <message>
        <source>Custody and history</source>
        <translation>保管与历史</translation>
    </message>
    <message>
        <source>Set the module aside at this station (signed into the log)</source>
        <translation>在本工作站隔离此模块（签名记入日志）</translation>
    </message>
    <message>
        <source>Clear its earlier verdicts: needs a QA key</source>
        <translation>解除其之前的结论：需要质检密钥</translation>
    </message>
    <message>
        <source>It goes back to the supplier</source>
        <translation>退回供应商</translation>
    </message>
    <message>
        <source>It is destroyed: final</source>
        <translation>销毁：不可撤销</translation>
    </message>
    <message>
        <source>Custody: never seen before this inspection.</source>
        <translation>保管状态：本次检测之前从未见过。</translation>
    </message>
    <message>
        <source>never seen</source>
        <translation>从未见过</translation>
    </message>
    <message>
        <source>held at %1 since %2</source>
        <translation>自 %2 起保管于 %1</translation>
    </message>
    <message>
        <source>held at %1 in lot %2 since %3</source>
        <translation>自 %3 起保管于 %1，批次 %2</translation>
    </message>
    <message>
        <source>came back with a return</source>
        <translation>已通过退货流程返回</translation>
    </message>
    <message>
        <source>released by QA</source>
        <translation>已由质检放行</translation>
    </message>
    <message>
        <source>installed in server %1 at %2 since %3</source>
        <translation>自 %3 起安装在 %2 的服务器 %1 中</translation>
    </message>
    <message>
        <source>shipped by %1 to %2 on %3</source>
        <translation>已由 %1 于 %3 发货给 %2</translation>
    </message>
    <message>
        <source>quarantined at %1 since %2</source>
        <translation>自 %2 起隔离于 %1</translation>
    </message>
    <message>
        <source>returned to the supplier %1 by %2 on %3</source>
        <translation>已由 %2 于 %3 退回供应商 %1</translation>
    </message>
    <message>
        <source>scrapped by %1 on %2</source>
        <translation>已由 %1 于 %2 报废</translation>
    </message>
    <message>
        <source>Custody:</source>
        <translation>保管状态：</translation>
    </message>
    <message>
        <source>Unresolved verdict: %1 at %2 by %3. Only a QA release, a return to the supplier or scrap resolves it.</source>
        <translation>未解除的结论：%1（%2，%3）。只有质检放行、退回供应商或报废才能解除。</translation>
    </message>
    <message numerus="yes">
        <source>%n arrival(s) that cannot be this module (a clone or a re-entry): not counted as custody</source>
        <translation>
            <numerusform>%n 次到达不可能是此模块（克隆或重新入库）：不计入保管</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
    <message>
        <source>Signed into the log: %1 by %2</source>
        <translation>已签名记入日志：%1，操作员 %2</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::HexView</name>
    <message>
        <source>serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>identity field</source>
        <translation>身份字段</translation>
    </message>
    <message>
        <source>fingerprint-covered</source>
        <translation>指纹覆盖</translation>
    </message>
    <message>
        <source>differs from the reference</source>
        <translation>与参照不同</translation>
    </message>
    <message>
        <source>byte 0x%1 = 0x%2</source>
        <translation>字节 0x%1 = 0x%2</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::HistoryPage</name>
    <message numerus="yes">
        <source>Exported %n sighting(s) to %1</source>
        <translation>
            <numerusform>已将 %n 条检出记录导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export sightings as CSV</source>
        <translation>将检出记录导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Serial or identity:</source>
        <translation>序列号或身份(&amp;S)：</translation>
    </message>
    <message>
        <source>e.g. 3bf2a0b1 or 802c-06-2418-3bf2a0b1</source>
        <translation>例如 3bf2a0b1 或 802c-06-2418-3bf2a0b1</translation>
    </message>
    <message>
        <source>&amp;Part number:</source>
        <translation>料号(&amp;P)：</translation>
    </message>
    <message>
        <source>any part</source>
        <translation>任意料号</translation>
    </message>
    <message>
        <source>&amp;Verdict:</source>
        <translation>判定(&amp;V)：</translation>
    </message>
    <message>
        <source>any verdict</source>
        <translation>任意判定</translation>
    </message>
    <message>
        <source>&amp;Lot:</source>
        <translation>批次(&amp;L)：</translation>
    </message>
    <message>
        <source>any lot</source>
        <translation>任意批次</translation>
    </message>
    <message>
        <source>&amp;Date from</source>
        <translation>日期从(&amp;D)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Write the rows shown to a CSV file</source>
        <translation>将显示的行写入 CSV 文件</translation>
    </message>
    <message>
        <source>Searching the registry…</source>
        <translation>正在搜索注册库…</translation>
    </message>
    <message>
        <source>No registry at %1: run &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</source>
        <translation>%1 处没有注册库：请运行“dimmguard registry init”并导入数据包，或在“设置”中选择数据库。</translation>
    </message>
    <message>
        <source>The registry cannot be read: %1</source>
        <translation>无法读取注册库：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n sighting(s) found</source>
        <translation>
            <numerusform>找到 %n 条检出记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) fail their signature check: the database may have been edited</source>
        <translation>
            <numerusform>%n 行未通过签名校验：数据库可能已被篡改</numerusform>
        </translation>
    </message>
    <message>
        <source>Press Search to list sightings from the registry.</source>
        <translation>按“搜索”列出注册库中的检出记录。</translation>
    </message>
    <message>
        <source>Show &amp;older sightings</source>
        <translation>显示更早的检出记录(&amp;O)</translation>
    </message>
    <message numerus="yes">
        <source>Fetch the next %n older sighting(s) matching the filter</source>
        <translation>
            <numerusform>再取 %n 条符合筛选条件的更早检出记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %n sighting(s) are shown; more match: press Show older sightings for the next page</source>
        <translation>
            <numerusform>已显示最新的 %n 条检出记录；还有更多匹配：按“显示更早的检出记录”查看下一页</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::PageText</name>
    <message>
        <source>Genuine</source>
        <translation>正品</translation>
    </message>
    <message>
        <source>Suspect</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>Counterfeit</source>
        <translation>假冒</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>intake</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>bench</source>
        <translation>检测台</translation>
    </message>
    <message>
        <source>burn-in</source>
        <translation>老化测试</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>发货</translation>
    </message>
    <message>
        <source>return</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>parts</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>serials</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>revocations</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>算法</translation>
    </message>
    <message>
        <source>Asymmetric</source>
        <translation>非对称</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>Bank groups</source>
        <translation>Bank 组数</translation>
    </message>
    <message>
        <source>Banks per group</source>
        <translation>每组 Bank 数</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Capacity (bytes)</source>
        <translation>容量（字节）</translation>
    </message>
    <message>
        <source>Capacity (GB)</source>
        <translation>容量（GB）</translation>
    </message>
    <message>
        <source>CAS latencies</source>
        <translation>CAS 延迟</translation>
    </message>
    <message>
        <source>CL</source>
        <translation>CL</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Column bits</source>
        <translation>列地址位数</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>元器件</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>计算值</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>CRC</source>
        <translation>CRC</translation>
    </message>
    <message>
        <source>CRC correct</source>
        <translation>CRC 正确</translation>
    </message>
    <message>
        <source>Manufacturing date</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <source>Device width</source>
        <translation>器件位宽</translation>
    </message>
    <message>
        <source>Dies per package</source>
        <translation>每封装晶粒数</translation>
    </message>
    <message>
        <source>Die density (Mbit)</source>
        <translation>晶粒密度（Mbit）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>DRAM maker</source>
        <translation>DRAM 制造商</translation>
    </message>
    <message>
        <source>DRAM stepping</source>
        <translation>DRAM 步进</translation>
    </message>
    <message>
        <source>ECC</source>
        <translation>ECC</translation>
    </message>
    <message>
        <source>ECC bus width</source>
        <translation>ECC 总线位宽</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>起始字节</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>结构</translation>
    </message>
    <message>
        <source>HPE SmartMemory block</source>
        <translation>HPE SmartMemory 块</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>混合型</translation>
    </message>
    <message>
        <source>Image size (bytes)</source>
        <translation>镜像大小（字节）</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Last byte</source>
        <translation>结束字节</translation>
    </message>
    <message>
        <source>Manufacturing location</source>
        <translation>生产地点</translation>
    </message>
    <message>
        <source>Logical ranks</source>
        <translation>逻辑 Rank 数</translation>
    </message>
    <message>
        <source>Manufacturing (identity)</source>
        <translation>制造信息（身份）</translation>
    </message>
    <message>
        <source>Memory type</source>
        <translation>内存类型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>模组</translation>
    </message>
    <message>
        <source>Module maker</source>
        <translation>模组制造商</translation>
    </message>
    <message>
        <source>Decoder notes</source>
        <translation>解码备注</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>封装</translation>
    </message>
    <message>
        <source>Package ranks</source>
        <translation>封装 Rank 数</translation>
    </message>
    <message>
        <source>Parity correct</source>
        <translation>校验位正确</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>Part number printable</source>
        <translation>料号可打印</translation>
    </message>
    <message>
        <source>Part number (raw bytes)</source>
        <translation>料号（原始字节）</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>存在</translation>
    </message>
    <message>
        <source>Primary bus width</source>
        <translation>主总线位宽</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>超频配置</translation>
    </message>
    <message>
        <source>Programmed</source>
        <translation>已编程</translation>
    </message>
    <message>
        <source>Byte ranges</source>
        <translation>字节范围</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始值</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>带寄存器</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Row bits</source>
        <translation>行地址位数</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Serial blank</source>
        <translation>序列号为空</translation>
    </message>
    <message>
        <source>SPD bytes total</source>
        <translation>SPD 总字节数</translation>
    </message>
    <message>
        <source>SPD bytes used</source>
        <translation>SPD 已用字节数</translation>
    </message>
    <message>
        <source>SPD revision</source>
        <translation>SPD 版本</translation>
    </message>
    <message>
        <source>Speed grade (MT/s)</source>
        <translation>速度等级（MT/s）</translation>
    </message>
    <message>
        <source>Speed (MT/s)</source>
        <translation>速度（MT/s）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>存储值</translation>
    </message>
    <message>
        <source>Stored at</source>
        <translation>存储位置</translation>
    </message>
    <message>
        <source>Sub-channels</source>
        <translation>子通道数</translation>
    </message>
    <message>
        <source>tAA (ps)</source>
        <translation>tAA（ps）</translation>
    </message>
    <message>
        <source>tCKmax (ps)</source>
        <translation>tCKmax（ps）</translation>
    </message>
    <message>
        <source>tCKmin (ps)</source>
        <translation>tCKmin（ps）</translation>
    </message>
    <message>
        <source>tCK (ps)</source>
        <translation>tCK（ps）</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Thermal sensor</source>
        <translation>温度传感器</translation>
    </message>
    <message>
        <source>3DS stack</source>
        <translation>3DS 堆叠</translation>
    </message>
    <message>
        <source>Timings</source>
        <translation>时序</translation>
    </message>
    <message>
        <source>tRAS (ps)</source>
        <translation>tRAS（ps）</translation>
    </message>
    <message>
        <source>tRC (ps)</source>
        <translation>tRC（ps）</translation>
    </message>
    <message>
        <source>tRCD (clocks)</source>
        <translation>tRCD（时钟周期）</translation>
    </message>
    <message>
        <source>tRCD (ps)</source>
        <translation>tRCD（ps）</translation>
    </message>
    <message>
        <source>tRP (clocks)</source>
        <translation>tRP（时钟周期）</translation>
    </message>
    <message>
        <source>tRP (ps)</source>
        <translation>tRP（ps）</translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>已截断</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Type byte</source>
        <translation>类型字节</translation>
    </message>
    <message>
        <source>Type code</source>
        <translation>类型代码</translation>
    </message>
    <message>
        <source>Type name</source>
        <translation>类型名称</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>厂商</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separator of a list of words</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>move</source>
        <translation>调拨</translation>
    </message>
    <message>
        <source>quarantine</source>
        <translation>隔离</translation>
    </message>
    <message>
        <source>release</source>
        <translation>放行</translation>
    </message>
    <message>
        <source>return to supplier</source>
        <translation>退回供应商</translation>
    </message>
    <message>
        <source>scrap</source>
        <translation>报废</translation>
    </message>
    <message>
        <source>QA releases</source>
        <translation>质检放行</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::RegistryPage</name>
    <message>
        <source>Import a signed bundle</source>
        <translation>导入已签名的数据包</translation>
    </message>
    <message>
        <source>dimmguard bundles (*.bundle);;All files (*)</source>
        <translation>dimmguard 数据包 (*.bundle);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>%1 was imported before: nothing changed.</source>
        <translation>%1 之前已导入：没有任何变化。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n sighting(s) of station %1 from %2.</source>
        <translation>
            <numerusform>已从 %2 导入工作站 %1 的 %n 条检出记录。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %1: %n record(s), role %2, version %3, publisher %4.</source>
        <translation>
            <numerusform>已导入 %1：%n 条记录，角色 %2，版本 %3，发布者 %4。</numerusform>
        </translation>
    </message>
    <message>
        <source>The signature does not verify: the file was changed after it was signed.</source>
        <translation>签名校验失败：文件在签名后被修改过。</translation>
    </message>
    <message>
        <source>The publisher is not trusted for this (unknown key, wrong role, expired, or an older version).</source>
        <translation>该发布者在此不受信任（未知密钥、角色不符、已过期或版本较旧）。</translation>
    </message>
    <message>
        <source>This is not a valid dimmguard bundle (wrong format, damaged or truncated).</source>
        <translation>这不是有效的 dimmguard 数据包（格式错误、已损坏或不完整）。</translation>
    </message>
    <message>
        <source>The file or the registry cannot be read.</source>
        <translation>无法读取该文件或注册库。</translation>
    </message>
    <message>
        <source>The registry refused the bundle.</source>
        <translation>注册库拒绝了该数据包。</translation>
    </message>
    <message>
        <source>Refused %1: %2</source>
        <translation>已拒绝 %1：%2</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Trust: roots and publishers</source>
        <translation>信任：根密钥与发布者</translation>
    </message>
    <message>
        <source>Publisher key</source>
        <translation>发布者密钥</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation>到期（UTC）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Imported bundles</source>
        <translation>已导入的数据包</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>发布者</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>&amp;Import bundle…</source>
        <translation>导入数据包(&amp;I)…</translation>
    </message>
    <message>
        <source>Import a signed parts, serials, revocations or station bundle</source>
        <translation>导入已签名的料号、序列号、吊销或工作站数据包</translation>
    </message>
    <message>
        <source>Station inspection log</source>
        <translation>工作站检测日志</translation>
    </message>
    <message>
        <source>&amp;Verify log</source>
        <translation>验证日志(&amp;V)</translation>
    </message>
    <message>
        <source>Reading the registry…</source>
        <translation>正在读取注册库…</translation>
    </message>
    <message>
        <source>No registry at %1. Create one with &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</source>
        <translation>%1 处没有注册库。请用“dimmguard registry init”创建并导入数据包，或在“设置”中选择数据库。</translation>
    </message>
    <message>
        <source>The registry at %1 cannot be read: %2</source>
        <translation>无法读取 %1 处的注册库：%2</translation>
    </message>
    <message>
        <source>no trust root is pinned: run &apos;dimmguard registry init&apos;</source>
        <translation>未固定信任根：请运行“dimmguard registry init”</translation>
    </message>
    <message>
        <source>no trust document was accepted: run &apos;dimmguard registry trust&apos;</source>
        <translation>尚未接受信任文档：请运行“dimmguard registry trust”</translation>
    </message>
    <message>
        <source>trust problem: %1</source>
        <translation>信任问题：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n imported bundle(s) expired</source>
        <translation>
            <numerusform>%n 个已导入的数据包已过期</numerusform>
        </translation>
    </message>
    <message>
        <source>Registry at %1: trusted and up to date.</source>
        <translation>%1 处的注册库：可信且未过期。</translation>
    </message>
    <message>
        <source>Registry at %1: %2</source>
        <translation>%1 处的注册库：%2</translation>
    </message>
    <message numerus="yes">
        <source>Pinned root keys (%n):</source>
        <translation>
            <numerusform>已固定的根密钥（%n 个）：</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Root signatures required: %1</source>
        <translation>所需根签名数：%1</translation>
    </message>
    <message>
        <source>Trust document version %1, created %2, expires %3</source>
        <translation>信任文档版本 %1，创建于 %2，到期于 %3</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>expires soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>trusted</source>
        <translation>可信</translation>
    </message>
    <message>
        <source>untrusted: %1</source>
        <translation>不可信：%1</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Parts: %1 · issued serials: %2 · revocations: %3</source>
        <translation>料号：%1 · 已发放序列号：%2 · 吊销：%3</translation>
    </message>
    <message>
        <source>Verifying the inspection log…</source>
        <translation>正在验证检测日志…</translation>
    </message>
    <message>
        <source>Not verified yet. Press Verify log.</source>
        <translation>尚未验证。请按“验证日志”。</translation>
    </message>
    <message>
        <source>No registry, so no inspection log.</source>
        <translation>没有注册库，因此没有检测日志。</translation>
    </message>
    <message>
        <source>The inspection log cannot be read: %1</source>
        <translation>无法读取检测日志：%1</translation>
    </message>
    <message numerus="yes">
        <source>Station %1: %n entry(ies), signed head counts %2</source>
        <translation>
            <numerusform>工作站 %1：%n 条记录，签名的日志头计数为 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>OK: every entry verifies and the chain is complete.</source>
        <translation>正常：每条记录均通过验证，哈希链完整。</translation>
    </message>
    <message numerus="yes">
        <source>The inspection log has been tampered with (%n problem(s)):</source>
        <translation>
            <numerusform>检测日志已被篡改（%n 个问题）：</numerusform>
        </translation>
    </message>
    <message>
        <source>(this station)</source>
        <translation>（本工作站）</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::SightingTableModel</name>
    <message>
        <source>this station</source>
        <translation>本工作站</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>NOT VERIFIED</source>
        <translation>未通过验证</translation>
    </message>
    <message>
        <source>fingerprint %1</source>
        <translation>指纹 %1</translation>
    </message>
    <message>
        <source>station %1</source>
        <translation>工作站 %1</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>Identity (maker-location-date-serial)</source>
        <translation>身份（制造商-产地-日期-序列号）</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
</context>
</TS>
