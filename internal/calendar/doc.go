// Package calendar is the working-day calendar behind "文不过夜、事不隔天":
// which days are 工作日, and the deadline arithmetic for "N个工作日" and
// calendar-day periods such as "3个月" or "30日" (DOMAIN.md §2.3, §9).
//
// A 工作日 is Monday to Friday, plus the 调休上班日 (declared working
// Saturdays and Sundays), minus the 法定节假日 and 调休休息日. Each year's
// dates come from the 国务院办公厅关于YYYY年部分节假日安排的通知, so the
// calendar is data: a [Year] per year. [Builtin] supplies 2025–2027 from
// lunar-go; an administrator loads or corrects a year with a notice file
// read by [ParseNotice]. A year without data falls back to Monday–Friday,
// and every answer that depended on such a year is marked provisional so
// that the UI can warn.
//
// The package is pure: no SQL, no HTTP, no global mutable state. A
// [Calendar] is immutable and safe for concurrent use.
//
// # Notice file format
//
// A notice file is UTF-8 text (a leading byte-order mark is ignored), one
// item per line:
//
//	# 国务院办公厅关于2027年部分节假日安排的通知
//	年份: 2027
//	来源: 国务院办公厅关于2027年部分节假日安排的通知
//	发布日期: 2026-11-05
//	放假: 2027-01-01 至 2027-01-03 元旦
//	放假: 2027-02-05 至 2027-02-13 春节
//	上班: 2027-01-31 春节调休
//
// The items, each with its ASCII alias (case-insensitive):
//
//   - 年份 (year): the year, e.g. 2027. Required, once.
//   - 来源 (source): the title of the notice. Required, once.
//   - 发布日期 (issued): the date the notice was issued. Optional, once; may
//     be left empty.
//   - 放假 (off): days off (法定节假日 and 调休休息日). At least one line.
//   - 上班 (work): 调休上班日, make-up working days, each a Saturday or
//     Sunday.
//
// Rules:
//
//   - Blank lines are ignored. A line whose first non-blank character is
//     "#" is a comment; there are no comments at the end of a line.
//   - Every other line is "项目: 内容". The colon may be ASCII ":" or
//     full-width "："; blanks around it and at both ends of the line are
//     ignored (full-width spaces count as blanks).
//   - 放假 and 上班 take a date or an inclusive range of dates, then a name:
//     "2027-01-31 春节调休", "2027-02-05 至 2027-02-13 春节" or
//     "2027-02-05..2027-02-13 春节". Blanks around "至" and ".." are
//     optional. A range runs forwards and spans at most 31 days. The name
//     is everything after the dates and is required.
//   - Dates are written YYYY-MM-DD with two-digit month and day
//     (2027-01-31) and must lie inside 年份 (发布日期 excepted).
//   - A date may appear only once in the whole file: not twice as 放假, not
//     as both 放假 and 上班.
//
// Every error names its line, e.g.
// "第 5 行：日期格式应为 2027-01-31，收到“2027/1/31”", or starts
// "通知文件：" when something is missing from the file as a whole.
// ParseNotice reports all problems it finds, in line order, not just the
// first.
package calendar
