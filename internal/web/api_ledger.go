package web

// The JSON API of the 压/误/漏 ledger.

import (
	"net/http"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/deadline"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// flagJSON is one entry of the ledger.
type flagJSON struct {
	ID         int64             `json:"id" doc:"台账记录编号"`
	Kind       zhongshu.FlagKind `json:"kind" doc:"held 压（积压未办），late 误（超期），overnight 误（文过夜），missed 漏（遗漏）"`
	KindLabel  string            `json:"kind_label" doc:"类别的中文名称"`
	Short      string            `json:"short" doc:"压、误或漏"`
	Module     string            `json:"module" doc:"所属业务模块"`
	RefType    string            `json:"ref_type" doc:"业务对象类型"`
	RefID      int64             `json:"ref_id" doc:"业务对象编号"`
	WorkItemID *int64            `json:"work_item_id" doc:"对应的待办事项；无人承办的“漏”为 null"`
	Title      string            `json:"title" doc:"标题"`
	URL        string            `json:"url" doc:"办理页面地址"`
	OwnerID    *int64            `json:"owner_id" doc:"承办人；无人承办为 null"`
	OwnerName  string            `json:"owner_name" doc:"承办人姓名"`
	UnitID     *int64            `json:"unit_id" doc:"承办单位；未指定为 null"`
	UnitName   string            `json:"unit_name" doc:"承办单位名称"`
	Detail     string            `json:"detail" doc:"说明"`
	DueAt      *time.Time        `json:"due_at" doc:"办理期限；无期限为 null。午夜 0 时的期限属于前一天（24:00）"`
	DueDate    string            `json:"due_date" doc:"期限所属的日期 YYYY-MM-DD；无期限为空"`
	RaisedAt   time.Time         `json:"raised_at" doc:"登记时间"`
	AgeDays    int               `json:"age_days" doc:"登记至今（已销账的，至销账时）的整天数"`
	ClearedAt  *time.Time        `json:"cleared_at" doc:"销账时间；在册为 null"`
	ClearedWhy string            `json:"cleared_why" doc:"销账原因"`
}

func flagOut(now time.Time) func(*zhongshu.Flag) flagJSON {
	return func(f *zhongshu.Flag) flagJSON {
		end := now
		if !f.ClearedAt.IsZero() {
			end = f.ClearedAt
		}
		out := flagJSON{
			ID: f.ID, Kind: f.Kind, KindLabel: f.Kind.Label(), Short: f.Kind.Short(), Module: f.Module, RefType: f.RefType, RefID: f.RefID,
			WorkItemID: optID(f.WorkItemID), Title: f.Title, URL: f.URL, OwnerID: optID(f.OwnerID), OwnerName: f.OwnerName,
			UnitID: optID(f.UnitID), UnitName: f.UnitName, Detail: f.Detail, DueAt: optTime(f.DueAt), RaisedAt: apiTime(f.RaisedAt),
			AgeDays: max(0, int(end.Sub(f.RaisedAt)/(24*time.Hour))), ClearedAt: optTime(f.ClearedAt), ClearedWhy: f.ClearedWhy,
		}
		if !f.DueAt.IsZero() {
			out.DueDate = deadline.DueDate(f.DueAt, chinaTime).String()
		}
		return out
	}
}

// flagTallyJSON counts one unit's or one person's open entries.
type flagTallyJSON struct {
	ID     *int64 `json:"id" doc:"单位或人员编号；未指定单位或无人承办为 null"`
	Name   string `json:"name" doc:"单位或人员名称"`
	Held   int    `json:"held" doc:"压"`
	Late   int    `json:"late" doc:"误（含文过夜）"`
	Missed int    `json:"missed" doc:"漏"`
	Total  int    `json:"total" doc:"合计"`
}

func talliesOut(ts []store.FlagTally) []flagTallyJSON {
	out := make([]flagTallyJSON, 0, len(ts))
	for _, t := range sortTallies(ts) {
		out = append(out, flagTallyJSON{ID: optID(t.ID), Name: t.Name, Held: t.Held, Late: t.Late, Missed: t.Missed, Total: t.Total})
	}
	return out
}

// ledgerJSON is a page of the ledger with the tallies.
type ledgerJSON struct {
	listJSON[flagJSON]
	Scope   string          `json:"scope" doc:"可见范围：全办、本单位或本人"`
	ByUnit  []flagTallyJSON `json:"by_unit" doc:"在册事项按单位统计，多者在前；仅全办范围提供，否则为空数组"`
	ByOwner []flagTallyJSON `json:"by_owner" doc:"在册事项按承办人统计，多者在前；仅全办范围提供，否则为空数组"`
}

func (s *Server) handleAPILedger(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := newQuery(r)
	pg := q.page()
	var f zhongshu.FlagFilter
	if k := q.str("kind"); k != "" {
		kind := zhongshu.FlagKind(k)
		if !kind.Valid() {
			q.p.Add("kind", "须为 held、late、overnight 或 missed")
		}
		f.Kind = &kind
	}
	if id := q.id("unit_id"); id != nil {
		if !a.Can(zhongshu.PermLedgerAll) {
			q.p.Add("unit_id", "仅可查看全办台账者可按单位筛选")
		}
		f.UnitID = id
	}
	if c := q.flag("cleared"); c != nil {
		f.Cleared = *c
	}
	if err := q.err(); err != nil {
		return err
	}
	f.Offset, f.Limit = pg.Offset, pg.Limit
	l, err := s.app.FindLedger(r.Context(), a, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ledgerJSON{
		listJSON: newList(l.Flags, flagOut(s.clock.Now()), l.Total, pg),
		Scope:    l.Scope,
		ByUnit:   talliesOut(l.ByUnit),
		ByOwner:  talliesOut(l.ByOwner),
	})
	return nil
}
