package supervision_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// request is a bare request by one of the table's actors at the given time.
func request(a supervision.Action, who string, at time.Time) supervision.Request {
	p := people[who]
	return supervision.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: at, WorkdaysSince: weekdays}
}

func withReason(r supervision.Request, reason string) supervision.Request {
	r.Reason = reason
	return r
}

// MustApply applies req and fails the test on error.
func MustApply(t *testing.T, item zhongshu.SupervisionItem, req supervision.Request) supervision.Outcome {
	t.Helper()
	out, err := supervision.Apply(item, req)
	if err != nil {
		t.Fatalf("Apply(%s by %s) on %s: %v", req.Action, req.Actor.User.Name, item.Status, err)
	}
	return out
}

// refusal returns err as a domain error for comparison.
func refusal(err error) *zhongshu.Error {
	var e *zhongshu.Error
	if errors.As(err, &e) {
		return e
	}
	if err != nil {
		return &zhongshu.Error{Code: "foreign", Message: err.Error()}
	}
	return nil
}

func checkRefusal(t *testing.T, err error, want *zhongshu.Error) {
	t.Helper()
	if diff := cmp.Diff(want, refusal(err)); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
}

func precond(msg string) *zhongshu.Error {
	return &zhongshu.Error{Code: zhongshu.CodePrecondition, Message: msg}
}

func forbidden(msg string) *zhongshu.Error {
	return &zhongshu.Error{Code: zhongshu.CodeForbidden, Message: msg}
}

func invalid(fields map[string]string) *zhongshu.Error {
	return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。", Fields: fields}
}

func TestObjectionWindow(t *testing.T) {
	friday := time.Date(2026, 3, 6, 16, 0, 0, 0, cst)
	item := fixture(zhongshu.SupervisionIssued, zhongshu.SourceDecision)
	item.IssuedAt = friday
	late := precond("已超过3个工作日异议期，请按交办要求办理。")
	tests := []struct {
		name string
		at   time.Time
		want *zhongshu.Error
	}{
		{"same day", friday.Add(time.Hour), nil},
		{"weekend", time.Date(2026, 3, 8, 10, 0, 0, 0, cst), nil},
		{"first working day", time.Date(2026, 3, 9, 10, 0, 0, 0, cst), nil},
		{"third working day, last minute", time.Date(2026, 3, 11, 23, 59, 0, 0, cst), nil},
		{"fourth working day", time.Date(2026, 3, 12, 8, 0, 0, 0, cst), late},
		{"weeks later", time.Date(2026, 3, 30, 8, 0, 0, 0, cst), late},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := supervision.Apply(item, withReason(request(supervision.Object, aLead, tt.at), "本事项属发改局职责"))
			checkRefusal(t, err, tt.want)
			if err == nil {
				if out.To != zhongshu.SupervisionTransferRequested || !out.Item.Assignments[0].ObjectedAt.Equal(tt.at) {
					t.Errorf("to %s, objected at %v; want transfer_requested at %v", out.To, out.Item.Assignments[0].ObjectedAt, tt.at)
				}
				if diff := cmp.Diff([]string{supervision.EventObjected}, out.Events); diff != "" {
					t.Errorf("events (-want +got):\n%s", diff)
				}
			}
		})
	}
	t.Run("no reason", func(t *testing.T) {
		_, err := supervision.Apply(item, withReason(request(supervision.Object, aLead, now), "  "))
		checkRefusal(t, err, invalid(map[string]string{"reason": "请说明异议理由"}))
	})
	t.Run("no calendar", func(t *testing.T) {
		r := withReason(request(supervision.Object, aLead, now), "不属本单位职责")
		r.WorkdaysSince = nil
		_, err := supervision.Apply(item, r)
		checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeInternal, Message: "未提供工作日历，无法计算异议期。"})
	})
	t.Run("after signing", func(t *testing.T) {
		_, err := supervision.Apply(fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision),
			withReason(request(supervision.Object, aLead, now), "不属本单位职责"))
		checkRefusal(t, err, precond("本单位已签收，不能再提出异议。"))
	})
	t.Run("no signing while the objection is pending", func(t *testing.T) {
		out := MustApply(t, item, withReason(request(supervision.Object, aLead, now), "不属本单位职责"))
		_, err := supervision.Apply(out.Item, request(supervision.Sign, aLead, now))
		checkRefusal(t, err, precond("本单位已提出异议，请等待督查室处理。"))
	})
	t.Run("re-assignment opens a new window", func(t *testing.T) {
		thursday := time.Date(2026, 3, 12, 9, 0, 0, 0, cst) // 7 working days after the first 交办
		r := fullRequest(supervision.Reassign, aSupervisor)
		r.Now = thursday
		out := MustApply(t, fixture(zhongshu.SupervisionTransferRequested, zhongshu.SourceDecision), r)
		monday := thursday.AddDate(0, 0, 4) // 2 working days after the new 交办
		out = MustApply(t, out.Item, withReason(request(supervision.Object, aCo, monday), "不属本单位职责"))
		if out.To != zhongshu.SupervisionTransferRequested {
			t.Errorf("to %s, want transfer_requested", out.To)
		}
	})
}

func TestSign(t *testing.T) {
	item := fixture(zhongshu.SupervisionIssued, zhongshu.SourceDecision)
	coAt, leadAt := now, now.Add(time.Hour)
	out := MustApply(t, item, request(supervision.Sign, aCo, coAt))
	if out.To != zhongshu.SupervisionIssued {
		t.Errorf("co unit signing: to %s, want issued", out.To)
	}
	out = MustApply(t, out.Item, request(supervision.Sign, aLead, leadAt))
	if out.To != zhongshu.SupervisionInProgress {
		t.Errorf("lead unit signing: to %s, want in_progress", out.To)
	}
	want := []time.Time{leadAt, coAt, {}}
	var got []time.Time
	for _, a := range out.Item.Assignments {
		got = append(got, a.SignedAt)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SignedAt per assignment (-want +got):\n%s", diff)
	}
	_, err := supervision.Apply(out.Item, request(supervision.Sign, aLead, leadAt))
	checkRefusal(t, err, precond("本单位已签收。"))
	_, err = supervision.Apply(out.Item, request(supervision.Sign, aClerk, leadAt))
	checkRefusal(t, err, forbidden("您不能签收：您不是本事项承办单位的人员。"))
}

func TestTransfer(t *testing.T) {
	item := fixture(zhongshu.SupervisionTransferRequested, zhongshu.SourceDecision)
	t.Run("reassign", func(t *testing.T) {
		r := fullRequest(supervision.Reassign, aSupervisor)
		r.Assignments[1].SignedAt = now // ignored: a new 交办 is signed afresh
		out := MustApply(t, item, r)
		want := []zhongshu.Assignment{{UnitID: unitOther, Role: zhongshu.AssignmentLead}, {UnitID: unitCo, Role: zhongshu.AssignmentCo}}
		if diff := cmp.Diff(want, out.Item.Assignments); diff != "" {
			t.Errorf("assignments (-want +got):\n%s", diff)
		}
		if out.To != zhongshu.SupervisionIssued || !out.Item.IssuedAt.Equal(now) {
			t.Errorf("to %s issued at %v, want issued at %v", out.To, out.Item.IssuedAt, now)
		}
	})
	t.Run("reassign without a lead", func(t *testing.T) {
		r := request(supervision.Reassign, aSupervisor, now)
		_, err := supervision.Apply(item, r)
		checkRefusal(t, err, invalid(map[string]string{"assignments": "请选择主办单位"}))
		r.Assignments = []zhongshu.Assignment{{UnitID: 1, Role: zhongshu.AssignmentLead}, {UnitID: 2, Role: zhongshu.AssignmentLead}}
		_, err = supervision.Apply(item, r)
		checkRefusal(t, err, invalid(map[string]string{"assignments": "须明确一个且只有一个主办单位"}))
	})
	t.Run("refuse an objection of the lead unit", func(t *testing.T) {
		at := now.Add(2 * time.Hour)
		out := MustApply(t, item, withReason(request(supervision.RefuseTransfer, aSupervisor, at), "属住建局职责"))
		lead := out.Item.Assignments[0]
		if out.To != zhongshu.SupervisionInProgress || !lead.SignedAt.Equal(at) || !lead.ObjectedAt.IsZero() {
			t.Errorf("to %s, lead %+v; want in_progress, signed at %v, no objection", out.To, lead, at)
		}
	})
	t.Run("refuse an objection of a co unit before the lead signed", func(t *testing.T) {
		issued := fixture(zhongshu.SupervisionIssued, zhongshu.SourceDecision)
		objected := MustApply(t, issued, withReason(request(supervision.Object, aCo, now), "不属本单位职责"))
		out := MustApply(t, objected.Item, withReason(request(supervision.RefuseTransfer, aSupervisor, now), "须配合"))
		if out.To != zhongshu.SupervisionIssued || out.Item.Assignments[1].SignedAt.IsZero() {
			t.Errorf("to %s, co %+v; want issued with the co unit signed", out.To, out.Item.Assignments[1])
		}
	})
	t.Run("refuse without reason", func(t *testing.T) {
		_, err := supervision.Apply(item, request(supervision.RefuseTransfer, aSupervisor, now))
		checkRefusal(t, err, invalid(map[string]string{"reason": "请说明不同意转办的理由"}))
	})
}

func TestRequestExtension(t *testing.T) {
	item := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	later := due.AddDate(0, 0, 14)
	tests := []struct {
		name   string
		who    string
		at     time.Time
		newDue time.Time
		reason string
		want   *zhongshu.Error
	}{
		{"well before due", aLead, now, later, "需征求群众意见", nil},
		{"a second before due", aLead, due.Add(-time.Second), later, "需征求群众意见", nil},
		{"at due", aLead, due, later, "需征求群众意见", precond("延期申请须在办理期限前提出，本事项已超期。")},
		{"after due", aLead, due.AddDate(0, 0, 3), later, "需征求群众意见", precond("延期申请须在办理期限前提出，本事项已超期。")},
		{"after due, form empty", aLead, due.AddDate(0, 0, 3), time.Time{}, "", precond("延期申请须在办理期限前提出，本事项已超期。")},
		{"no new date", aLead, now, time.Time{}, "需征求群众意见", invalid(map[string]string{"new_due": "请填写申请延至的日期"})},
		{"new date is the due", aLead, now, due, "需征求群众意见", invalid(map[string]string{"new_due": "申请延至的日期须晚于原办结时限"})},
		{"new date earlier", aLead, now, due.AddDate(0, 0, -1), "需征求群众意见", invalid(map[string]string{"new_due": "申请延至的日期须晚于原办结时限"})},
		{"no reason", aLead, now, later, " ", invalid(map[string]string{"reason": "请说明延期理由"})},
		{"nothing filled in", aLead, now, time.Time{}, "", invalid(map[string]string{"new_due": "请填写申请延至的日期", "reason": "请说明延期理由"})},
		{"co unit", aCo, now, later, "需征求群众意见", forbidden("您不能申请延期：延期申请由主办单位提出。")},
		{"督查员", aSupervisor, now, later, "需征求群众意见", forbidden("您不能申请延期：延期申请由主办单位提出。")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := withReason(request(supervision.RequestExtension, tt.who, tt.at), tt.reason)
			r.NewDue = tt.newDue
			out, err := supervision.Apply(item, r)
			checkRefusal(t, err, tt.want)
			if err == nil && (out.To != zhongshu.SupervisionExtensionPending || !out.Item.RequestedDueAt.Equal(tt.newDue) || !out.Item.DueAt.Equal(due)) {
				t.Errorf("to %s, requested %v, due %v; want extension_pending, %v, %v", out.To, out.Item.RequestedDueAt, out.Item.DueAt, tt.newDue, due)
			}
		})
	}
}

func TestExtensionDecisions(t *testing.T) {
	ask := func(t *testing.T, it zhongshu.SupervisionItem, newDue time.Time) zhongshu.SupervisionItem {
		t.Helper()
		r := withReason(request(supervision.RequestExtension, aLead, now), "需征求群众意见")
		r.NewDue = newDue
		return MustApply(t, it, r).Item
	}
	first, second, fixed := due.AddDate(0, 0, 10), due.AddDate(0, 0, 30), due.AddDate(0, 0, 20)
	t.Run("two extensions keep the original due", func(t *testing.T) {
		it := ask(t, fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision), first)
		out := MustApply(t, it, request(supervision.ApproveExtension, aSupervisor, now))
		if diff := cmp.Diff([]string{supervision.EventExtensionApproved}, out.Events); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		it = ask(t, out.Item, second)
		r := request(supervision.ApproveExtension, aAssigning, now)
		r.NewDue = fixed // the approver fixes a shorter date than asked for
		it = MustApply(t, it, r).Item
		type dues struct {
			Status                             zhongshu.SupervisionStatus
			DueAt, OriginalDueAt, RequestedDue time.Time
			Extensions                         int
		}
		want := dues{zhongshu.SupervisionInProgress, fixed, due, time.Time{}, 2}
		got := dues{it.Status, it.DueAt, it.OriginalDueAt, it.RequestedDueAt, it.Extensions}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after two extensions (-want +got):\n%s", diff)
		}
	})
	t.Run("rejection keeps the due", func(t *testing.T) {
		it := ask(t, fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision), first)
		_, err := supervision.Apply(it, request(supervision.RejectExtension, aSupervisor, now))
		checkRefusal(t, err, invalid(map[string]string{"reason": "请说明不批准延期的理由"}))
		out := MustApply(t, it, withReason(request(supervision.RejectExtension, aSupervisor, now), "时间充裕"))
		if !out.Item.DueAt.Equal(due) || !out.Item.OriginalDueAt.IsZero() || out.Item.Extensions != 0 || !out.Item.RequestedDueAt.IsZero() {
			t.Errorf("after rejection: %+v", out.Item)
		}
	})
	t.Run("who approves", func(t *testing.T) {
		it := ask(t, fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision), first)
		responsible := zhongshu.NewActor(&zhongshu.User{ID: idResponsible, Roles: []zhongshu.Role{zhongshu.RoleDeputyHead}}, "", nil)
		MustApply(t, it, supervision.Request{Action: supervision.ApproveExtension, Actor: responsible, Now: now})
		secretary := zhongshu.NewActor(&zhongshu.User{ID: 40, Roles: []zhongshu.Role{zhongshu.RoleClerk}}, "", []int64{idResponsible})
		MustApply(t, it, supervision.Request{Action: supervision.ApproveExtension, Actor: secretary, Now: now})
		_, err := supervision.Apply(it, request(supervision.ApproveExtension, aOther, now))
		checkRefusal(t, err, forbidden("您不能批准延期：延期由督查员或主管领导审批。"))
		_, err = supervision.Apply(it, request(supervision.ApproveExtension, aLead, now))
		checkRefusal(t, err, forbidden("您不能批准延期：延期由督查员或主管领导审批。"))
	})
	t.Run("approved date must be later", func(t *testing.T) {
		it := ask(t, fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision), first)
		r := request(supervision.ApproveExtension, aSupervisor, now)
		r.NewDue = due
		_, err := supervision.Apply(it, r)
		checkRefusal(t, err, invalid(map[string]string{"new_due": "延期后的办结时限须晚于原办结时限"}))
		it.RequestedDueAt = time.Time{}
		_, err = supervision.Apply(it, request(supervision.ApproveExtension, aSupervisor, now))
		checkRefusal(t, err, invalid(map[string]string{"new_due": "请确定延期后的办结时限"}))
	})
}

func TestReturnsCounted(t *testing.T) {
	it := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	var events []string
	step := func(r supervision.Request) {
		t.Helper()
		out := MustApply(t, it, r)
		it, events = out.Item, append(events, out.Events...)
	}
	for range 2 {
		step(request(supervision.RequestCompletion, aLead, now))
		_, err := supervision.Apply(it, request(supervision.Return, aSupervisor, now))
		checkRefusal(t, err, invalid(map[string]string{"reason": "请说明退回重办的理由"}))
		step(withReason(request(supervision.Return, aSupervisor, now), "问题未解决"))
	}
	step(request(supervision.RequestCompletion, aLead, now))
	step(request(supervision.Accept, aSupervisor, now))
	step(request(supervision.LeaderClose, aAssigning, now.Add(time.Hour)))
	want := []string{supervision.EventCompletionRequested, supervision.EventReturned, supervision.EventCompletionRequested,
		supervision.EventReturned, supervision.EventCompletionRequested, supervision.EventAccepted, supervision.EventCompleted}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if it.Returns != 2 || it.Status != zhongshu.SupervisionCompleted || !it.CompletedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("returns %d, status %s, completed %v; want 2, completed, %v", it.Returns, it.Status, it.CompletedAt, now.Add(time.Hour))
	}
}

func TestCoUnitInput(t *testing.T) {
	it := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	out := MustApply(t, it, withReason(request(supervision.SendInput, aCo, now), "财政局意见：资金可从专项债安排"))
	if out.To != zhongshu.SupervisionInProgress || !out.Item.Assignments[1].CoInputAt.Equal(now) ||
		!out.Item.Assignments[0].CoInputAt.IsZero() || !out.Item.Assignments[2].CoInputAt.IsZero() {
		t.Errorf("to %s, assignments %+v", out.To, out.Item.Assignments)
	}
	if diff := cmp.Diff([]string{supervision.EventCoInput}, out.Events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	_, err := supervision.Apply(it, withReason(request(supervision.SendInput, aLead, now), "意见"))
	checkRefusal(t, err, forbidden("您不能报送协办意见：协办意见由协办单位报送。"))
	_, err = supervision.Apply(it, withReason(request(supervision.SendInput, aLateCo, now), "意见"))
	checkRefusal(t, err, precond("请先签收，再报送协办意见。"))
	_, err = supervision.Apply(it, request(supervision.SendInput, aCo, now))
	checkRefusal(t, err, invalid(map[string]string{"reason": "请填写协办意见"}))
	signed := MustApply(t, it, request(supervision.Sign, aLateCo, now)).Item
	MustApply(t, signed, withReason(request(supervision.SendInput, aLateCo, now), "意见"))
	MustApply(t, signed, withReason(request(supervision.Report, aLateCo, now), "已完成摸底"))
}

func TestCompletionByLeadUnitOnly(t *testing.T) {
	it := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	for _, who := range []string{aCo, aLateCo, aClerk, aSupervisor, aAssigning} {
		_, err := supervision.Apply(it, request(supervision.RequestCompletion, who, now))
		checkRefusal(t, err, forbidden("您不能申请办结：办理结果由主办单位报告。"))
	}
	out := MustApply(t, it, request(supervision.RequestCompletion, aLead, now))
	if out.To != zhongshu.SupervisionUnderReview {
		t.Errorf("to %s, want under_review", out.To)
	}
}

func TestSuspendResume(t *testing.T) {
	want := map[zhongshu.SupervisionStatus]zhongshu.SupervisionStatus{
		zhongshu.SupervisionIssued:            zhongshu.SupervisionIssued,
		zhongshu.SupervisionInProgress:        zhongshu.SupervisionInProgress,
		zhongshu.SupervisionTransferRequested: zhongshu.SupervisionTransferRequested,
		zhongshu.SupervisionExtensionPending:  zhongshu.SupervisionInProgress,
		zhongshu.SupervisionUnderReview:       zhongshu.SupervisionInProgress,
		zhongshu.SupervisionLeaderReview:      zhongshu.SupervisionInProgress,
	}
	for _, s := range zhongshu.AllSupervisionStatuses() {
		if !s.Active() {
			continue
		}
		t.Run(string(s), func(t *testing.T) {
			it := fixture(s, zhongshu.SourceDecision)
			_, err := supervision.Apply(it, request(supervision.Suspend, aOther, now))
			checkRefusal(t, err, invalid(map[string]string{"reason": "请说明暂缓的理由"}))
			sus := MustApply(t, it, withReason(request(supervision.Suspend, aOther, now), "政策调整，暂缓推进"))
			if sus.To != zhongshu.SupervisionSuspended || sus.Item.StatusBeforeSuspend != s {
				t.Errorf("suspend: to %s, remembered %q", sus.To, sus.Item.StatusBeforeSuspend)
			}
			_, err = supervision.Apply(sus.Item, request(supervision.Resume, aSupervisor, now))
			checkRefusal(t, err, forbidden("您不能恢复办理：恢复办理须由县领导或办公室主任决定。"))
			res := MustApply(t, sus.Item, request(supervision.Resume, aDirector, now))
			if res.To != want[s] || res.Item.StatusBeforeSuspend != "" || !res.Item.RequestedDueAt.IsZero() {
				t.Errorf("resume: to %s, remembered %q, requested due %v; want %s", res.To,
					res.Item.StatusBeforeSuspend, res.Item.RequestedDueAt, want[s])
			}
		})
	}
}

func TestSubmit(t *testing.T) {
	for _, src := range zhongshu.AllSupervisionSources() {
		t.Run(string(src), func(t *testing.T) {
			it := fixture(zhongshu.SupervisionDraft, src)
			it.Title = "  " + it.Title + " "
			out := MustApply(t, it, request(supervision.Submit, aSupervisor, now))
			to, events, issuedAt := zhongshu.SupervisionPendingApproval, []string{supervision.EventSubmitted}, time.Time{}
			if src == zhongshu.SourceInstruction || src == zhongshu.SourceMeeting {
				to, events, issuedAt = zhongshu.SupervisionIssued, []string{supervision.EventSubmitted, supervision.EventIssued}, now
			}
			type result struct {
				To       zhongshu.SupervisionStatus
				Events   []string
				IssuedAt time.Time
				Title    string
			}
			want := result{to, events, issuedAt, strings.TrimSpace(it.Title)}
			if diff := cmp.Diff(want, result{out.To, out.Events, out.Item.IssuedAt, out.Item.Title}); diff != "" {
				t.Errorf("submit (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("invalid draft", func(t *testing.T) {
		it := fixture(zhongshu.SupervisionDraft, zhongshu.SourceDecision)
		it.Title, it.DueAt = "", now.Add(-time.Hour)
		_, err := supervision.Apply(it, request(supervision.Submit, aSupervisor, now))
		checkRefusal(t, err, invalid(map[string]string{"title": "请填写督办事项名称", "due_at": "办结时限已过，请重新确定",
			"assignments": "协办意见时限不能晚于办结时限"}))
	})
	t.Run("approval issues", func(t *testing.T) {
		out := MustApply(t, fixture(zhongshu.SupervisionPendingApproval, zhongshu.SourceDecision), request(supervision.Approve, aDirector, now))
		if !out.Item.IssuedAt.Equal(now) || !cmp.Equal([]string{supervision.EventIssued}, out.Events) {
			t.Errorf("approve: issued at %v, events %q", out.Item.IssuedAt, out.Events)
		}
	})
}

func TestLeaderReview(t *testing.T) {
	it := fixture(zhongshu.SupervisionLeaderReview, zhongshu.SourceDecision)
	byID := func(id int64, role zhongshu.Role, delegators ...int64) supervision.Request {
		a := zhongshu.NewActor(&zhongshu.User{ID: id, Roles: []zhongshu.Role{role}}, "", delegators)
		return supervision.Request{Action: supervision.LeaderClose, Actor: a, Now: now}
	}
	denied := forbidden("您不能审阅办结：办结由交办领导审阅。")
	t.Run("with a new instruction", func(t *testing.T) {
		r := request(supervision.LeaderCloseWithInstruction, aAssigning, now)
		_, err := supervision.Apply(it, r)
		checkRefusal(t, err, invalid(map[string]string{"reason": "请填写新的批示内容"}))
		out := MustApply(t, it, withReason(r, "请住建局继续跟进二期改造"))
		if !out.FollowUp || !out.Item.CompletedAt.Equal(now) ||
			!cmp.Equal([]string{supervision.EventCompleted, supervision.EventFollowUp}, out.Events) {
			t.Errorf("follow-up %v, completed %v, events %q", out.FollowUp, out.Item.CompletedAt, out.Events)
		}
		if out := MustApply(t, it, request(supervision.LeaderClose, aAssigning, now)); out.FollowUp {
			t.Error("leader_close set FollowUp")
		}
	})
	t.Run("delegate of the assigning leader", func(t *testing.T) {
		MustApply(t, it, byID(40, zhongshu.RoleDeputyHead, idAssigning))
	})
	t.Run("no assigning leader: the responsible leader", func(t *testing.T) {
		it := it
		it.AssigningLeaderID = 0
		MustApply(t, it, byID(idResponsible, zhongshu.RoleDeputyHead))
		_, err := supervision.Apply(it, byID(idAssigning, zhongshu.RoleCountyHead))
		checkRefusal(t, err, denied)
	})
	t.Run("no leader at all: the office director", func(t *testing.T) {
		it := it
		it.AssigningLeaderID, it.ResponsibleLeaderID = 0, 0
		MustApply(t, it, request(supervision.LeaderClose, aDirector, now))
		_, err := supervision.Apply(it, request(supervision.LeaderClose, aOther, now))
		checkRefusal(t, err, denied)
	})
}

func TestCloseAndArchive(t *testing.T) {
	out := MustApply(t, fixture(zhongshu.SupervisionCompleted, zhongshu.SourceDecision), request(supervision.EvaluateClose, aSupervisor, now))
	if out.To != zhongshu.SupervisionClosed || !out.Item.ClosedAt.Equal(now) {
		t.Errorf("evaluate_close: to %s, closed at %v", out.To, out.Item.ClosedAt)
	}
	out = MustApply(t, out.Item, request(supervision.Archive, aSupervisor, now))
	if out.To != zhongshu.SupervisionArchived {
		t.Errorf("archive: to %s", out.To)
	}
}

func TestCancel(t *testing.T) {
	r := withReason(request(supervision.Cancel, aSupervisor, now), "重复立项")
	MustApply(t, fixture(zhongshu.SupervisionDraft, zhongshu.SourceDecision), r)
	_, err := supervision.Apply(fixture(zhongshu.SupervisionPendingApproval, zhongshu.SourceDecision), r)
	checkRefusal(t, err, forbidden("您不能撤销立项：撤销立项须由县领导或办公室主任决定。"))
	r = withReason(request(supervision.Cancel, aDirector, now), "情况变化")
	for _, s := range []zhongshu.SupervisionStatus{zhongshu.SupervisionCompleted, zhongshu.SupervisionClosed,
		zhongshu.SupervisionArchived, zhongshu.SupervisionCancelled} {
		_, err := supervision.Apply(fixture(s, zhongshu.SourceDecision), r)
		checkRefusal(t, err, precond("督办事项当前为“"+s.Label()+"”，不能撤销立项。"))
	}
}

func TestApplyLeavesItsInputAlone(t *testing.T) {
	it := fixture(zhongshu.SupervisionIssued, zhongshu.SourceDecision)
	before := fixture(zhongshu.SupervisionIssued, zhongshu.SourceDecision)
	MustApply(t, it, request(supervision.Sign, aLead, now))
	MustApply(t, it, withReason(request(supervision.Object, aCo, now), "不属本单位职责"))
	if diff := cmp.Diff(before, it); diff != "" {
		t.Errorf("input item changed (-before +after):\n%s", diff)
	}
}

func TestApplyOddRequests(t *testing.T) {
	it := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	_, err := supervision.Apply(it, request("fly", aLead, now))
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "未知的督办操作：fly。"})
	_, err = supervision.Apply(it, supervision.Request{Action: supervision.Report, Now: now, Reason: "进展"})
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeUnauthenticated, Message: "请先登录。"})
	_, err = supervision.Apply(it, withReason(request(supervision.Report, aLead, now), strings.Repeat("进", supervision.MaxReason+1)))
	checkRefusal(t, err, invalid(map[string]string{"reason": "内容不能超过2000个字"}))
	MustApply(t, it, withReason(request(supervision.Report, aLead, now), strings.Repeat("进", supervision.MaxReason)))
	if got := supervision.Allowed(it, nil, nil, now, weekdays); got != nil {
		t.Errorf("Allowed for nobody = %q, want none", got)
	}
	if got := supervision.Allowed(it, zhongshu.SystemActor(), nil, now, weekdays); got != nil {
		t.Errorf("Allowed for the system = %q, want none", got)
	}
}

// TestReportMilestone: a 阶段反馈 of the lead unit may mark one open 办理节点
// done (序时进度); a co unit's report may not, and a node that does not
// exist or is done already is refused on the milestone field.
func TestReportMilestone(t *testing.T) {
	first, second := time.Date(2026, 3, 11, 0, 0, 0, 0, cst), time.Date(2026, 3, 21, 0, 0, 0, 0, cst)
	doneAt := now.Add(-24 * time.Hour)
	base := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	base.FeedbackCycle = zhongshu.FeedbackMilestone
	base.Milestones = []zhongshu.Milestone{
		{Name: "摸底调查", DueAt: first, DoneAt: doneAt},
		{Name: "拿出方案", DueAt: second},
		{Name: "组织实施", DueAt: due},
	}
	// A person of both the lead and the signed co unit, for the lead unit's
	// own signature.
	both := person{zhongshu.NewActor(&zhongshu.User{ID: 50, Name: "两单位人员", Roles: []zhongshu.Role{zhongshu.RoleUnitLiaison}}, "", nil),
		[]int64{unitLead, unitCo}}
	notMine := forbidden("您不能阶段反馈：办理节点的完成情况由主办单位报告。")
	tests := []struct {
		name      string
		who       string // an actor of the table, or "" for both
		status    zhongshu.SupervisionStatus
		change    func(*zhongshu.SupervisionItem)
		milestone int
		reason    string
		want      *zhongshu.Error
		done      []time.Time // DoneAt per milestone when accepted
		events    []string
	}{
		{name: "lead unit marks the second node", who: aLead, milestone: 2, reason: "方案已拟定",
			done: []time.Time{doneAt, now, {}}, events: []string{supervision.EventReported, supervision.EventMilestoneDone}},
		{name: "lead unit marks the last node early", who: aLead, milestone: 3, reason: "已组织实施",
			done: []time.Time{doneAt, {}, now}, events: []string{supervision.EventReported, supervision.EventMilestoneDone}},
		{name: "while an extension is pending", who: aLead, status: zhongshu.SupervisionExtensionPending, milestone: 2, reason: "方案已拟定",
			done: []time.Time{doneAt, now, {}}, events: []string{supervision.EventReported, supervision.EventMilestoneDone}},
		{name: "a report without a node", who: aLead, reason: "正在拟定方案",
			done: []time.Time{doneAt, {}, {}}, events: []string{supervision.EventReported}},
		{name: "a co unit reports without a node", who: aCo, reason: "已提供资金测算",
			done: []time.Time{doneAt, {}, {}}, events: []string{supervision.EventReported}},
		{name: "a person of lead and co unit", milestone: 2, reason: "方案已拟定",
			done: []time.Time{doneAt, now, {}}, events: []string{supervision.EventReported, supervision.EventMilestoneDone}},

		{name: "co unit may not mark a node", who: aCo, milestone: 2, reason: "方案已拟定", want: notMine},
		{name: "co unit, not even a missing node", who: aCo, milestone: 9, reason: "方案已拟定", want: notMine},
		{name: "unsigned co unit", who: aLateCo, milestone: 2, reason: "方案已拟定", want: notMine},
		{name: "no unit at all", who: aClerk, milestone: 2, reason: "方案已拟定", want: forbidden("您不能阶段反馈：您不是本事项承办单位的人员。")},
		{name: "督查员", who: aSupervisor, milestone: 2, reason: "方案已拟定", want: forbidden("您不能阶段反馈：您不是本事项承办单位的人员。")},
		{name: "lead unit has not signed", milestone: 2, reason: "方案已拟定",
			change: func(it *zhongshu.SupervisionItem) { it.Assignments[0].SignedAt = time.Time{} },
			want:   precond("请先签收，再报告节点完成。")},
		{name: "under review", who: aLead, status: zhongshu.SupervisionUnderReview, milestone: 2, reason: "方案已拟定",
			want: precond("督办事项当前为“办结审核中”，不能阶段反馈。")},
		{name: "node already done", who: aLead, milestone: 1, reason: "摸底完成",
			want: invalid(map[string]string{"milestone": "该节点已经完成，请选择未完成的节点"})},
		{name: "no such node", who: aLead, milestone: 4, reason: "方案已拟定",
			want: invalid(map[string]string{"milestone": "本事项没有这个办理节点"})},
		{name: "negative node", who: aLead, milestone: -1, reason: "方案已拟定",
			want: invalid(map[string]string{"milestone": "本事项没有这个办理节点"})},
		{name: "item without nodes", who: aLead, milestone: 1, reason: "方案已拟定",
			change: func(it *zhongshu.SupervisionItem) { it.Milestones = nil },
			want:   invalid(map[string]string{"milestone": "本事项没有这个办理节点"})},
		{name: "node without progress text", who: aLead, milestone: 2,
			want: invalid(map[string]string{"reason": "请填写进展情况"})},
		{name: "done node and no text", who: aLead, milestone: 1,
			want: invalid(map[string]string{"milestone": "该节点已经完成，请选择未完成的节点", "reason": "请填写进展情况"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := base
			it.Milestones = slices.Clone(base.Milestones)
			it.Assignments = slices.Clone(base.Assignments)
			if tt.status != "" {
				it.Status = tt.status
			}
			if tt.change != nil {
				tt.change(&it)
			}
			p := both
			if tt.who != "" {
				p = people[tt.who]
			}
			before := slices.Clone(it.Milestones)
			out, err := supervision.Apply(it, supervision.Request{Action: supervision.Report, Actor: p.actor, ActorUnits: p.units,
				Now: now, Reason: tt.reason, Milestone: tt.milestone, WorkdaysSince: weekdays})
			checkRefusal(t, err, tt.want)
			if diff := cmp.Diff(before, it.Milestones); diff != "" {
				t.Errorf("input milestones changed (-before +after):\n%s", diff)
			}
			if err != nil {
				return
			}
			var done []time.Time
			for _, m := range out.Item.Milestones {
				done = append(done, m.DoneAt)
			}
			if diff := cmp.Diff(tt.done, done); diff != "" {
				t.Errorf("DoneAt per milestone (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.events, out.Events); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if out.To != it.Status {
				t.Errorf("to %s, want %s (a report keeps the state)", out.To, it.Status)
			}
		})
	}
}

// TestMilestoneDoneClearsBehind: a node past due turns the light 滞后, and
// back to 正常 once the lead unit reports it done.
func TestMilestoneDoneClearsBehind(t *testing.T) {
	it := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	it.Milestones = []zhongshu.Milestone{{Name: "拿出方案", DueAt: time.Date(2026, 3, 11, 0, 0, 0, 0, cst)}, {Name: "组织实施", DueAt: due}}
	late := time.Date(2026, 3, 12, 10, 0, 0, 0, cst) // the day after the first node's end
	r := supervision.DefaultLightRules
	if got := supervision.Light(it, late, 13, false, r); got != zhongshu.LightBehind {
		t.Fatalf("light with a missed node = %s, want behind", got)
	}
	out := MustApply(t, it, supervision.Request{Action: supervision.Report, Actor: people[aLead].actor, ActorUnits: people[aLead].units,
		Now: late, Reason: "方案已报县政府", Milestone: 1, WorkdaysSince: weekdays})
	if got := supervision.Light(out.Item, late, 13, false, r); got != zhongshu.LightGreen {
		t.Errorf("light once the node is done = %s, want green", got)
	}
}

// TestOpenMilestones: the 阶段反馈 form offers the open nodes to the signed
// lead unit only.
func TestOpenMilestones(t *testing.T) {
	it := fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision)
	it.Milestones = []zhongshu.Milestone{{Name: "摸底", DueAt: due, DoneAt: now}, {Name: "方案", DueAt: due}, {Name: "实施", DueAt: due}}
	open := func(who string, item zhongshu.SupervisionItem) []int {
		return supervision.OpenMilestones(item, people[who].actor, people[who].units, now)
	}
	for _, tt := range []struct {
		name string
		who  string
		item zhongshu.SupervisionItem
		want []int
	}{
		{"lead unit", aLead, it, []int{2, 3}},
		{"co unit", aCo, it, nil},
		{"督查员", aSupervisor, it, nil},
		{"lead unit, item under review", aLead, func() zhongshu.SupervisionItem { x := it; x.Status = zhongshu.SupervisionUnderReview; return x }(), nil},
		{"lead unit, no nodes", aLead, fixture(zhongshu.SupervisionInProgress, zhongshu.SourceDecision), nil},
	} {
		if diff := cmp.Diff(tt.want, open(tt.who, tt.item)); diff != "" {
			t.Errorf("%s: open milestones (-want +got):\n%s", tt.name, diff)
		}
	}
}
