"""The ingest's messages in both languages: each English reason or fix as the ingest stores it
(with its values as ``{names}``) beside its Chinese text. :mod:`.messages` reads a stored
reason back into the site's language with this table (a data table, like the i18n catalog)."""

from __future__ import annotations

# (zh, en): en is the stored English text with its values as {names}; zh may leave out a value
# that is English by nature (a library's error detail); a {kind_zh} ({kind_id}) pair is the kind
MESSAGES: tuple[tuple[str, str], ...] = (
    # the file as a whole (readers.py, sniff.py, limits.py, extent.py)
    (
        "{fmt} 文件已损坏或不完整（多半是下载中断了）",
        "the {fmt} file is damaged or incomplete (probably a cut-off download): {detail}",
    ),
    (
        "从后台重新下载这个导出文件（手工表格：用 Excel 打开你的副本再保存一次），替换这个文件",
        "download the export again from the backend (a sheet you fill in: open your copy"
        " in Excel and save it again) and replace this file",
    ),
    (
        "读取这个 {fmt} 文件超过 {allowed} 秒，已停止",
        "reading the {fmt} file took more than {allowed} s and was stopped",
    ),
    (
        "用 Excel 打开后重新保存（或重新导出），再替换这个文件",
        "open it in Excel and save it again (or export it again), then replace this file",
    ),
    (
        "读取 {fmt} 文件时读取程序崩溃了：文件已损坏，或解压后远比看上去大",
        "the {fmt} reader crashed on this file ({how}): the file is damaged or far bigger"
        " inside than it looks",
    ),
    ("文件是空的（0 字节或只有空白）", "the file is empty (0 bytes or only blanks)"),
    (
        "从后台重新导出（手工表格：用 Excel 重新保存）",
        "export it again from the backend (a sheet you fill in: save it again from Excel)",
    ),
    (
        "这是一个网页（多半是登录页或登录过期页），不是 Excel 导出文件",
        "this is a web page (probably the login or session-expired page), not an Excel export",
    ),
    (
        "重新登录卖家后台，再导出一次报表，替换这个文件",
        "log in to the seller backend again, export the report again, and replace this file",
    ),
    ("文件既不是 Excel 表格，也不是文本", "the file is neither Excel nor text"),
    ("重新导出为 .xls/.xlsx，或另存为 CSV", "export it again as .xls/.xlsx, or save it as CSV"),
    ("工作簿设置了密码", "the workbook is password-protected"),
    (
        "在 Excel 中去掉密码（文件 → 信息 → 保护工作簿 → 用密码进行加密：清空）后重新保存",
        "remove the password in Excel (File → Info → Protect Workbook → Encrypt with Password:"
        " clear it) and save again",
    ),
    (
        "文件大小 {size}，超过 max_file_mb = {mb} MB",
        "the file is {size}, more than max_file_mb = {mb} MB",
    ),
    (
        "导出较短的周期（或更少的行）；如果确实是后台导出的文件，可在 opsreport.toml 中调高 max_file_mb",
        "export a shorter period (or fewer rows), or raise max_file_mb in opsreport.toml if the"
        " file is really an export",
    ),
    (
        "表格解压后超过 {size}（10 × max_file_mb = {mb} MB），远超一个导出文件的大小",
        "the sheet unpacks to more than {size} (10 × max_file_mb = {mb} MB): far more than an"
        " export holds",
    ),
    (
        "从后台重新导出较短的周期；如果确实是导出文件，可在 opsreport.toml 中调高 max_file_mb",
        "export a shorter period again from the backend, or raise max_file_mb in"
        " opsreport.toml if the file is really an export",
    ),
    (
        "表格延伸到第 {rows} 行、第 {cols} 列，超过 max_sheet_rows = {max_rows} / max_sheet_columns"
        " = {max_cols}（表格下方或右侧远处有零星的单元格）",
        "the sheet reaches row {rows} and column {cols}, more than max_sheet_rows ="
        " {max_rows} / max_sheet_columns = {max_cols} (a stray cell far"
        " below or to the right of the table makes it that big)",
    ),
    (
        "用 Excel 打开，按 Ctrl+End 找到最后一个单元格，删除表格之后的行和列再保存（或重新导出）；"
        "如果表格确实这么大，可在 opsreport.toml 中调高 max_sheet_rows / max_sheet_columns",
        "open it in Excel, press Ctrl+End to find the last cell, delete the rows and columns"
        " after the table and save again (or export it again); raise max_sheet_rows /"
        " max_sheet_columns in opsreport.toml if the sheet really is that big",
    ),
    # CSV text (sniff.py)
    (
        "CSV 有 {lines} 行，超过 max_sheet_rows = {limit}",
        "the CSV has {lines} lines, more than max_sheet_rows = {limit}",
    ),
    (
        "导出较短的周期，或在 opsreport.toml 中调高 max_sheet_rows",
        "export a shorter period, or raise max_sheet_rows in opsreport.toml",
    ),
    (
        "CSV 的编码不是 UTF-8、UTF-16、UTF-32、GB18030 或 Big5",
        "the CSV is neither UTF-8, UTF-16, UTF-32, GB18030 nor Big5 text",
    ),
    ("用 Excel 打开，再另存为 CSV", "open it in Excel and save it again as CSV"),
    (
        "CSV 第 {line} 行有 {n} 列，超过 max_sheet_columns = {limit}",
        "line {line} of the CSV has {n} columns, more than max_sheet_columns = {limit}",
    ),
    (
        "用 Excel 打开，删除表格右侧多余的列后重新保存",
        "open it in Excel, delete the columns after the table and save again",
    ),
    (
        'CSV 格式错误：在第 {line} 行结束的记录中，第 {col} 列的引号（"）没有在应有的位置闭合，'
        "后面 {n} 行会被读成一个单元格而丢失",
        'malformed CSV: a quote (") opened in column {col} of the record ending on line {line}'
        " is never closed where it should be, so {n} following line(s) of the table would be"
        " read as one cell and their rows lost",
    ),
    (
        "用文本编辑器打开文件，找到那个单元格，删掉多余的引号（或重新导出），再保存",
        "open the file in a text editor, find that cell and remove the stray quote (or export"
        " the file again), then save it again",
    ),
    ("CSV 格式错误（约第 {line} 行）", "malformed CSV near line {line}: {detail}"),
    (
        "用 Excel 打开后另存为 CSV，或重新导出",
        "open it in Excel and save it again as CSV, or export the file again",
    ),
    # what the sheet holds (parse.py)
    (
        "{kind_zh}：只有表头，没有数据行（只有模板的示例行，示例行不会读取）",
        "{kind_zh} ({kind_id}) has its header but no data rows (only the template's example"
        " row, which is ignored)",
    ),
    ("{kind_zh}：只有表头，没有数据行", "{kind_zh} ({kind_id}) has its header but no data rows"),
    (
        "从 {source} 重新导出，或在表头下方填写数据",
        "export it again from {source}, or fill the sheet below its header",
    ),
    (
        "CSV 是 Big5（繁体中文）编码，表头不是后台的简体中文表头（Big5 无法表示全部简体字）",
        "the CSV is Big5 (Traditional Chinese) text, and its headers are not the backend's"
        " Simplified Chinese ones (Big5 cannot hold them all)",
    ),
    (
        "从后台重新导出，或用 Excel 打开，保留原来的表头，另存为「CSV UTF-8」",
        "export the file again from the backend, or open it in Excel and save it as"
        " 'CSV UTF-8' with the original headers",
    ),
    (
        "{kind_zh} 缺少必需的列 {hints}",
        "{kind_zh} ({kind_id}) is missing required column(s) {hints}",
    ),
    (
        "从 {source} 重新导出，不要删除任何列",
        "export it again from {source} without removing columns",
    ),
    (
        "按模板 exports/templates/{pattern} 的表头把这一列加回来（运行 opsreport templates 可以写出模板），再保存",
        "add the column back with its header as in the template exports/templates/"
        "{pattern} (opsreport templates writes it), then save again",
    ),
    (
        "看起来是 {kind_zh}，但表头缺少 {hints}",
        "looks like {kind_zh} ({kind_id}) but the header lacks {hints}",
    ),
    (
        "不是已知的导出文件：前 20 行里没有任何一行带有本工具能读取的表头",
        "no known export: no row in the first 20 has the headers of any kind this tool reads",
    ),
    (
        "请确认它是网站「数据说明」页列出的导出文件之一（如 产品分析 Products-YYYY-MM-DD.xls）；"
        "其他文件可以移出 exports/ 文件夹",
        "check that it is one of the exports listed on the site's 数据说明 / Inputs page (e.g."
        " 产品分析 Products-YYYY-MM-DD.xls); other files can be moved out of the inbox",
    ),
    (
        "文件名像是 {named_zh}（{pattern}），但表格内容是 {kind_zh}",
        "the file is named like {named_zh} ({pattern}) but its sheet is {kind_zh} ({kind_id})",
    ),
    (
        "从 {source} 重新导出 {named_zh}，或把文件改名为 {pattern2}",
        "export {named_zh} again from {source}, or rename the file to {pattern2}",
    ),
    (
        "找不到数据周期：表头上方没有「时间周期YYYY-MM-DD~YYYY-MM-DD」，{column} 列没有日期，文件名里也没有日期",
        "the period cannot be found: no 时间周期YYYY-MM-DD~YYYY-MM-DD above the header, no dates"
        " in {column} and no date in the file name",
    ),
    (
        "找不到数据周期：表头上方没有「时间周期YYYY-MM-DD~YYYY-MM-DD」，文件名里也没有日期",
        "the period cannot be found: no 时间周期YYYY-MM-DD~YYYY-MM-DD above the header and no"
        " date in the file name",
    ),
    (
        "保留后台导出的文件名（{pattern}）或文件开头的几行",
        "keep the backend's file name ({pattern}) or its first rows",
    ),
    ("把日期写进文件名，如 {pattern}", "put the date in the file name, e.g. {pattern}"),
    (
        "数据周期 {start} ~ {end} 超出了合理的日期范围",
        "its period {start} ~ {end} ({source}) lies outside {window}",
    ),
    (
        "用 Excel 打开后重新保存，或重新导出；仍然失败时，请把这条信息连同文件一起反馈",
        "open it in Excel and save it again, or export it again; if it still fails, report"
        " this message with the file",
    ),
    ("文件无法读取（{error}）", "the file could not be read: {error}"),
    (
        "改正这些单元格（或重新导出），然后重新保存",
        "correct those cells (or export the file again), then save again",
    ),
    # the workspace and its settings (config/__init__.py), as the command line prints them
    ("工作区文件夹 {root} 不存在", "workspace folder {root} does not exist"),
    (
        "用 `opsreport init --workspace {root}` 创建它",
        "create it with `opsreport init --workspace {root}`",
    ),
    ("{file} 不是有效的 TOML：{error}", "{file} is not valid TOML: {error}"),
    (
        '改正它指出的那一行（文字要加引号：store_name = "…"）',
        'fix the line it names (strings need quotes: store_name = "…")',
    ),
    # the site, the store and the scheduler (ops/, store/, scheduler.py), as the command line
    # prints them
    ("{site} 里还没有可导出的网站", "no built site in {site} to export"),
    ("{site} 里还没有可发布的网站", "no built site in {site} to publish"),
    (
        "请先运行 `opsreport build --workspace {root}`",
        "run `opsreport build --workspace {root}` first",
    ),
    ("{name}：整个网站写成一个 .zip 文件", "{name}: the whole site is written as one .zip file"),
    (
        "输出文件名请以 .zip 结尾，例如 --output {name}",
        "name the output with .zip, e.g. --output {name}",
    ),
    (
        "{output} 在它要打包的网站文件夹 {site} 里面",
        "{output} is inside the site folder {site} it would hold",
    ),
    (
        "把 zip 写到 site/ 之外，例如工作区文件夹里",
        "write the zip outside site/, e.g. into the workspace folder",
    ),
    ("{output} 是一个文件夹", "{output} is a folder"),
    ("请给出文件名，例如 --output site.zip", "name a file, e.g. --output site.zip"),
    ("发布未开启：设置 publish_dir 为空", "publishing is off: the setting publish_dir is empty"),
    (
        '在 opsreport.toml 里设置 publish_dir = "/path/the/web/server/serves"',
        'set publish_dir = "/path/the/web/server/serves" in opsreport.toml',
    ),
    ("没有可回退的版本：{old} 不存在", "nothing to roll back to: {old} does not exist"),
    ("从第二次发布起才会保留上一版网站", "a previous site is kept from the second publish on"),
    (
        "另一个 `opsreport schedule`（进程 {pid}）已在工作区 {root} 上运行（锁文件 {lock}）",
        "another `opsreport schedule` (pid {pid}) is already running on workspace {root}"
        " (lock {lock})",
    ),
    (
        "让它继续运行，或先停止它（kill {pid}）；每个工作区只能有一个定时任务",
        "let it run, or stop it first (kill {pid}); one scheduler per workspace",
    ),
    ("数据库 {path} 无法写入（{detail}）", "the store {path} is not writable ({detail})"),
    (
        "给运行 opsreport 的用户 {folder} 及其中文件的写权限，然后重新运行",
        "give the user that runs opsreport write permission on {folder} and the files in it,"
        " then run again",
    ),
    (
        "数据库 {path} 已损坏或不是 DuckDB 文件（{detail}）",
        "the store {path} is damaged or is not a DuckDB file ({detail})",
    ),
    (
        "运行 `{command} --workspace {root}`：它把 {originals} 里的每个原件重新读入新数据库（原件不会改动；新数据库就位前旧文件保留为备份）",
        "run `{command} --workspace {root}`: it re-reads every original in {originals} into a"
        " new store (the originals are never changed; the old file is kept as a backup until"
        " the new store is in place)",
    ),
    ("写入 {where} 时磁盘已满", "the disk is full while writing {where}"),
    (
        "清理那块磁盘的空间，然后重新运行（上一版网站保持不变）",
        "free some space on that disk, then run again (the previous site is left in place)",
    ),
    # a file most of whose rows are unreadable (screen.py): the reason lists the cells
    (
        "全部 {total} 行数据都有无法读取或不合理的值：{details}",
        "all {total} data row(s) have unreadable or implausible values: {details}",
    ),
    (
        "{total} 行数据中有 {bad} 行有无法读取或不合理的值（超过一半：文件看来已损坏，所以整份都不读取）：{details}",
        "{bad} of {total} data rows have unreadable or implausible values (more than"
        " half: the file looks damaged, so none of it is taken): {details}",
    ),
    (
        "{column} 列：{problem}（Excel 第 {rows} 行）",
        "column {column}: {problem} (Excel row {rows})",
    ),
    ("还有 {n} 处", "and {n} more"),
    (
        "改正这些单元格后重新保存，或重新导出：{fixes}",
        "correct those cells and save again, or export the file again: {fixes}",
    ),
    # a file's warnings (parse.py: file_warnings), joined by "; " in the log
    (
        "有 {n} 行未读取（Excel 第 {rows} 行）；其余 {m} 行已读取——「被拒绝的行与恢复的 ID」一节逐行列出原因和改法",
        "{n} row(s) left out (Excel row {rows}); the other {m} row(s) were taken — the"
        " import-status page lists each with its fix",
    ),
    (
        "按标题恢复了 {n} 个被截短的产品ID（Excel 第 {rows} 行）",
        "{n} shortened product id(s) restored by title (Excel row {rows})",
    ),
    ("模板的示例行已忽略", "the template's example row was ignored"),
    (
        "{column} 列有意外的值 {values}（应为 {choices}）",
        "column {column}: unexpected value(s) {values} (expected {choices})",
    ),
    ("多出的列已放在一边：{columns}", "extra columns kept aside: {columns}"),
    # a file skipped (ingest/__init__.py)
    ("与 {other} 内容相同", "same content as {other}"),
    (
        "无需处理：浏览器重复下载的文件可以删除",
        "nothing to do: a browser duplicate can be deleted",
    ),
    # a file or folder the inbox does not read (inbox.py)
    (
        "隐藏文件夹（名称以点开头）：未读取",
        "hidden folder (its name starts with a dot): not read",
    ),
    (
        "如果里面是导出文件，请去掉名称开头的点",
        "rename it without the leading dot if it holds exports",
    ),
    ("指向文件夹的链接：未跟随", "a link to a folder: not followed"),
    ("把文件夹本身移动或复制到 exports/", "move or copy the folder itself into exports/"),
    (
        "隐藏文件（名称以点开头）：未读取",
        "hidden file (its name starts with a dot): not read",
    ),
    (
        "如果它是导出文件，请去掉名称开头的点；否则删除它",
        "rename it without the leading dot if it is an export, or delete it",
    ),
    (
        "失效的链接：它指向的 {target} 不存在",
        "broken link: it points to {target}, which does not exist",
    ),
    (
        "把导出文件本身复制到 exports/，并删除这个链接",
        "copy the export itself into exports/ and delete the link",
    ),
    (
        "指向 exports/ 之外 {target} 的链接：未跟随",
        "a link to {target}, outside exports/: not followed",
    ),
    # a kept original that is gone or changed (originals.py: check_originals)
    ("保存的原件不见了", "the stored original is missing"),
    (
        "保存的原件与读入时的文件不一致（已损坏或被截断）",
        "the stored original does not match the file that was ingested (damaged or cut short)",
    ),
    (
        "把文件 {name}（sha256 {sha}）放回 exports/，再运行 `opsreport check --workspace {root}`",
        "put the file {name} (sha256 {sha}) back into exports/ and run"
        " `opsreport check --workspace {root}`",
    ),
)
