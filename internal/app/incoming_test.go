package app_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The people of the 收文 tests, whose 待办 are checked at every step.
var incomingPeople = []string{"wenshu", "zhuren", "xianzhang", "fuxianzhang", "fgj.lly", "chengguan.lly", "czj.lly"}

// newIncoming is a 特急 办件 from the city government.
func newIncoming() *zhongshu.IncomingDoc {
	return &zhongshu.IncomingDoc{SenderName: "市人民政府办公室", SenderNumber: "市政办发[2026]88号",
		Title: "关于做好今冬明春森林防火工作的通知", Urgency: zhongshu.UrgencyExtra, Copies: 1,
		Channel: zhongshu.ChannelExchange, Handling: zhongshu.HandlingAction, Summary: "请于12月10日前报送工作方案。"}
}

// incomingWork lists who holds which open 收文 待办/待阅 on doc id, as
// "username:step".
func (f *fixture) incomingWork(id int64) []string {
	f.t.Helper()
	var out []string
	for _, u := range incomingPeople {
		for _, kind := range []zhongshu.WorkKind{zhongshu.WorkTodo, zhongshu.WorkToRead} {
			wl, err := f.app.Work(f.ctx, f.actor(u), kind, false, app.Page{})
			if err != nil {
				f.t.Fatal(err)
			}
			for _, w := range wl.Items {
				if w.Module == app.IncomingModule && w.RefID == id {
					out = append(out, u+":"+w.Step)
				}
			}
		}
	}
	return out
}

func (f *fixture) incomingEvents(id int64) []string {
	f.t.Helper()
	var es []*store.IncomingEvent
	if err := f.db.View(f.ctx, func(tx *store.Tx) (err error) { es, err = tx.FindIncomingEvents(f.ctx, id); return err }); err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func TestIncoming_ActionRoute(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		d := newIncoming()
		warnings, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), d, app.ModeRegister)
		if err != nil {
			t.Fatal(err)
		}
		if d.Number != "收〔2026〕0001" || d.Status != zhongshu.IncomingRegistered || d.SenderNumber != "市政办发〔2026〕88号" {
			t.Fatalf("registered %s %s %s", d.Number, d.Status, d.SenderNumber)
		}
		if len(warnings) == 0 || !strings.Contains(strings.Join(warnings, ""), "六角括号") {
			t.Errorf("warnings = %v, want the bracket correction", warnings)
		}
		if got := f.incomingWork(d.ID); !cmp.Equal(got, []string{"zhuren:拟办"}) {
			t.Errorf("after registration 待办 = %v", got)
		}
		lead, co := f.unitID("青川县发展和改革局"), f.unitID("青川县城关镇人民政府")
		due := time.Date(2026, 12, 10, 16, 0, 0, 0, time.UTC)
		steps := []struct {
			who    string
			req    app.IncomingRequest
			status zhongshu.IncomingStatus
			work   []string
		}{
			{"zhuren", app.IncomingRequest{Action: incoming.Propose, Text: "拟请发改局牵头，城关镇配合。呈何县长、杜副县长阅示。",
				Leaders: []int64{f.actor("xianzhang").ID(), f.actor("fuxianzhang").ID()}, InOrder: true,
				Assignments: []zhongshu.IncomingAssignment{{UnitID: lead, Role: zhongshu.AssignmentLead, DueAt: due},
					{UnitID: co, Role: zhongshu.AssignmentCo, DueAt: due}}},
				zhongshu.IncomingAwaitingInstruction, []string{"xianzhang:批示"}},
			{"xianzhang", app.IncomingRequest{Action: incoming.Instruct, Text: "同意。请海燕同志督促落实。"},
				zhongshu.IncomingAwaitingInstruction, []string{"fuxianzhang:批示"}},
			{"fuxianzhang", app.IncomingRequest{Action: incoming.Instruct, Text: "请发改局抓紧办理。"},
				zhongshu.IncomingAssigned, []string{"fgj.lly:承办签收", "chengguan.lly:承办签收"}},
			{"fgj.lly", app.IncomingRequest{Action: incoming.Accept}, zhongshu.IncomingInProgress,
				[]string{"fgj.lly:办理", "chengguan.lly:承办签收"}},
			{"wenshu", app.IncomingRequest{Action: incoming.Urge, Text: "请抓紧签收。", Channel: "电话"},
				zhongshu.IncomingInProgress, []string{"fgj.lly:办理", "chengguan.lly:承办签收"}},
			{"chengguan.lly", app.IncomingRequest{Action: incoming.Accept}, zhongshu.IncomingInProgress,
				[]string{"fgj.lly:办理", "chengguan.lly:协办意见"}},
			{"chengguan.lly", app.IncomingRequest{Action: incoming.CoInput, Text: "城关镇已落实巡护人员。"},
				zhongshu.IncomingInProgress, []string{"fgj.lly:办理"}},
			{"fgj.lly", app.IncomingRequest{Action: incoming.Report, Text: "工作方案已报市政府办。", ReplyNumber: "青发改〔2026〕45号"},
				zhongshu.IncomingReplied, []string{"wenshu:办结"}},
			{"wenshu", app.IncomingRequest{Action: incoming.Complete}, zhongshu.IncomingCompleted, nil},
			{"wenshu", app.IncomingRequest{Action: incoming.Archive}, zhongshu.IncomingArchived, nil},
		}
		for i, s := range steps {
			f.clock.Advance(time.Hour)
			got, err := f.app.ActOnIncoming(f.ctx, f.actor(s.who), d.ID, s.req)
			if err != nil {
				t.Fatalf("step %d, %s %s: %v", i, s.who, s.req.Action, err)
			}
			if got.Status != s.status {
				t.Errorf("step %d, %s: status %s, want %s", i, s.req.Action, got.Status, s.status)
			}
			if diff := cmp.Diff(s.work, f.incomingWork(d.ID)); diff != "" {
				t.Errorf("step %d, %s: 待办 (-want +got):\n%s", i, s.req.Action, diff)
			}
		}
		det, err := f.app.FindIncomingDoc(f.ctx, f.actor("fgj.lly"), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if det.Doc.ArchiveNumber != "2026-收-0001" || det.Doc.Assignments[0].PersonID != f.actor("fgj.lly").ID() {
			t.Errorf("final: archive %q, lead person %d", det.Doc.ArchiveNumber, det.Doc.Assignments[0].PersonID)
		}
		want := []string{"register", "propose", "instruct", "instruct", "accept", "urge", "accept", "co_input", "report",
			"complete", "archive"}
		if diff := cmp.Diff(want, f.incomingEvents(d.ID)); diff != "" {
			t.Errorf("timeline (-want +got):\n%s", diff)
		}
		// Another unit's clerk never sees it.
		if _, err := f.app.FindIncomingDoc(f.ctx, f.actor("czj.lly"), d.ID); zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
			t.Errorf("czj.lly sees the document: %v", err)
		}
		l, err := f.app.FindIncomingDocs(f.ctx, f.actor("czj.lly"), store.IncomingFilter{}, app.Page{})
		if err != nil || l.Total != 0 {
			t.Errorf("czj.lly list: %d, %v", l.Total, err)
		}
		l, err = f.app.FindIncomingDocs(f.ctx, f.actor("chengguan.lly"), store.IncomingFilter{}, app.Page{})
		if err != nil || l.Total != 1 {
			t.Errorf("chengguan.lly list: %+v, %v", l, err)
		}
	})
}

func TestIncoming_ClassifiedRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		before := f.auditCount()
		for _, s := range []zhongshu.Secrecy{zhongshu.SecrecySecret, zhongshu.SecrecyConfidential, zhongshu.SecrecyTopSecret} {
			d := newIncoming()
			d.Secrecy = s
			_, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), d, app.ModeRegister)
			if zhongshu.ErrorFields(err)["secrecy"] != zhongshu.ClassifiedMessage {
				t.Errorf("%s: err = %v", s, err)
			}
		}
		l, err := f.app.FindIncomingDocs(f.ctx, f.actor("wenshu"), store.IncomingFilter{}, app.Page{})
		if err != nil || l.Total != 0 {
			t.Errorf("saved %d classified documents (%v)", l.Total, err)
		}
		if f.auditCount() != before+3 {
			t.Errorf("audit entries %d, want 3 refusals", f.auditCount()-before)
		}
	})
}

func TestIncoming_NumbersUnderConcurrency(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		const n = 40
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := newIncoming()
				d.Title = fmt.Sprintf("第%d件来文的通知", i)
				d.SenderNumber = ""
				if i%7 == 3 { // some fail validation inside: their numbers must not be lost
					d.Title = ""
				}
				_, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), d, app.ModeRegister)
				if d.Title != "" {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		l, err := f.app.FindIncomingDocs(f.ctx, f.actor("wenshu"), store.IncomingFilter{}, app.Page{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range l.Docs {
			got = append(got, d.Number)
		}
		slices.Sort(got)
		var want []string
		for i := 1; i <= len(l.Docs); i++ {
			want = append(want, store.IncomingNumber(2026, i))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("numbers have gaps or duplicates (-want +got):\n%s", diff)
		}
	})
}

func TestIncoming_CirculationAndUnreachedReaders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		d := newIncoming()
		d.Handling, d.Urgency, d.Title = zhongshu.HandlingRead, zhongshu.UrgencyNormal, "关于2026年第三季度经济运行情况的通报"
		if _, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), d, app.ModeRegister); err != nil {
			t.Fatal(err)
		}
		if got := f.incomingWork(d.ID); !cmp.Equal(got, []string{"wenshu:分送传阅"}) {
			t.Errorf("after registration 待办 = %v", got)
		}
		readers := []int64{f.actor("xianzhang").ID(), f.actor("fuxianzhang").ID()}
		if _, err := f.app.ActOnIncoming(f.ctx, f.actor("wenshu"), d.ID, app.IncomingRequest{Action: incoming.Circulate,
			Readers: readers}); err != nil {
			t.Fatal(err)
		}
		if got := f.incomingWork(d.ID); !cmp.Equal(got, []string{"xianzhang:阅文", "fuxianzhang:阅文"}) {
			t.Errorf("in 传阅 待阅 = %v", got)
		}
		app.SetFlagBatch(f.app, 1) // one reader a transaction: the paging is walked
		// Friday 2026-11-27 → Monday 2026-11-30: past the calendar-day
		// prefilter, but one working day: read, skipped, and paged past.
		f.clock.Advance(3 * 24 * time.Hour)
		if n, err := f.app.CheckIncomingReaders(f.ctx); err != nil || n != 0 {
			t.Fatalf("on Monday raised %d (%v), want 0", n, err)
		}
		// → Thursday 2026-12-03: three working days later.
		f.clock.Advance(3 * 24 * time.Hour)
		n, err := f.app.CheckIncomingReaders(f.ctx)
		if err != nil || n != 2 {
			t.Fatalf("raised %d (%v), want 2", n, err)
		}
		if n, _ := f.app.CheckIncomingReaders(f.ctx); n != 0 {
			t.Errorf("second run raised %d, want 0", n)
		}
		missed := zhongshu.FlagMissed
		ledger := func() int {
			l, err := f.app.FindLedger(f.ctx, f.actor("zhuren"), zhongshu.FlagFilter{Kind: &missed})
			if err != nil {
				t.Fatal(err)
			}
			return l.Total
		}
		if got := ledger(); got != 2 {
			t.Errorf("ledger 漏 = %d, want 2", got)
		}
		if err := f.app.MarkIncomingOpened(f.ctx, f.actor("xianzhang"), d.ID); err != nil {
			t.Fatal(err)
		}
		if got := ledger(); got != 1 {
			t.Errorf("after one reader opened, 漏 = %d, want 1", got)
		}
		for _, who := range []string{"xianzhang", "fuxianzhang"} {
			if _, err := f.app.ActOnIncoming(f.ctx, f.actor(who), d.ID, app.IncomingRequest{Action: incoming.Read, Text: "已阅。"}); err != nil {
				t.Fatal(err)
			}
		}
		if got := ledger(); got != 0 {
			t.Errorf("after everyone read, 漏 = %d, want 0", got)
		}
		det, err := f.app.FindIncomingDoc(f.ctx, f.actor("wenshu"), d.ID)
		if err != nil || det.Doc.Status != zhongshu.IncomingCompleted || len(det.Holders) != 0 {
			t.Errorf("final: %v holders %v (%v)", det.Doc.Status, det.Holders, err)
		}
	})
}

func TestIncoming_NoLeadIsMissedAndSupervisionLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		d := newIncoming()
		if _, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), d, app.ModeRegister); err != nil {
			t.Fatal(err)
		}
		// The 督查室 sees a 收文 only once a leader has written a 批示 on it.
		if _, err := f.app.FindIncomingDoc(f.ctx, f.actor("duchayuan"), d.ID); zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
			t.Errorf("督查员 sees a document without 批示: %v", err)
		}
		// 呈批 with no units named: after the 批示 the 办件 has no 主办 — a 漏.
		if _, err := f.app.ActOnIncoming(f.ctx, f.actor("zhuren"), d.ID, app.IncomingRequest{Action: incoming.Propose,
			Text: "呈何县长阅示。", Leaders: []int64{f.actor("xianzhang").ID()}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.ActOnIncoming(f.ctx, f.actor("xianzhang"), d.ID, app.IncomingRequest{Action: incoming.Instruct,
			Text: "请发改局牵头办理，年底前完成。"}); err != nil {
			t.Fatal(err)
		}
		if l, err := f.app.FindIncomingDocs(f.ctx, f.actor("duchayuan"), store.IncomingFilter{}, app.Page{}); err != nil || l.Total != 1 {
			t.Errorf("督查员's list after the 批示: %+v (%v)", l, err)
		}
		missed := zhongshu.FlagMissed
		l, err := f.app.FindLedger(f.ctx, f.actor("zhuren"), zhongshu.FlagFilter{Kind: &missed})
		if err != nil || l.Total != 1 || !strings.Contains(l.Flags[0].Detail, "主办") {
			t.Fatalf("ledger after 批示 without units: %+v (%v)", l, err)
		}
		if got := f.incomingWork(d.ID); !cmp.Equal(got, []string{"zhuren:交办"}) {
			t.Errorf("待办 = %v, want zhuren:交办", got)
		}
		// Not assignable to 督办 before it has units.
		if _, err := f.app.CreateSupervisionFromIncoming(f.ctx, f.actor("duchayuan"), d.ID); zhongshu.ErrorCode(err) != zhongshu.CodePrecondition {
			t.Errorf("转督办 before 交办: %v", err)
		}
		due := time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC)
		if _, err := f.app.ActOnIncoming(f.ctx, f.actor("wenshu"), d.ID, app.IncomingRequest{Action: incoming.Assign,
			Assignments: []zhongshu.IncomingAssignment{{UnitID: f.unitID("青川县发展和改革局"), Role: zhongshu.AssignmentLead, DueAt: due}}}); err != nil {
			t.Fatal(err)
		}
		if l, _ := f.app.FindLedger(f.ctx, f.actor("zhuren"), zhongshu.FlagFilter{Kind: &missed}); l.Total != 0 {
			t.Errorf("漏 not cleared by 交办: %d", l.Total)
		}
		it, err := f.app.CreateSupervisionFromIncoming(f.ctx, f.actor("duchayuan"), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if it.Source != zhongshu.SourceInstruction || it.AssigningLeaderID != f.actor("xianzhang").ID() ||
			!strings.Contains(it.SourceRef, "请发改局牵头办理") || !it.DueAt.Equal(due) {
			t.Errorf("draft item: %+v", it)
		}
		sd, err := f.app.FindSupervisionItem(f.ctx, f.actor("duchayuan"), it.ID)
		if err != nil || sd.Item.IncomingID != d.ID {
			t.Errorf("item → 收文 link: %d (%v)", sd.Item.IncomingID, err)
		}
		det, _ := f.app.FindIncomingDoc(f.ctx, f.actor("wenshu"), d.ID)
		if det.Doc.SupervisionItemID != it.ID || det.CanLink {
			t.Errorf("收文 → item link: %d, can link %v", det.Doc.SupervisionItemID, det.CanLink)
		}
		if _, err := f.app.CreateSupervisionFromIncoming(f.ctx, f.actor("duchayuan"), d.ID); zhongshu.ErrorCode(err) != zhongshu.CodeConflict {
			t.Errorf("second 转督办: %v", err)
		}
		if _, err := f.app.CreateSupervisionFromIncoming(f.ctx, f.actor("wenshu"), d.ID); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
			t.Errorf("转督办 by 文书: %v", err)
		}
	})
}
