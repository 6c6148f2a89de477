package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestSupervision_MilestoneReport follows an item reported 按节点: the light
// is 正常 while the first node is ahead, 滞后 once it is past due and not
// done (on the item and in the ledger), and 正常 again when the lead unit's
// 阶段反馈 marks it done. A co unit may not mark a node; a node done or
// missing is refused; refusals change nothing.
func TestSupervision_MilestoneReport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true) // Friday 2026-11-27 17:00 CST
		it := f.newSupervisionItem()
		it.FeedbackCycle = zhongshu.FeedbackMilestone
		firstDue := time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC) // 2026-12-04 24:00 CST
		it.Milestones = []zhongshu.Milestone{{Name: "完成选址", DueAt: firstDue}, {Name: "报送建设方案", DueAt: it.DueAt}}
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			who string
			act supervision.Action
		}{{"duchayuan", supervision.Submit}, {"fgj.lly", supervision.Sign}, {"chengguan.lly", supervision.Sign}} {
			if _, err := f.app.ActOnSupervision(f.ctx, f.actor(s.who), it.ID, app.SupervisionRequest{Action: s.act}); err != nil {
				t.Fatalf("%s %s: %v", s.who, s.act, err)
			}
		}
		lights := func(when string, want zhongshu.SupervisionLight) {
			t.Helper()
			d, err := f.app.FindSupervisionItem(f.ctx, f.actor("duchayuan"), it.ID)
			if err != nil {
				t.Fatal(err)
			}
			l, err := f.app.FindSupervisionItems(f.ctx, f.actor("zhuren"), store.SupervisionFilter{}, app.Page{})
			if err != nil {
				t.Fatal(err)
			}
			var ledger zhongshu.SupervisionLight = "missing"
			for i, x := range l.Items {
				if x.ID == it.ID {
					ledger = l.Lights[i]
				}
			}
			if d.Light != want || ledger != want {
				t.Errorf("%s: item light %q, ledger light %q; want %q", when, d.Light, ledger, want)
			}
		}
		lights("node ahead", zhongshu.LightGreen)

		f.clock.T = firstDue.Add(2 * time.Hour) // Saturday 02:00 CST: the node's day is over
		lights("node missed", zhongshu.LightBehind)

		events := len(f.supervisionEvents(it.ID))
		refusals := []struct {
			name string
			who  string
			req  app.SupervisionRequest
			code zhongshu.Code
			msg  string // the field message, or the message of a refusal without fields
		}{
			{"co unit marks a node", "chengguan.lly", app.SupervisionRequest{Action: supervision.Report, Reason: "已配合选址。", Milestone: 1},
				zhongshu.CodeForbidden, "您不能阶段反馈：办理节点的完成情况由主办单位报告。"},
			{"no such node", "fgj.lly", app.SupervisionRequest{Action: supervision.Report, Reason: "已完成。", Milestone: 3},
				zhongshu.CodeInvalid, "本事项没有这个办理节点"},
			{"another office's person", "wenshu", app.SupervisionRequest{Action: supervision.Report, Reason: "已完成。", Milestone: 1},
				zhongshu.CodeNotFound, "督办事项不存在或已被删除。"},
		}
		for _, r := range refusals {
			_, err := f.app.ActOnSupervision(f.ctx, f.actor(r.who), it.ID, r.req)
			msg := zhongshu.ErrorMessage(err)
			if r.code == zhongshu.CodeInvalid {
				msg = zhongshu.ErrorFields(err)["milestone"]
			}
			if zhongshu.ErrorCode(err) != r.code || msg != r.msg {
				t.Errorf("%s: %v (fields %v), want %s %q", r.name, err, zhongshu.ErrorFields(err), r.code, r.msg)
			}
		}
		if got := len(f.supervisionEvents(it.ID)); got != events {
			t.Errorf("refusals added %d timeline events", got-events)
		}
		lights("after refusals", zhongshu.LightBehind)

		f.clock.Advance(time.Hour)
		done := f.clock.Now()
		got, err := f.app.ActOnSupervision(f.ctx, f.actor("fgj.lly"), it.ID,
			app.SupervisionRequest{Action: supervision.Report, Reason: "选址已确定在东街。", Milestone: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != zhongshu.SupervisionInProgress || !got.Milestones[0].DoneAt.Equal(done) || !got.Milestones[1].DoneAt.IsZero() {
			t.Errorf("after the report: status %s, milestones %+v; want in progress, first done at %v", got.Status, got.Milestones, done)
		}
		lights("node done", zhongshu.LightGreen)

		d, err := f.app.FindSupervisionItem(f.ctx, f.actor("fgj.lly"), it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Item.Milestones[0].DoneAt.Equal(done) {
			t.Errorf("stored DoneAt %v, want %v", d.Item.Milestones[0].DoneAt, done)
		}
		last := d.Events[len(d.Events)-1]
		if last.Action != "report" || last.Text != "完成节点：完成选址。选址已确定在东街。" {
			t.Errorf("timeline entry %s %q, want report 完成节点：完成选址。…", last.Action, last.Text)
		}
		if a := f.lastAudit(); a.Action != "supervision.report" || !strings.Contains(a.Detail, "完成节点：完成选址") {
			t.Errorf("audit %s %q", a.Action, a.Detail)
		}

		_, err = f.app.ActOnSupervision(f.ctx, f.actor("fgj.lly"), it.ID,
			app.SupervisionRequest{Action: supervision.Report, Reason: "再报一次。", Milestone: 1})
		if diff := cmp.Diff(map[string]string{"milestone": "该节点已经完成，请选择未完成的节点"}, zhongshu.ErrorFields(err)); diff != "" {
			t.Errorf("the same node again: %v (-want +got fields):\n%s", err, diff)
		}
		// A plain report of the co unit still goes through.
		if _, err := f.app.ActOnSupervision(f.ctx, f.actor("chengguan.lly"), it.ID,
			app.SupervisionRequest{Action: supervision.Report, Reason: "已配合完成选址。"}); err != nil {
			t.Errorf("co unit's report without a node: %v", err)
		}
	})
}
