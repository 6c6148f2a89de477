package zhongshu_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestSupervisionEnums(t *testing.T) {
	sources := zhongshu.AllSupervisionSources()
	statuses := zhongshu.AllSupervisionStatuses()
	if len(sources) != 10 || len(statuses) != 13 {
		t.Fatalf("%d sources, %d statuses; want 10 and 13", len(sources), len(statuses))
	}
	labels := map[string]bool{}
	for _, s := range sources {
		if !s.Valid() || s.Label() == string(s) || labels[s.Label()] {
			t.Errorf("source %q: valid %v, label %q (duplicate %v)", s, s.Valid(), s.Label(), labels[s.Label()])
		}
		labels[s.Label()] = true
		if got, want := s.SkipsApproval(), s == zhongshu.SourceInstruction || s == zhongshu.SourceMeeting; got != want {
			t.Errorf("source %q skips approval %v, want %v", s, got, want)
		}
	}
	labels = map[string]bool{}
	for _, s := range statuses {
		if !s.Valid() || s.Label() == string(s) || labels[s.Label()] || strings.ToLower(string(s)) != string(s) {
			t.Errorf("status %q: valid %v, label %q (duplicate %v)", s, s.Valid(), s.Label(), labels[s.Label()])
		}
		labels[s.Label()] = true
	}
	for _, r := range []zhongshu.AssignmentRole{zhongshu.AssignmentLead, zhongshu.AssignmentCo} {
		if !r.Valid() || r.Label() == string(r) {
			t.Errorf("assignment role %q: valid %v, label %q", r, r.Valid(), r.Label())
		}
	}
	for _, c := range []zhongshu.FeedbackCycle{zhongshu.FeedbackOnce, zhongshu.FeedbackWeekly, zhongshu.FeedbackMonthly, zhongshu.FeedbackMilestone} {
		if !c.Valid() || c.Label() == string(c) {
			t.Errorf("feedback cycle %q: valid %v, label %q", c, c.Valid(), c.Label())
		}
	}
	if zhongshu.SupervisionSource("DECISION").Valid() || zhongshu.SupervisionStatus("IN_PROGRESS").Valid() ||
		zhongshu.AssignmentRole("LEAD").Valid() || zhongshu.FeedbackCycle("daily").Valid() ||
		zhongshu.SupervisionSource("").Valid() || zhongshu.SupervisionStatus("").Valid() {
		t.Error("an unknown code is valid")
	}
}

func TestSupervisionStatusClasses(t *testing.T) {
	type class struct{ Active, Finished bool }
	want := map[zhongshu.SupervisionStatus]class{
		zhongshu.SupervisionDraft:             {},
		zhongshu.SupervisionPendingApproval:   {},
		zhongshu.SupervisionIssued:            {Active: true},
		zhongshu.SupervisionInProgress:        {Active: true},
		zhongshu.SupervisionTransferRequested: {Active: true},
		zhongshu.SupervisionExtensionPending:  {Active: true},
		zhongshu.SupervisionUnderReview:       {Active: true},
		zhongshu.SupervisionLeaderReview:      {Active: true},
		zhongshu.SupervisionCompleted:         {Finished: true},
		zhongshu.SupervisionClosed:            {Finished: true},
		zhongshu.SupervisionArchived:          {Finished: true},
		zhongshu.SupervisionSuspended:         {},
		zhongshu.SupervisionCancelled:         {},
	}
	got := map[zhongshu.SupervisionStatus]class{}
	for _, s := range zhongshu.AllSupervisionStatuses() {
		got[s] = class{s.Active(), s.Finished()}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
}

func TestSupervisionLightLabels(t *testing.T) {
	type shown struct {
		Label string
		State zhongshu.DeadlineState
	}
	want := map[zhongshu.SupervisionLight]shown{
		zhongshu.LightNone:       {"", zhongshu.DeadlineNone},
		zhongshu.LightGreen:      {"正常", zhongshu.DeadlineOK},
		zhongshu.LightNear:       {"临期", zhongshu.DeadlineNear},
		zhongshu.LightBehind:     {"滞后", zhongshu.DeadlineNear},
		zhongshu.LightOverdue:    {"超期", zhongshu.DeadlineOverdue},
		zhongshu.LightDoneOnTime: {"按期办结", zhongshu.DeadlineDone},
		zhongshu.LightDoneLate:   {"逾期办结", zhongshu.DeadlineDone},
	}
	got := map[zhongshu.SupervisionLight]shown{}
	for l := range want {
		got[l] = shown{l.Label(), l.DeadlineState()}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lights (-want +got):\n%s", diff)
	}
}

func TestSupervisionItemValidate(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	due := created.AddDate(0, 0, 30)
	lead := zhongshu.Assignment{UnitID: 101, Role: zhongshu.AssignmentLead}
	co := zhongshu.Assignment{UnitID: 102, Role: zhongshu.AssignmentCo}
	valid := func(change func(it *zhongshu.SupervisionItem)) *zhongshu.SupervisionItem {
		it := &zhongshu.SupervisionItem{Title: "加快推进城区老旧小区改造", Source: zhongshu.SourceDecision,
			Content: "制定改造方案并报县政府", SupervisorID: 10, Status: zhongshu.SupervisionDraft, DueAt: due,
			CreatedAt: created, Assignments: []zhongshu.Assignment{lead, co}}
		if change != nil {
			change(it)
		}
		return it
	}
	const oneLead = "须明确一个且只有一个主办单位"
	tests := []struct {
		name string
		it   *zhongshu.SupervisionItem
		want map[string]string
	}{
		{"valid", valid(nil), nil},
		{"lead only", valid(func(it *zhongshu.SupervisionItem) { it.Assignments = []zhongshu.Assignment{lead} }), nil},
		{"title of 100 characters", valid(func(it *zhongshu.SupervisionItem) { it.Title = strings.Repeat("改", 100) }), nil},
		{"no creation time yet", valid(func(it *zhongshu.SupervisionItem) { it.CreatedAt = time.Time{} }), nil},
		{"no status yet", valid(func(it *zhongshu.SupervisionItem) { it.Status = "" }), nil},
		{"instruction with its 批示", valid(func(it *zhongshu.SupervisionItem) {
			it.Source, it.SourceRef = zhongshu.SourceInstruction, "县长批示：请抓紧办理。3月1日"
		}), nil},
		{"milestones in time", valid(func(it *zhongshu.SupervisionItem) {
			it.FeedbackCycle = zhongshu.FeedbackMilestone
			it.Milestones = []zhongshu.Milestone{{Name: "摸底", DueAt: created.AddDate(0, 0, 10)}, {Name: "方案", DueAt: due}}
		}), nil},
		{"co input due before the due", valid(func(it *zhongshu.SupervisionItem) {
			it.Assignments[1].CoInputDue = due.AddDate(0, 0, -5)
		}), nil},

		{"no title", valid(func(it *zhongshu.SupervisionItem) { it.Title = "  " }), map[string]string{"title": "请填写督办事项名称"}},
		{"title of 101 characters", valid(func(it *zhongshu.SupervisionItem) { it.Title = strings.Repeat("改", 101) }),
			map[string]string{"title": "事项名称不能超过100个字"}},
		{"no source", valid(func(it *zhongshu.SupervisionItem) { it.Source = "" }), map[string]string{"source": "请选择督办事项来源"}},
		{"upper-case source", valid(func(it *zhongshu.SupervisionItem) { it.Source = "DECISION" }), map[string]string{"source": "请选择督办事项来源"}},
		{"instruction without 批示", valid(func(it *zhongshu.SupervisionItem) { it.Source = zhongshu.SourceInstruction }),
			map[string]string{"source_ref": "请填写批示内容、批示领导和日期"}},
		{"meeting without decision", valid(func(it *zhongshu.SupervisionItem) { it.Source = zhongshu.SourceMeeting }),
			map[string]string{"source_ref": "请填写会议名称和议定事项"}},
		{"proposal without number", valid(func(it *zhongshu.SupervisionItem) { it.Source = zhongshu.SourceNPCCPPCC }),
			map[string]string{"source_ref": "请填写建议或提案编号"}},
		{"hotline without ticket", valid(func(it *zhongshu.SupervisionItem) { it.Source = zhongshu.SourceHotline }),
			map[string]string{"source_ref": "请填写工单或来信编号"}},
		{"source reference too long", valid(func(it *zhongshu.SupervisionItem) { it.SourceRef = strings.Repeat("批", 501) }),
			map[string]string{"source_ref": "来源依据不能超过500个字"}},
		{"no content", valid(func(it *zhongshu.SupervisionItem) { it.Content = "" }), map[string]string{"content": "请填写办理要求"}},
		{"content too long", valid(func(it *zhongshu.SupervisionItem) { it.Content = strings.Repeat("办", 5001) }),
			map[string]string{"content": "办理要求不能超过5000个字"}},
		{"no supervisor", valid(func(it *zhongshu.SupervisionItem) { it.SupervisorID = 0 }), map[string]string{"supervisor_id": "请指定督查员"}},
		{"unknown status", valid(func(it *zhongshu.SupervisionItem) { it.Status = "IN_PROGRESS" }), map[string]string{"status": "事项状态不正确"}},
		{"no due", valid(func(it *zhongshu.SupervisionItem) { it.DueAt = time.Time{} }), map[string]string{"due_at": "请填写办结时限"}},
		{"due at creation", valid(func(it *zhongshu.SupervisionItem) { it.DueAt = created }), map[string]string{"due_at": "办结时限须晚于立项时间"}},
		{"due before creation", valid(func(it *zhongshu.SupervisionItem) { it.DueAt = created.Add(-time.Hour) }),
			map[string]string{"due_at": "办结时限须晚于立项时间"}},
		{"unknown feedback cycle", valid(func(it *zhongshu.SupervisionItem) { it.FeedbackCycle = "daily" }),
			map[string]string{"feedback_cycle": "请选择阶段反馈方式"}},
		{"milestone cycle without milestones", valid(func(it *zhongshu.SupervisionItem) { it.FeedbackCycle = zhongshu.FeedbackMilestone }),
			map[string]string{"milestones": "按节点反馈须设置办理节点"}},
		{"milestone without name", valid(func(it *zhongshu.SupervisionItem) { it.Milestones = []zhongshu.Milestone{{DueAt: due}} }),
			map[string]string{"milestones": "请填写节点名称"}},
		{"milestone name too long", valid(func(it *zhongshu.SupervisionItem) {
			it.Milestones = []zhongshu.Milestone{{Name: strings.Repeat("节", 51), DueAt: due}}
		}), map[string]string{"milestones": "节点名称不能超过50个字"}},
		{"milestone without due", valid(func(it *zhongshu.SupervisionItem) { it.Milestones = []zhongshu.Milestone{{Name: "方案"}} }),
			map[string]string{"milestones": "请填写节点时限"}},
		{"milestone after the due", valid(func(it *zhongshu.SupervisionItem) {
			it.Milestones = []zhongshu.Milestone{{Name: "方案", DueAt: due.Add(time.Second)}}
		}), map[string]string{"milestones": "节点时限不能晚于办结时限"}},
		{"no units", valid(func(it *zhongshu.SupervisionItem) { it.Assignments = nil }), map[string]string{"assignments": "请选择主办单位"}},
		{"co units only", valid(func(it *zhongshu.SupervisionItem) { it.Assignments = []zhongshu.Assignment{co} }),
			map[string]string{"assignments": oneLead}},
		{"two leads", valid(func(it *zhongshu.SupervisionItem) {
			it.Assignments = []zhongshu.Assignment{lead, {UnitID: 103, Role: zhongshu.AssignmentLead}}
		}), map[string]string{"assignments": oneLead}},
		{"a unit twice", valid(func(it *zhongshu.SupervisionItem) {
			it.Assignments = []zhongshu.Assignment{lead, {UnitID: 101, Role: zhongshu.AssignmentCo}}
		}), map[string]string{"assignments": "同一单位不能重复交办"}},
		{"unit missing", valid(func(it *zhongshu.SupervisionItem) {
			it.Assignments = []zhongshu.Assignment{lead, {Role: zhongshu.AssignmentCo}}
		}), map[string]string{"assignments": "承办单位不能为空"}},
		{"role missing", valid(func(it *zhongshu.SupervisionItem) { it.Assignments = []zhongshu.Assignment{{UnitID: 101}} }),
			map[string]string{"assignments": "请选择主办或协办"}},
		{"co input due after the due", valid(func(it *zhongshu.SupervisionItem) { it.Assignments[1].CoInputDue = due.Add(time.Second) }),
			map[string]string{"assignments": "协办意见时限不能晚于办结时限"}},
		{"everything wrong", &zhongshu.SupervisionItem{Status: "x", FeedbackCycle: "x"}, map[string]string{
			"title": "请填写督办事项名称", "source": "请选择督办事项来源", "content": "请填写办理要求", "supervisor_id": "请指定督查员",
			"status": "事项状态不正确", "due_at": "请填写办结时限", "feedback_cycle": "请选择阶段反馈方式",
			"assignments": "请选择主办单位"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.it.Validate(), tt.want)
		})
	}
}

func TestSupervisionItemValidateNormalizes(t *testing.T) {
	it := &zhongshu.SupervisionItem{Title: " 老旧小区改造\n", Source: zhongshu.SourceOther, SourceRef: " 群众来信 ",
		Content: "  报送方案 ", SupervisorID: 10, DueAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		Milestones:  []zhongshu.Milestone{{Name: " 方案 ", DueAt: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)}},
		Assignments: []zhongshu.Assignment{{UnitID: 101, Role: zhongshu.AssignmentLead}}}
	if err := it.Validate(); err != nil {
		t.Fatal(err)
	}
	got := []string{it.Title, it.SourceRef, it.Content, it.Milestones[0].Name, string(it.FeedbackCycle)}
	if diff := cmp.Diff([]string{"老旧小区改造", "群众来信", "报送方案", "方案", "once"}, got); diff != "" {
		t.Errorf("normalized fields (-want +got):\n%s", diff)
	}
}

func TestSupervisionItemLead(t *testing.T) {
	it := zhongshu.SupervisionItem{Assignments: []zhongshu.Assignment{{UnitID: 1, Role: zhongshu.AssignmentCo},
		{UnitID: 2, Role: zhongshu.AssignmentLead}}}
	if got := it.Lead(); got != 1 {
		t.Errorf("Lead() = %d, want 1", got)
	}
	if got := (&zhongshu.SupervisionItem{}).Lead(); got != -1 {
		t.Errorf("Lead() of no assignments = %d, want -1", got)
	}
}

func TestValidateAssignments(t *testing.T) {
	due := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	checkFields(t, zhongshu.ValidateAssignments([]zhongshu.Assignment{{UnitID: 1, Role: zhongshu.AssignmentLead}}, due), nil)
	checkFields(t, zhongshu.ValidateAssignments(nil, due), map[string]string{"assignments": "请选择主办单位"})
	checkFields(t, zhongshu.ValidateAssignments([]zhongshu.Assignment{{UnitID: 1, Role: zhongshu.AssignmentLead},
		{UnitID: 2, Role: zhongshu.AssignmentCo, CoInputDue: due.AddDate(0, 0, 1)}}, due),
		map[string]string{"assignments": "协办意见时限不能晚于办结时限"})
}
