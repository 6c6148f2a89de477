package app

// 督办 statistics and ranking (DOMAIN.md §5.7) and the 督查通报 draft
// (§5.8).

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Groupings of the statistics.
const (
	StatsByUnit   = "unit"   // the 主办 unit
	StatsByLeader = "leader" // the 分管县领导, else the 交办领导
	StatsBySource = "source"
)

// StatsQuery chooses the period and grouping of the statistics.
type StatsQuery struct {
	From, To time.Time // the period; To is exclusive
	By       string    // StatsByUnit, StatsByLeader or StatsBySource
	// ExtensionOnTime: an approved extension moves the effective due date
	// (supervision.EffectiveDue); otherwise items are judged against the
	// original due date.
	ExtensionOnTime bool
}

// StatsRow is one line of the statistics (DOMAIN.md §5.7). The counts are
// taken as things stood at the end of the period, or now if it has not
// ended (the cut-off):
//
//   - Issued (交办数): items whose 交办 (IssuedAt) falls in the period.
//   - Due (应办结数): items whose effective due date falls in the period.
//     Suspended (暂缓) items have no running deadline and are left out.
//   - OnTime / Late (按期/逾期办结数): of those, the items 办结 by the
//     cut-off on or before / after the effective due date.
//   - OverdueOpen (超期未办结数): items, whatever their due date, not 办结
//     by the cut-off and past their effective due date at the cut-off.
//   - Open (在办未到期): items issued, not 办结 and not yet due at the
//     cut-off (for the bulletin's "正在办理" and the status chart).
//   - Reminders (催办次数): reminders the deadline engine sent on the
//     item's 待办 (reminders joined through work_items of module
//     supervision) plus the 催办 recorded by people (urge events), within
//     the period.
//   - Extensions / Returns (延期/退回重办次数): approve_extension / return
//     events within the period.
//   - OnTimeRate = OnTime/Due, CompletionRate = (OnTime+Late)/Due, in
//     percent to one decimal; 0 when Due is 0.
//   - AvgWorkdays (平均办理时长): over the OnTime and Late items, the mean
//     number of working days (calendar in force) after the lead unit's 签收
//     up to and including the day the 办结申请 was accepted (the last
//     accept event; the 办结 time when there is none); 签收 falls back to
//     交办 when the lead unit never signed.
//   - FeedbackRate (反馈及时率) = FeedbackOnTime/FeedbackDue: a weekly or
//     monthly item owes one 阶段反馈 (report event) per whole calendar
//     week (Mon–Sun) or month that lies between its 交办 and its 办结 (or the
//     cut-off) and ends in the period, and is on time for that cycle when a
//     report was made within it; a milestone item owes one per milestone
//     due in the period by the cut-off, on time when done by its due; a
//     "once" item owes none (its 办结申请 is its report).
type StatsRow struct {
	Key                        string // unit or leader id, or source code
	Name                       string
	Issued, Due, OnTime, Late  int
	OverdueOpen, Open          int
	Reminders, Extensions      int
	Returns                    int
	OnTimeRate, CompletionRate float64
	AvgWorkdays                float64
	FeedbackDue                int
	FeedbackOnTime             int
	FeedbackRate               float64

	workdays, handled int // sum and count behind AvgWorkdays
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func percent(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return round1(float64(n) * 100 / float64(d))
}

func (r *StatsRow) finish() {
	r.OnTimeRate = percent(r.OnTime, r.Due)
	r.CompletionRate = percent(r.OnTime+r.Late, r.Due)
	r.FeedbackRate = percent(r.FeedbackOnTime, r.FeedbackDue)
	r.AvgWorkdays = 0
	if r.handled > 0 {
		r.AvgWorkdays = round1(float64(r.workdays) / float64(r.handled))
	}
}

func (r *StatsRow) add(o *StatsRow) {
	r.Issued += o.Issued
	r.Due += o.Due
	r.OnTime += o.OnTime
	r.Late += o.Late
	r.OverdueOpen += o.OverdueOpen
	r.Open += o.Open
	r.Reminders += o.Reminders
	r.Extensions += o.Extensions
	r.Returns += o.Returns
	r.FeedbackDue += o.FeedbackDue
	r.FeedbackOnTime += o.FeedbackOnTime
	r.workdays += o.workdays
	r.handled += o.handled
}

func (r *StatsRow) empty() bool {
	return r.Issued == 0 && r.Due == 0 && r.OverdueOpen == 0 && r.Open == 0 && r.Reminders == 0 &&
		r.Extensions == 0 && r.Returns == 0 && r.FeedbackDue == 0
}

// Validate checks the query: a period of at most five years, and a known
// grouping ("" is by unit).
func (q *StatsQuery) Validate() error {
	if q.By == "" {
		q.By = StatsByUnit
	}
	switch {
	case q.From.IsZero() || q.To.IsZero():
		return zhongshu.Errorf(zhongshu.CodeInvalid, "请选择统计期间。")
	case !q.To.After(q.From):
		return zhongshu.Errorf(zhongshu.CodeInvalid, "统计期间的结束日期须晚于开始日期。")
	case q.To.Sub(q.From) > 5*366*24*time.Hour:
		return zhongshu.Errorf(zhongshu.CodeInvalid, "统计期间不能超过五年。")
	case q.By != StatsByUnit && q.By != StatsByLeader && q.By != StatsBySource:
		return zhongshu.Errorf(zhongshu.CodeInvalid, "统计维度须为按单位、按领导或按来源。")
	}
	return nil
}

// canSeeStats: statistics are circulated to every unit, so everyone with a
// business role may see them; the three administrators may not.
func canSeeStats(actor *zhongshu.Actor) bool {
	return actor.Can(zhongshu.PermDelegateOwn) || actor.Can(zhongshu.PermLedgerAll)
}

// SupervisionStats computes the statistics of q, one row per group ranked
// by 按期办结率 (highest first), ties by fewer 超期未办结, then more
// 应办结, then name; and the total. See StatsRow for the definitions.
func (a *App) SupervisionStats(ctx context.Context, actor *zhongshu.Actor, q StatsQuery) ([]StatsRow, StatsRow, error) {
	if !canSeeStats(actor) {
		return nil, StatsRow{}, a.deny(ctx, actor, "supervision.stats", zhongshu.Errorf(zhongshu.CodeForbidden, "您没有查看督办统计的权限。"))
	}
	if err := q.Validate(); err != nil {
		return nil, StatsRow{}, err
	}
	cutoff := q.To
	if now := a.clock.Now(); now.Before(cutoff) {
		cutoff = now
	}
	p := store.StatsPeriod{From: q.From, To: q.To, Cutoff: cutoff}
	groups := map[string]*StatsRow{}
	names := map[string]string{}
	err := a.db.View(ctx, func(tx *store.Tx) error {
		ids, err := tx.SupervisionStatsCandidates(ctx, p)
		if err != nil {
			return err
		}
		reminders, err := tx.SupervisionReminderCounts(ctx, p, SupervisionModule, SupervisionRefType)
		if err != nil {
			return err
		}
		for len(ids) > 0 {
			chunk := ids[:min(a.statsChunk, len(ids))]
			ids = ids[len(chunk):]
			if err := a.tallyStatsChunk(ctx, tx, p, q, chunk, reminders, groups, names); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, StatsRow{}, err
	}
	var rows []StatsRow
	total := StatsRow{Key: "total", Name: "合计"}
	for _, g := range groups {
		if g.empty() {
			continue
		}
		g.finish()
		total.add(g)
		rows = append(rows, *g)
	}
	total.finish()
	slices.SortFunc(rows, func(x, y StatsRow) int {
		return cmp.Or(cmp.Compare(y.OnTimeRate, x.OnTimeRate), cmp.Compare(x.OverdueOpen, y.OverdueOpen),
			cmp.Compare(y.Due, x.Due), cmp.Compare(x.Name, y.Name), cmp.Compare(x.Key, y.Key))
	})
	return rows, total, nil
}

// tallyStatsChunk reads the items of the candidate ids (one chunk) that the
// statistics count, with their action times, and adds them and their
// reminders to their groups, naming the groups not yet named.
func (a *App) tallyStatsChunk(ctx context.Context, tx *store.Tx, p store.StatsPeriod, q StatsQuery, ids []int64,
	reminders map[int64]int, groups map[string]*StatsRow, names map[string]string) error {
	items, err := tx.SupervisionItemsForStats(ctx, p, ids, a.statsChunk)
	if err != nil || len(items) == 0 {
		return err
	}
	counted := make([]int64, len(items))
	for i, it := range items {
		counted[i] = it.ID
	}
	actions, err := tx.SupervisionActionTimes(ctx, p, counted, a.statsChunk, string(supervision.Accept),
		string(supervision.Return), string(supervision.ApproveExtension), string(supervision.Report), "urge")
	if err != nil {
		return err
	}
	if err := statsNames(ctx, tx, q.By, items, names); err != nil {
		return err
	}
	// An item's actions, oldest first.
	byItem := make(map[int64][]store.ItemTime, len(items))
	for _, t := range actions {
		byItem[t.ItemID] = append(byItem[t.ItemID], t)
	}
	for _, it := range items {
		key := statsKey(q.By, it)
		g := groups[key]
		if g == nil {
			g = &StatsRow{Key: key, Name: names[key]}
			groups[key] = g
		}
		a.tallyItem(g, it, byItem[it.ID], reminders[it.ID], q, p.Cutoff)
	}
	return nil
}

// tallyItem adds one item's figures to its group: times are its timeline
// actions before the cut-off, oldest first; reminders is how many the
// deadline engine sent on it within the period.
func (a *App) tallyItem(g *StatsRow, it *zhongshu.SupervisionItem, times []store.ItemTime, reminders int, q StatsQuery,
	cutoff time.Time) {
	in := func(t time.Time) bool { return !t.Before(q.From) && t.Before(cutoff) }
	if in(it.IssuedAt) {
		g.Issued++
	}
	g.Reminders += reminders
	due := supervision.EffectiveDue(*it, q.ExtensionOnTime)
	done := it.Status.Finished() && !it.CompletedAt.IsZero() && it.CompletedAt.Before(cutoff)
	running := it.Status != zhongshu.SupervisionSuspended && it.IssuedAt.Before(cutoff)
	var accepted time.Time
	for _, t := range times {
		if t.Kind == string(supervision.Accept) && !t.At.After(it.CompletedAt) {
			accepted = t.At
		}
		if !in(t.At) {
			continue
		}
		switch t.Kind {
		case "urge":
			g.Reminders++
		case string(supervision.ApproveExtension):
			g.Extensions++
		case string(supervision.Return):
			g.Returns++
		}
	}
	// A due date (an end-of-day instant) falls in the period when the day
	// it ends does.
	if running && !due.IsZero() && due.After(q.From) && !due.After(q.To) {
		g.Due++
		if done {
			if it.CompletedAt.After(due) {
				g.Late++
			} else {
				g.OnTime++
			}
			if accepted.IsZero() {
				accepted = it.CompletedAt
			}
			signed := it.IssuedAt
			if l := it.Lead(); l >= 0 && !it.Assignments[l].SignedAt.IsZero() {
				signed = it.Assignments[l].SignedAt
			}
			g.workdays += max(0, a.Calendar().WorkdaysBetween(calendar.DateOf(signed, chinaTime), calendar.DateOf(accepted, chinaTime)))
			g.handled++
		}
	}
	if running && !done && !due.IsZero() {
		if !cutoff.Before(due) {
			g.OverdueOpen++
		} else {
			g.Open++
		}
	}
	// 阶段反馈.
	end := cutoff
	if done {
		end = it.CompletedAt
	}
	switch it.FeedbackCycle {
	case zhongshu.FeedbackWeekly, zhongshu.FeedbackMonthly:
		start := statsCycleStart(it.IssuedAt, it.FeedbackCycle)
		if start.Before(it.IssuedAt) {
			start = statsCycleNext(start, it.FeedbackCycle)
		}
		for cs := start; ; cs = statsCycleNext(cs, it.FeedbackCycle) {
			ce := statsCycleNext(cs, it.FeedbackCycle)
			if ce.After(end) {
				break
			}
			if !ce.After(q.From) || ce.After(q.To) {
				continue
			}
			g.FeedbackDue++
			for _, t := range times {
				if t.Kind == string(supervision.Report) && !t.At.Before(cs) && t.At.Before(ce) {
					g.FeedbackOnTime++
					break
				}
			}
		}
	case zhongshu.FeedbackMilestone:
		for _, m := range it.Milestones {
			if m.DueAt.After(q.From) && !m.DueAt.After(cutoff) {
				g.FeedbackDue++
				if !m.DoneAt.IsZero() && !m.DoneAt.After(m.DueAt) {
					g.FeedbackOnTime++
				}
			}
		}
	}
}

// statsCycleStart is the start (China time) of the week or month holding t.
func statsCycleStart(t time.Time, c zhongshu.FeedbackCycle) time.Time {
	l := t.In(chinaTime)
	if c == zhongshu.FeedbackMonthly {
		return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, chinaTime)
	}
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, chinaTime)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func statsCycleNext(t time.Time, c zhongshu.FeedbackCycle) time.Time {
	if c == zhongshu.FeedbackMonthly {
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 7)
}

// statsKey is the group of an item.
func statsKey(by string, it *zhongshu.SupervisionItem) string {
	switch by {
	case StatsByLeader:
		id := it.ResponsibleLeaderID
		if id == 0 {
			id = it.AssigningLeaderID
		}
		return strconv.FormatInt(id, 10)
	case StatsBySource:
		return string(it.Source)
	}
	if l := it.Lead(); l >= 0 {
		return strconv.FormatInt(it.Assignments[l].UnitID, 10)
	}
	return "0"
}

// statsNames fills names with the groups' names.
func statsNames(ctx context.Context, tx *store.Tx, by string, items []*zhongshu.SupervisionItem, names map[string]string) error {
	for _, it := range items {
		key := statsKey(by, it)
		if _, ok := names[key]; ok {
			continue
		}
		switch {
		case by == StatsBySource:
			names[key] = it.Source.Label()
		case key == "0" && by == StatsByLeader:
			names[key] = "未明确领导"
		case key == "0":
			names[key] = "未明确主办单位"
		case by == StatsByLeader:
			id, _ := strconv.ParseInt(key, 10, 64)
			u, err := tx.FindUserByID(ctx, id)
			if err != nil {
				return err
			}
			names[key] = u.Name
		default:
			id, _ := strconv.ParseInt(key, 10, 64)
			u, err := tx.FindUnitByID(ctx, id)
			if err != nil {
				return err
			}
			names[key] = u.Name()
		}
	}
	return nil
}

// Bulletin is the draft of a 督查通报 (DOMAIN.md §5.8): an editable text
// and the statistics table it rests on.
type Bulletin struct {
	IssueNo int
	Title   string // 督查通报（第N期）
	Period  string // e.g. 2026年9月1日至2026年10月31日
	Text    string // the whole draft, title first, one paragraph a line
	Rows    []StatsRow
	Total   StatsRow
}

// SupervisionBulletin drafts the 督查通报 number issueNo for the period of
// q: 一、总体情况 in words, 二、进展滞后单位 (by unit: those with 超期未办结,
// else the lowest 按期办结率), 三、工作要求 left for the editor.
func (a *App) SupervisionBulletin(ctx context.Context, actor *zhongshu.Actor, q StatsQuery, issueNo int) (Bulletin, error) {
	if issueNo < 1 || issueNo > 9999 {
		return Bulletin{}, zhongshu.Errorf(zhongshu.CodeInvalid, "通报期数须为1至9999。")
	}
	q.By = StatsByUnit
	rows, total, err := a.SupervisionStats(ctx, actor, q)
	if err != nil {
		return Bulletin{}, err
	}
	b := Bulletin{IssueNo: issueNo, Title: fmt.Sprintf("督查通报（第%d期）", issueNo), Rows: rows, Total: total,
		Period: PeriodLabel(q.From, q.To)}
	pending := total.Due - total.OnTime - total.Late
	var s strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&s, format+"\n", args...) }
	line("%s", b.Title)
	line("县政府办公室督查室　　%s", a.clock.Now().In(chinaTime).Format("2006年1月2日"))
	line("现将%s县政府督办事项办理情况通报如下：", b.Period)
	line("一、总体情况")
	line("本期交办督办事项%d件，应办结%d件，按期办结%d件，按期办结率%s%%；逾期办结%d件，办结率%s%%。"+
		"应办结事项中正在办理%d件，占比%s%%；截至期末超期未办结%d件。期内催办%d次，批准延期%d次，退回重办%d次。",
		total.Issued, total.Due, total.OnTime, fmtRate(total.OnTimeRate), total.Late, fmtRate(total.CompletionRate),
		pending, fmtRate(percent(pending, total.Due)), total.OverdueOpen, total.Reminders, total.Extensions, total.Returns)
	if total.handled > 0 {
		line("已办结事项平均办理时长%s个工作日。", strconv.FormatFloat(total.AvgWorkdays, 'f', 1, 64))
	}
	line("二、进展滞后单位")
	var late []string
	for _, r := range rows {
		if r.OverdueOpen > 0 {
			late = append(late, fmt.Sprintf("%s（超期未办结%d件，按期办结率%s%%）", r.Name, r.OverdueOpen, fmtRate(r.OnTimeRate)))
		}
	}
	if len(late) > 0 {
		line("截至期末仍有超期未办结事项的单位：%s。请上述单位限期整改，于3个工作日内书面说明原因及整改措施。", strings.Join(late, "；"))
	} else {
		var low []string
		minRate := math.Inf(1)
		for _, r := range rows {
			if r.Due > 0 && r.OnTimeRate < 100 {
				minRate = min(minRate, r.OnTimeRate)
			}
		}
		for _, r := range rows {
			if r.Due > 0 && r.OnTimeRate == minRate {
				low = append(low, r.Name)
			}
		}
		if len(low) > 0 {
			line("本期无超期未办结事项。按期办结率最低的单位：%s（%s%%）。", strings.Join(low, "、"), fmtRate(minRate))
		} else {
			line("本期无超期未办结事项，各单位均按期办结。")
		}
	}
	line("三、工作要求")
	line("（请在此填写工作要求。）")
	b.Text = s.String()
	return b, nil
}

// fmtRate writes a percentage without a needless ".0".
func fmtRate(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// PeriodLabel is a period [from, to) in words: 2026年9月1日至2026年10月31日.
func PeriodLabel(from, to time.Time) string {
	return from.In(chinaTime).Format("2006年1月2日") + "至" + to.In(chinaTime).Add(-time.Nanosecond).Format("2006年1月2日")
}
