package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The people of the 督办 tests, whose 待办 are checked at every step.
var supervisionPeople = []string{"duchayuan", "zhuren", "xianzhang", "fuxianzhang", "fgj.lly", "chengguan.lly", "czj.lly"}

func (f *fixture) unitID(fullName string) int64 {
	f.t.Helper()
	units, _, err := f.app.FindUnits(f.ctx, f.actor("sysadmin"), zhongshu.UnitFilter{Query: fullName})
	if err != nil || len(units) != 1 {
		f.t.Fatalf("unit %s: %d found, %v", fullName, len(units), err)
	}
	return units[0].ID
}

// newSupervisionItem is a 县长's 批示 for 县发改局 (主办) and 城关镇 (协办).
func (f *fixture) newSupervisionItem() *zhongshu.SupervisionItem {
	due := time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC) // 2026-12-31 24:00 CST
	return &zhongshu.SupervisionItem{Title: "关于加快城区公共停车场建设的批示", Source: zhongshu.SourceInstruction,
		SourceRef: "何建平县长11月26日批示：请发改局牵头，城关镇配合，年底前拿出方案。", Content: "年底前报送建设方案。",
		AssigningLeaderID: f.actor("xianzhang").ID(), ResponsibleLeaderID: f.actor("fuxianzhang").ID(), DueAt: due,
		Assignments: []zhongshu.Assignment{
			{UnitID: f.unitID("青川县发展和改革局"), Role: zhongshu.AssignmentLead},
			{UnitID: f.unitID("青川县城关镇人民政府"), Role: zhongshu.AssignmentCo, CoInputDue: due.AddDate(0, 0, -14)},
		}}
}

// draftNeedingApproval stores a draft from a document (来文), which the
// office director must approve once submitted.
func (f *fixture) draftNeedingApproval() *zhongshu.SupervisionItem {
	f.t.Helper()
	it := f.newSupervisionItem()
	it.Source = zhongshu.SourceDocument
	if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
		f.t.Fatal(err)
	}
	return it
}

// supervisionWork lists who holds which open 督办 待办 on item id, as
// "username:step".
func (f *fixture) supervisionWork(id int64) []string {
	f.t.Helper()
	var out []string
	for _, u := range supervisionPeople {
		wl, err := f.app.Work(f.ctx, f.actor(u), zhongshu.WorkTodo, false, app.Page{})
		if err != nil {
			f.t.Fatal(err)
		}
		for _, w := range wl.Items {
			if w.Module == app.SupervisionModule && w.RefID == id {
				out = append(out, u+":"+w.Step)
			}
		}
	}
	return out
}

func (f *fixture) workItem(username string, id int64) *zhongshu.WorkItem {
	f.t.Helper()
	wl, _ := f.app.Work(f.ctx, f.actor(username), zhongshu.WorkTodo, false, app.Page{})
	for _, w := range wl.Items {
		if w.Module == app.SupervisionModule && w.RefID == id {
			return w
		}
	}
	f.t.Fatalf("%s holds no 待办 on item %d", username, id)
	return nil
}

func (f *fixture) supervisionEvents(id int64) []string {
	f.t.Helper()
	var es []*store.SupervisionEvent
	if err := f.db.View(f.ctx, func(tx *store.Tx) (err error) { es, err = tx.FindSupervisionEvents(f.ctx, id); return err }); err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func (f *fixture) supervisionAudit() []string {
	f.t.Helper()
	var es []*zhongshu.AuditEntry
	if err := f.db.View(f.ctx, func(tx *store.Tx) (err error) {
		es, _, err = tx.FindAuditEntries(f.ctx, zhongshu.AuditFilter{ObjectType: "supervision", Limit: 100})
		return err
	}); err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, fmt.Sprintf("%s %s→%s", es[i].Action, es[i].FromState, es[i].ToState))
	}
	return out
}

func TestSupervision_Lifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		it := f.newSupervisionItem()
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
			t.Fatal(err)
		}
		if it.Number != "督〔2026〕1号" || it.Status != zhongshu.SupervisionDraft || it.SupervisorID != f.actor("duchayuan").ID() {
			t.Fatalf("created %s, %s, supervisor %d", it.Number, it.Status, it.SupervisorID)
		}
		originalDue := it.DueAt
		newDue := time.Date(2027, 1, 15, 16, 0, 0, 0, time.UTC)
		signDue, _ := f.app.DueIn(f.clock.Now(), 1)
		steps := []struct {
			who    string
			req    app.SupervisionRequest
			status zhongshu.SupervisionStatus
			work   []string
		}{
			{"duchayuan", app.SupervisionRequest{Action: supervision.Submit}, zhongshu.SupervisionIssued,
				[]string{"fgj.lly:签收", "chengguan.lly:签收"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.Sign}, zhongshu.SupervisionInProgress,
				[]string{"fgj.lly:办理", "chengguan.lly:签收"}},
			{"chengguan.lly", app.SupervisionRequest{Action: supervision.Sign}, zhongshu.SupervisionInProgress,
				[]string{"fgj.lly:办理", "chengguan.lly:协办意见"}},
			{"chengguan.lly", app.SupervisionRequest{Action: supervision.SendInput, Reason: "同意在城关镇东街设置停车场。"},
				zhongshu.SupervisionInProgress, []string{"fgj.lly:办理"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.Report, Reason: "已完成选址。"}, zhongshu.SupervisionInProgress,
				[]string{"fgj.lly:办理"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.RequestExtension, NewDue: newDue, Reason: "需等待规划审批。"},
				zhongshu.SupervisionExtensionPending, []string{"duchayuan:审批延期", "fgj.lly:办理"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.ApproveExtension}, zhongshu.SupervisionInProgress,
				[]string{"fgj.lly:办理"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.RequestCompletion, Reason: "方案已报送。"},
				zhongshu.SupervisionUnderReview, []string{"duchayuan:审核办结"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Return, Reason: "缺少资金测算。"}, zhongshu.SupervisionInProgress,
				[]string{"fgj.lly:办理"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.RequestCompletion, Reason: "已补充资金测算。"},
				zhongshu.SupervisionUnderReview, []string{"duchayuan:审核办结"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Accept}, zhongshu.SupervisionLeaderReview,
				[]string{"xianzhang:审阅"}},
			{"xianzhang", app.SupervisionRequest{Action: supervision.LeaderClose}, zhongshu.SupervisionCompleted,
				[]string{"duchayuan:评价销号"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.EvaluateClose}, zhongshu.SupervisionClosed, nil},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Archive}, zhongshu.SupervisionArchived, nil},
		}
		if got := f.supervisionWork(it.ID); len(got) != 0 {
			t.Errorf("draft work = %v, want none", got)
		}
		for i, s := range steps {
			f.clock.Advance(time.Hour)
			got, err := f.app.ActOnSupervision(f.ctx, f.actor(s.who), it.ID, s.req)
			if err != nil {
				t.Fatalf("step %d, %s %s: %v", i, s.who, s.req.Action, err)
			}
			if got.Status != s.status {
				t.Errorf("step %d, %s: status %s, want %s", i, s.req.Action, got.Status, s.status)
			}
			if diff := cmp.Diff(s.work, f.supervisionWork(it.ID)); diff != "" {
				t.Errorf("step %d, %s: 待办 (-want +got):\n%s", i, s.req.Action, diff)
			}
			switch s.req.Action {
			case supervision.Submit:
				if w := f.workItem("fgj.lly", it.ID); !w.DueAt.Equal(signDue) || w.URL != app.SupervisionURL(it.ID) {
					t.Errorf("签收 due %v (want %v), url %s", w.DueAt, signDue, w.URL)
				}
				msgs, _ := f.app.Notifications(f.ctx, f.actor("chengguan.lly"), 5)
				if len(msgs) == 0 || !strings.Contains(msgs[0].Subject, "签收") {
					t.Errorf("co unit not notified: %+v", msgs)
				}
			case supervision.Sign:
				if w := f.workItem("fgj.lly", it.ID); !w.DueAt.Equal(originalDue) {
					t.Errorf("办理 due %v, want %v", w.DueAt, originalDue)
				}
			case supervision.ApproveExtension:
				if w := f.workItem("fgj.lly", it.ID); !w.DueAt.Equal(newDue) {
					t.Errorf("办理 due after extension %v, want %v", w.DueAt, newDue)
				}
			}
		}
		d, err := f.app.FindSupervisionItem(f.ctx, f.actor("duchayuan"), it.ID)
		if err != nil {
			t.Fatal(err)
		}
		final := d.Item
		if final.Returns != 1 || final.Extensions != 1 || !final.DueAt.Equal(newDue) || !final.OriginalDueAt.Equal(originalDue) ||
			final.CompletedAt.IsZero() || final.ClosedAt.IsZero() || final.IssuedAt.IsZero() {
			t.Errorf("final item: returns %d, extensions %d, due %v, original %v, completed %v, closed %v",
				final.Returns, final.Extensions, final.DueAt, final.OriginalDueAt, final.CompletedAt, final.ClosedAt)
		}
		if d.Light != zhongshu.LightDoneOnTime {
			t.Errorf("light = %s, want done on time", d.Light)
		}
		wantEvents := []string{"create", "submit", "sign", "sign", "send_input", "report", "request_extension",
			"approve_extension", "request_completion", "return", "request_completion", "accept", "leader_close",
			"evaluate_close", "archive"}
		if diff := cmp.Diff(wantEvents, f.supervisionEvents(it.ID)); diff != "" {
			t.Errorf("timeline (-want +got):\n%s", diff)
		}
		if e := d.Events[5]; e.Text != "已完成选址。" || e.ActorName == "" || e.FromStatus != zhongshu.SupervisionInProgress {
			t.Errorf("report event = %+v", e)
		}
		if e := d.Events[6]; !strings.Contains(e.Text, "2027年1月15日") || !strings.Contains(e.Text, "规划审批") {
			t.Errorf("extension event text = %q", e.Text)
		}
		wantAudit := []string{"supervision.create →draft", "supervision.submit draft→issued",
			"supervision.sign issued→in_progress", "supervision.sign in_progress→in_progress",
			"supervision.send_input in_progress→in_progress", "supervision.report in_progress→in_progress",
			"supervision.request_extension in_progress→extension_pending",
			"supervision.approve_extension extension_pending→in_progress",
			"supervision.request_completion in_progress→under_review", "supervision.return under_review→in_progress",
			"supervision.request_completion in_progress→under_review", "supervision.accept under_review→leader_review",
			"supervision.leader_close leader_review→completed", "supervision.evaluate_close completed→closed",
			"supervision.archive closed→archived"}
		if diff := cmp.Diff(wantAudit, f.supervisionAudit()); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	})
}

func TestSupervision_RefusalsChangeNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		it := f.newSupervisionItem()
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("fgj.lly"), it); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
			t.Errorf("liaison creating an item: %v, want forbidden", err)
		}
		bad := f.newSupervisionItem()
		bad.Title, bad.Assignments = "", nil
		fields := zhongshu.ErrorFields(f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), bad))
		if fields["title"] == "" || fields["assignments"] == "" {
			t.Errorf("invalid draft: fields %v", fields)
		}
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
			t.Fatal(err)
		}
		if it.Number != "督〔2026〕1号" {
			t.Errorf("number after refused creations = %s, want 督〔2026〕1号", it.Number)
		}
		act := func(who string, req app.SupervisionRequest) error {
			_, err := f.app.ActOnSupervision(f.ctx, f.actor(who), it.ID, req)
			return err
		}
		if err := act("duchayuan", app.SupervisionRequest{Action: supervision.Submit}); err != nil {
			t.Fatal(err)
		}
		work, events := f.supervisionWork(it.ID), f.supervisionEvents(it.ID)
		tests := []struct {
			name string
			who  string
			req  app.SupervisionRequest
			code zhongshu.Code
		}{
			{"co unit reports completion", "chengguan.lly", app.SupervisionRequest{Action: supervision.RequestCompletion}, zhongshu.CodeForbidden},
			{"liaison approves", "fgj.lly", app.SupervisionRequest{Action: supervision.Approve}, zhongshu.CodeForbidden},
			{"supervisor signs", "duchayuan", app.SupervisionRequest{Action: supervision.Sign}, zhongshu.CodeForbidden},
			{"completion before signing", "fgj.lly", app.SupervisionRequest{Action: supervision.RequestCompletion}, zhongshu.CodePrecondition},
			{"submit twice", "duchayuan", app.SupervisionRequest{Action: supervision.Submit}, zhongshu.CodePrecondition},
			{"cancel without reason", "xianzhang", app.SupervisionRequest{Action: supervision.Cancel}, zhongshu.CodeInvalid},
			{"unknown action", "duchayuan", app.SupervisionRequest{Action: "explode"}, zhongshu.CodeInvalid},
			{"other unit", "czj.lly", app.SupervisionRequest{Action: supervision.Sign}, zhongshu.CodeNotFound},
			{"missing item", "duchayuan", app.SupervisionRequest{Action: supervision.Sign}, zhongshu.CodeNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var err error
				if tt.name == "missing item" {
					_, err = f.app.ActOnSupervision(f.ctx, f.actor(tt.who), 99999, tt.req)
				} else {
					err = act(tt.who, tt.req)
				}
				if got := zhongshu.ErrorCode(err); got != tt.code {
					t.Errorf("code = %q (%v), want %q", got, err, tt.code)
				}
			})
		}
		d, _ := f.app.FindSupervisionItem(f.ctx, f.actor("duchayuan"), it.ID)
		if d.Item.Status != zhongshu.SupervisionIssued || !d.Item.Assignments[0].SignedAt.IsZero() {
			t.Errorf("refusals changed the item: %s", d.Item.Status)
		}
		if diff := cmp.Diff(work, f.supervisionWork(it.ID)); diff != "" {
			t.Errorf("refusals changed the 待办 (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(events, f.supervisionEvents(it.ID)); diff != "" {
			t.Errorf("refusals changed the timeline (-before +after):\n%s", diff)
		}
		if e := f.lastAudit(); e.Success || !strings.HasPrefix(e.Action, "supervision.") {
			t.Errorf("a forbidden attempt is audited as a failure: %+v", e)
		}
	})
}

func TestSupervision_Visibility(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		it := f.newSupervisionItem()
		it.ResponsibleLeaderID = 0
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
			t.Fatal(err)
		}
		other := f.newSupervisionItem()
		other.Title = "关于财政资金绩效评价的督办"
		other.Assignments = []zhongshu.Assignment{{UnitID: f.unitID("青川县财政局"), Role: zhongshu.AssignmentLead}}
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), other); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			who     string
			canSee  bool
			visible []int64
		}{
			{"duchayuan", true, []int64{other.ID, it.ID}},
			{"zhuren", true, []int64{other.ID, it.ID}},
			{"xianzhang", true, []int64{other.ID, it.ID}},
			{"fgj.lly", true, []int64{it.ID}},
			{"chengguan.lly", true, []int64{it.ID}},
			{"fuxianzhang", false, []int64{other.ID}}, // 分管 only the other item
			{"czj.lly", false, []int64{other.ID}},
			{"wenshu", false, nil},
		} {
			t.Run(tt.who, func(t *testing.T) {
				actor := f.actor(tt.who)
				_, err := f.app.FindSupervisionItem(f.ctx, actor, it.ID)
				if tt.canSee && err != nil {
					t.Errorf("FindSupervisionItem: %v", err)
				}
				if !tt.canSee && zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
					t.Errorf("FindSupervisionItem: %v, want not found", err)
				}
				l, err := f.app.FindSupervisionItems(f.ctx, actor, store.SupervisionFilter{}, app.Page{})
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, x := range l.Items {
					ids = append(ids, x.ID)
				}
				if !slices.Equal(ids, tt.visible) || l.Total != len(tt.visible) || len(l.Lights) != len(ids) {
					t.Errorf("list = %v (total %d), want %v", ids, l.Total, tt.visible)
				}
			})
		}
		// The page is cut after scoping: one item per page still counts all.
		l, _ := f.app.FindSupervisionItems(f.ctx, f.actor("fgj.lly"), store.SupervisionFilter{}, app.Page{Limit: 1})
		if l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != it.ID {
			t.Errorf("fgj.lly page of 1: %d items, total %d", len(l.Items), l.Total)
		}
	})
}

func TestSupervision_ApprovalTransferAndCancel(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		it := f.draftNeedingApproval()
		czj := f.unitID("青川县财政局")
		steps := []struct {
			who    string
			req    app.SupervisionRequest
			status zhongshu.SupervisionStatus
			work   []string
		}{
			{"duchayuan", app.SupervisionRequest{Action: supervision.Submit}, zhongshu.SupervisionPendingApproval,
				[]string{"zhuren:立项审批"}},
			{"zhuren", app.SupervisionRequest{Action: supervision.Approve}, zhongshu.SupervisionIssued,
				[]string{"fgj.lly:签收", "chengguan.lly:签收"}},
			{"chengguan.lly", app.SupervisionRequest{Action: supervision.Object, Reason: "停车场建设不属于本镇职责。"},
				zhongshu.SupervisionTransferRequested, []string{"duchayuan:处理转办申请", "fgj.lly:签收"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Reassign, Assignments: []zhongshu.Assignment{
				{UnitID: it.Assignments[0].UnitID, Role: zhongshu.AssignmentLead},
				{UnitID: czj, Role: zhongshu.AssignmentCo}}},
				zhongshu.SupervisionIssued, []string{"fgj.lly:签收", "czj.lly:签收"}},
			{"zhuren", app.SupervisionRequest{Action: supervision.Cancel, Reason: "已纳入年度重点工作统一督办。"},
				zhongshu.SupervisionCancelled, nil},
		}
		for i, s := range steps {
			got, err := f.app.ActOnSupervision(f.ctx, f.actor(s.who), it.ID, s.req)
			if err != nil {
				t.Fatalf("step %d, %s %s: %v", i, s.who, s.req.Action, err)
			}
			if got.Status != s.status {
				t.Errorf("step %d, %s: status %s, want %s", i, s.req.Action, got.Status, s.status)
			}
			if diff := cmp.Diff(s.work, f.supervisionWork(it.ID)); diff != "" {
				t.Errorf("step %d, %s: 待办 (-want +got):\n%s", i, s.req.Action, diff)
			}
		}
		// 城关镇 is no longer assigned: its liaison loses sight of the item.
		if _, err := f.app.FindSupervisionItem(f.ctx, f.actor("chengguan.lly"), it.ID); zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
			t.Errorf("former co unit sees the item: %v", err)
		}
	})
}

func TestSupervision_NumbersUnderConcurrentCreation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		sup := f.actor("duchayuan")
		template := f.newSupervisionItem()
		const workers, each = 8, 10
		errs := make(chan error, workers*each)
		numbers := make(chan string, workers*each)
		done := make(chan struct{})
		for range workers {
			go func() {
				defer func() { done <- struct{}{} }()
				for range each {
					it := *template
					it.Assignments = slices.Clone(template.Assignments)
					err := f.app.CreateSupervisionItem(f.ctx, sup, &it)
					errs <- err
					numbers <- it.Number
				}
			}()
		}
		for range workers {
			<-done
		}
		close(errs)
		close(numbers)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var got, want []string
		for n := range numbers {
			got = append(got, n)
		}
		for i := 1; i <= workers*each; i++ {
			want = append(want, fmt.Sprintf("督〔2026〕%d号", i))
		}
		slices.Sort(got)
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("numbers (-want +got):\n%s", diff)
		}
	})
}

// TestLoadDemoWork loads the demo workload: the units' liaisons and the
// 督查员 find it in their 工作台.
func TestLoadDemoWork(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	if err := f.app.LoadDemoWork(f.ctx); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"fgj.lly"} {
		wl, err := f.app.Work(f.ctx, f.actor(who), zhongshu.WorkTodo, false, app.Page{})
		if err != nil || wl.Todo == 0 {
			t.Errorf("%s has no 待办 after the demo workload: %+v, %v", who, wl, err)
		}
	}
	l, err := f.app.FindSupervisionItems(f.ctx, f.actor("duchayuan"), store.SupervisionFilter{}, app.Page{})
	if err != nil || l.Total != 4 {
		t.Errorf("demo items: %d, %v", l.Total, err)
	}
	docs, err := f.app.FindIncomingDocs(f.ctx, f.actor("wenshu"), store.IncomingFilter{}, app.Page{})
	if err != nil || docs.Total != 4 {
		t.Fatalf("demo 收文: %d, %v", docs.Total, err)
	}
	var statuses []zhongshu.IncomingStatus
	for _, d := range docs.Docs {
		statuses = append(statuses, d.Status)
	}
	slices.Sort(statuses)
	want := []zhongshu.IncomingStatus{zhongshu.IncomingAwaitingInstruction, zhongshu.IncomingCirculating,
		zhongshu.IncomingInProgress, zhongshu.IncomingRegistered}
	if diff := cmp.Diff(want, statuses); diff != "" {
		t.Errorf("demo 收文 statuses (-want +got):\n%s", diff)
	}
}

// TestSupervision_Urge records a 催办 with its channel and author, tells the
// holder of the next step, and refuses the wrong people and states.
func TestSupervision_Urge(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	it := f.newSupervisionItem()
	sup := f.actor("duchayuan")
	if err := f.app.CreateSupervisionItem(f.ctx, sup, it); err != nil {
		t.Fatal(err)
	}
	if err := f.app.UrgeSupervision(f.ctx, sup, it.ID, "phone", "请尽快签收"); zhongshu.ErrorCode(err) != zhongshu.CodePrecondition {
		t.Errorf("urging a draft: %v", err)
	}
	if _, err := f.app.ActOnSupervision(f.ctx, sup, it.ID, app.SupervisionRequest{Action: supervision.Submit}); err != nil {
		t.Fatal(err)
	}
	before := f.supervisionEvents(it.ID)
	tests := []struct {
		who, channel string
		code         zhongshu.Code
	}{
		{"duchayuan", "pigeon", zhongshu.CodeInvalid},
		{"fgj.lly", "phone", zhongshu.CodeForbidden},
		{"wenshu", "phone", zhongshu.CodeNotFound},
	}
	for _, tt := range tests {
		if err := f.app.UrgeSupervision(f.ctx, f.actor(tt.who), it.ID, tt.channel, "请尽快签收"); zhongshu.ErrorCode(err) != tt.code {
			t.Errorf("%s urging by %s: %v, want %s", tt.who, tt.channel, err, tt.code)
		}
	}
	if diff := cmp.Diff(before, f.supervisionEvents(it.ID)); diff != "" {
		t.Errorf("refused 催办 changed the timeline (-before +after):\n%s", diff)
	}
	if err := f.app.UrgeSupervision(f.ctx, f.actor("zhuren"), it.ID, "phone", "请于今天内签收"); err != nil {
		t.Fatal(err)
	}
	var es []*store.SupervisionEvent
	_ = f.db.View(f.ctx, func(tx *store.Tx) (err error) { es, err = tx.FindSupervisionEvents(f.ctx, it.ID); return err })
	if last := es[len(es)-1]; last.Action != "urge" || last.Text != "【电话催办】请于今天内签收" || last.ActorName != f.actor("zhuren").User.Name {
		t.Errorf("timeline ends with %+v", last)
	}
	msgs, _ := f.app.Notifications(f.ctx, f.actor("fgj.lly"), 10)
	if len(msgs) == 0 || !strings.HasPrefix(msgs[0].Subject, "【催办】") {
		t.Errorf("the lead unit's liaison was not told: %+v", msgs)
	}
	if e := f.lastAudit(); e.Action != "supervision.urge" || e.ActorName != f.actor("zhuren").User.Name {
		t.Errorf("audit = %s by %s", e.Action, e.ActorName)
	}
}

// TestSupervision_DefaultDeadlines gives an item without a deadline the
// county's default for its source (DOMAIN.md §5.2).
func TestSupervision_DefaultDeadlines(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	f.clock.T = time.Date(2026, 9, 22, 2, 0, 0, 0, time.UTC) // Tuesday 10:00 CST, before 中秋 and 国庆
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		source zhongshu.SupervisionSource
		ref    string
		want   time.Time
	}{
		// 5 working days from 9/22: 9/23, 9/24, 9/28, 9/29, 9/30 (9/25–27 中秋).
		{zhongshu.SourceMeeting, "第12次常务会议", time.Date(2026, 10, 1, 0, 0, 0, 0, cst)},
		// 30 days: 10/22, a Thursday and a working day.
		{zhongshu.SourceDocument, "", time.Date(2026, 10, 23, 0, 0, 0, 0, cst)},
		// 3 months: 12/22.
		{zhongshu.SourceNPCCPPCC, "第3号建议", time.Date(2026, 12, 23, 0, 0, 0, 0, cst)},
	}
	for _, tt := range tests {
		it := f.newSupervisionItem()
		it.Source, it.SourceRef, it.DueAt = tt.source, tt.ref, time.Time{}
		it.Assignments[1].CoInputDue = time.Time{}
		if tt.ref == "" {
			it.SourceRef = "县政府办文件"
		}
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
			t.Fatalf("%s: %v", tt.source, err)
		}
		if !it.DueAt.Equal(tt.want) {
			t.Errorf("%s: due %v, want %v", tt.source, it.DueAt.In(cst), tt.want)
		}
	}
	// A source without a default still needs a date.
	it := f.newSupervisionItem()
	it.Source, it.DueAt = zhongshu.SourceOther, time.Time{}
	it.Assignments[1].CoInputDue = time.Time{}
	if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); zhongshu.ErrorFields(err)["due_at"] == "" {
		t.Errorf("no deadline and no default: %v", err)
	}
}

// TestSupervision_ActionKnowsTheOpenWork checks that the open work items an
// action keeps in hand after reconciling the 待办 (instead of reading them
// again to clear the actor's 压) are those a read finds, through approval,
// an objection and reassignment, signing, 协办意见, an extension, a return and
// 办结, on both engines.
func TestSupervision_ActionKnowsTheOpenWork(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		it := f.draftNeedingApproval()
		newDue := it.DueAt.AddDate(0, 0, 14)
		czj := f.unitID("青川县财政局")
		steps := []struct {
			who string
			req app.SupervisionRequest
		}{
			{"duchayuan", app.SupervisionRequest{Action: supervision.Submit}},
			{"zhuren", app.SupervisionRequest{Action: supervision.Approve}},
			{"chengguan.lly", app.SupervisionRequest{Action: supervision.Object, Reason: "不属于本镇职责。"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Reassign, Assignments: []zhongshu.Assignment{
				{UnitID: it.Assignments[0].UnitID, Role: zhongshu.AssignmentLead}, {UnitID: czj, Role: zhongshu.AssignmentCo}}}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.Sign}},
			{"czj.lly", app.SupervisionRequest{Action: supervision.Sign}},
			{"czj.lly", app.SupervisionRequest{Action: supervision.SendInput, Reason: "资金已落实。"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.RequestExtension, NewDue: newDue, Reason: "须征求意见。"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.ApproveExtension}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.Report, Reason: "方案已起草。"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.RequestCompletion, Reason: "已完成。"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Return, Reason: "请补充资金安排。"}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.RequestCompletion, Reason: "已补充。"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Accept}},
			{"xianzhang", app.SupervisionRequest{Action: supervision.LeaderClose}},
		}
		sameTime := cmp.Comparer(func(a, b time.Time) bool { return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond)) })
		for i, s := range steps {
			err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
				kept, err := app.ActOnSupervisionIn(f.app, f.ctx, tx, f.actor(s.who), it.ID, s.req)
				if err != nil {
					return err
				}
				read, err := tx.FindOpenWorkItems(f.ctx, app.SupervisionModule, app.SupervisionRefType, it.ID)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(read, kept, sameTime); diff != "" {
					t.Errorf("step %d, %s %s: open work (-read +kept):\n%s", i, s.who, s.req.Action, diff)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("step %d, %s %s: %v", i, s.who, s.req.Action, err)
			}
			f.clock.Advance(time.Hour)
		}
	})
}

// TestSupervision_PeopleMustBeActive checks the people a new item names: one
// who does not exist and one whose account is disabled are refused, each
// under its field, and nothing is stored.
func TestSupervision_PeopleMustBeActive(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		disabled := f.actor("fuxianzhang").ID()
		if err := f.db.ExecForTest(f.ctx, fmt.Sprintf(`UPDATE users SET status = 'disabled' WHERE id = %d`, disabled)); err != nil {
			t.Fatal(err)
		}
		it := f.newSupervisionItem()
		it.AssigningLeaderID, it.ResponsibleLeaderID = 999999, disabled
		it.Assignments[0].PersonID = 999998
		err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it)
		want := map[string]string{"assigning_leader_id": "人员不存在", "responsible_leader_id": "该人员账号已停用",
			"assignments": "人员不存在"}
		if diff := cmp.Diff(want, zhongshu.ErrorFields(err)); zhongshu.ErrorCode(err) != zhongshu.CodeInvalid || diff != "" {
			t.Errorf("create: %v; fields (-want +got):\n%s", err, diff)
		}
		l, err := f.app.FindSupervisionItems(f.ctx, f.actor("duchayuan"), store.SupervisionFilter{}, app.Page{})
		if err != nil || l.Total != 0 {
			t.Errorf("items stored after a refused create: %d (%v)", l.Total, err)
		}
	})
}
