package supervision_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Time and people of the fixture. 2026-03-02 is a Monday.
var (
	cst      = time.FixedZone("CST", 8*3600)
	t0       = time.Date(2026, 3, 2, 9, 0, 0, 0, cst)  // 立项 (Monday)
	issuedAt = time.Date(2026, 3, 3, 10, 0, 0, 0, cst) // 交办 (Tuesday)
	now      = time.Date(2026, 3, 4, 15, 0, 0, 0, cst) // 1 working day after 交办
	due      = time.Date(2026, 4, 1, 0, 0, 0, 0, cst)  // 2026-03-31 24:00
)

const (
	idSupervisor  = 10
	idDirector    = 11
	idAssigning   = 12 // 交办领导, a 县长
	idOtherLeader = 13 // a 副县长 with no part in the item
	idResponsible = 14 // 分管领导 (not among the table's actors)
	idLead        = 20
	idCo          = 21
	idLateCo      = 22
	idClerk       = 30

	unitLead   = 101 // 主办
	unitCo     = 102 // 协办, signs early
	unitLateCo = 103 // 协办, has not signed
	unitOther  = 104
)

// The representative actors of the exhaustive table.
const (
	aSupervisor = "督查员"
	aDirector   = "办公室主任"
	aAssigning  = "交办领导"
	aOther      = "其他县领导"
	aLead       = "主办单位联络员"
	aCo         = "协办单位联络员"
	aLateCo     = "未签收的协办单位联络员"
	aClerk      = "无关科员"
)

var actorNames = []string{aSupervisor, aDirector, aAssigning, aOther, aLead, aCo, aLateCo, aClerk}

type person struct {
	actor *zhongshu.Actor
	units []int64
}

func newPerson(id int64, units []int64, roles ...zhongshu.Role) person {
	return person{zhongshu.NewActor(&zhongshu.User{ID: id, Name: fmt.Sprint("用户", id), Roles: roles}, "", nil), units}
}

var people = map[string]person{
	aSupervisor: newPerson(idSupervisor, []int64{7}, zhongshu.RoleSupervisor),
	aDirector:   newPerson(idDirector, []int64{1}, zhongshu.RoleOfficeDirector),
	aAssigning:  newPerson(idAssigning, nil, zhongshu.RoleCountyHead),
	aOther:      newPerson(idOtherLeader, nil, zhongshu.RoleDeputyHead),
	aLead:       newPerson(idLead, []int64{unitLead}, zhongshu.RoleUnitLiaison),
	aCo:         newPerson(idCo, []int64{unitCo}, zhongshu.RoleUnitLiaison),
	aLateCo:     newPerson(idLateCo, []int64{unitLateCo}, zhongshu.RoleUnitLiaison),
	aClerk:      newPerson(idClerk, []int64{unitOther}, zhongshu.RoleClerk),
}

// weekdays is the test calendar: Monday to Friday are working days.
func weekdays(from, to time.Time) int {
	n := 0
	d := time.Date(from.Year(), from.Month(), from.Day(), 12, 0, 0, 0, cst)
	end := time.Date(to.Year(), to.Month(), to.Day(), 12, 0, 0, 0, cst)
	for d = d.AddDate(0, 0, 1); !d.After(end); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// fixture is an item as it would look in state s: nobody has signed while
// ISSUED; the lead unit has objected while TRANSFER_REQUESTED; later the
// lead and one co unit have signed, the other co unit never has.
func fixture(s zhongshu.SupervisionStatus, src zhongshu.SupervisionSource) zhongshu.SupervisionItem {
	it := zhongshu.SupervisionItem{
		ID: 1, Number: "督〔2026〕7号", Title: "加快推进城区老旧小区改造", Source: src,
		SourceRef: "县长批示：请住建局牵头，发改、财政配合，3月底前拿出方案。2026年3月1日", Content: "制定改造方案并报县政府",
		AssigningLeaderID: idAssigning, ResponsibleLeaderID: idResponsible, SupervisorID: idSupervisor,
		Status: s, DueAt: due, FeedbackCycle: zhongshu.FeedbackMonthly, CreatedAt: t0,
		Assignments: []zhongshu.Assignment{
			{UnitID: unitLead, Role: zhongshu.AssignmentLead, PersonID: idLead},
			{UnitID: unitCo, Role: zhongshu.AssignmentCo, CoInputDue: due.AddDate(0, 0, -10)},
			{UnitID: unitLateCo, Role: zhongshu.AssignmentCo},
		},
	}
	if s == zhongshu.SupervisionDraft || s == zhongshu.SupervisionPendingApproval {
		return it
	}
	it.IssuedAt = issuedAt
	signedAt := issuedAt.Add(time.Hour)
	switch s {
	case zhongshu.SupervisionIssued:
	case zhongshu.SupervisionTransferRequested:
		it.Assignments[0].ObjectedAt = signedAt
		it.Assignments[1].SignedAt = signedAt
	default:
		it.Assignments[0].SignedAt = signedAt
		it.Assignments[1].SignedAt = signedAt
	}
	switch s {
	case zhongshu.SupervisionExtensionPending:
		it.RequestedDueAt = due.AddDate(0, 0, 15)
	case zhongshu.SupervisionCompleted:
		it.CompletedAt = now
	case zhongshu.SupervisionClosed, zhongshu.SupervisionArchived:
		it.CompletedAt, it.ClosedAt = now, now
	case zhongshu.SupervisionSuspended:
		it.StatusBeforeSuspend = zhongshu.SupervisionInProgress
	}
	return it
}

// fullRequest carries everything any action may need, so that only who,
// state and timing decide.
func fullRequest(a supervision.Action, who string) supervision.Request {
	p := people[who]
	return supervision.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: now, NewDue: due.AddDate(0, 0, 10),
		Reason: "理由说明", WorkdaysSince: weekdays,
		Assignments: []zhongshu.Assignment{
			{UnitID: unitOther, Role: zhongshu.AssignmentLead},
			{UnitID: unitCo, Role: zhongshu.AssignmentCo},
		}}
}

type key struct {
	from   zhongshu.SupervisionStatus
	action supervision.Action
	actor  string
}

type arrow struct {
	from   zhongshu.SupervisionStatus
	action supervision.Action
	actors []string
	to     zhongshu.SupervisionStatus
}

var (
	deciders = []string{aDirector, aAssigning, aOther}
	allUnits = []string{aLead, aCo, aLateCo}
)

// allowedArrows are, written out by hand, the only (state, action, actor)
// triples of the fixture that succeed, with the state they lead to.
var allowedArrows = []arrow{
	{zhongshu.SupervisionDraft, supervision.Submit, []string{aSupervisor}, zhongshu.SupervisionPendingApproval},
	{zhongshu.SupervisionDraft, supervision.Cancel, []string{aSupervisor, aDirector, aAssigning, aOther}, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionPendingApproval, supervision.Approve, []string{aDirector}, zhongshu.SupervisionIssued},
	{zhongshu.SupervisionPendingApproval, supervision.Reject, []string{aDirector}, zhongshu.SupervisionCancelled},
	{zhongshu.SupervisionPendingApproval, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionIssued, supervision.Sign, []string{aLead}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionIssued, supervision.Sign, []string{aCo, aLateCo}, zhongshu.SupervisionIssued},
	{zhongshu.SupervisionIssued, supervision.Object, allUnits, zhongshu.SupervisionTransferRequested},
	{zhongshu.SupervisionIssued, supervision.Suspend, deciders, zhongshu.SupervisionSuspended},
	{zhongshu.SupervisionIssued, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionInProgress, supervision.Sign, []string{aLateCo}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionInProgress, supervision.Object, []string{aLateCo}, zhongshu.SupervisionTransferRequested},
	{zhongshu.SupervisionInProgress, supervision.Report, []string{aLead, aCo}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionInProgress, supervision.SendInput, []string{aCo}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionInProgress, supervision.RequestExtension, []string{aLead}, zhongshu.SupervisionExtensionPending},
	{zhongshu.SupervisionInProgress, supervision.RequestCompletion, []string{aLead}, zhongshu.SupervisionUnderReview},
	{zhongshu.SupervisionInProgress, supervision.Suspend, deciders, zhongshu.SupervisionSuspended},
	{zhongshu.SupervisionInProgress, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionTransferRequested, supervision.Sign, []string{aLateCo}, zhongshu.SupervisionTransferRequested},
	{zhongshu.SupervisionTransferRequested, supervision.Reassign, []string{aSupervisor}, zhongshu.SupervisionIssued},
	{zhongshu.SupervisionTransferRequested, supervision.RefuseTransfer, []string{aSupervisor}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionTransferRequested, supervision.Suspend, deciders, zhongshu.SupervisionSuspended},
	{zhongshu.SupervisionTransferRequested, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionExtensionPending, supervision.Sign, []string{aLateCo}, zhongshu.SupervisionExtensionPending},
	{zhongshu.SupervisionExtensionPending, supervision.Report, []string{aLead, aCo}, zhongshu.SupervisionExtensionPending},
	{zhongshu.SupervisionExtensionPending, supervision.SendInput, []string{aCo}, zhongshu.SupervisionExtensionPending},
	{zhongshu.SupervisionExtensionPending, supervision.ApproveExtension, []string{aSupervisor, aAssigning}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionExtensionPending, supervision.RejectExtension, []string{aSupervisor, aAssigning}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionExtensionPending, supervision.Suspend, deciders, zhongshu.SupervisionSuspended},
	{zhongshu.SupervisionExtensionPending, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionUnderReview, supervision.Sign, []string{aLateCo}, zhongshu.SupervisionUnderReview},
	{zhongshu.SupervisionUnderReview, supervision.Accept, []string{aSupervisor}, zhongshu.SupervisionLeaderReview},
	{zhongshu.SupervisionUnderReview, supervision.Return, []string{aSupervisor}, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionUnderReview, supervision.Suspend, deciders, zhongshu.SupervisionSuspended},
	{zhongshu.SupervisionUnderReview, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionLeaderReview, supervision.Sign, []string{aLateCo}, zhongshu.SupervisionLeaderReview},
	{zhongshu.SupervisionLeaderReview, supervision.LeaderClose, []string{aAssigning}, zhongshu.SupervisionCompleted},
	{zhongshu.SupervisionLeaderReview, supervision.LeaderCloseWithInstruction, []string{aAssigning}, zhongshu.SupervisionCompleted},
	{zhongshu.SupervisionLeaderReview, supervision.Suspend, deciders, zhongshu.SupervisionSuspended},
	{zhongshu.SupervisionLeaderReview, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},

	{zhongshu.SupervisionCompleted, supervision.EvaluateClose, []string{aSupervisor}, zhongshu.SupervisionClosed},
	{zhongshu.SupervisionClosed, supervision.Archive, []string{aSupervisor}, zhongshu.SupervisionArchived},

	{zhongshu.SupervisionSuspended, supervision.Resume, deciders, zhongshu.SupervisionInProgress},
	{zhongshu.SupervisionSuspended, supervision.Cancel, deciders, zhongshu.SupervisionCancelled},
	// ARCHIVED and CANCELLED: nothing.
}

// mayAct lists, by hand, who passes the "who" check of each action on the
// fixture item; a refusal for them is CodePrecondition, for anybody else
// CodeForbidden.
var mayAct = map[supervision.Action][]string{
	supervision.Submit:                     {aSupervisor},
	supervision.Approve:                    {aDirector},
	supervision.Reject:                     {aDirector},
	supervision.Sign:                       allUnits,
	supervision.Object:                     allUnits,
	supervision.Reassign:                   {aSupervisor},
	supervision.RefuseTransfer:             {aSupervisor},
	supervision.Report:                     allUnits,
	supervision.SendInput:                  {aCo, aLateCo},
	supervision.RequestExtension:           {aLead},
	supervision.ApproveExtension:           {aSupervisor, aAssigning},
	supervision.RejectExtension:            {aSupervisor, aAssigning},
	supervision.RequestCompletion:          {aLead},
	supervision.Accept:                     {aSupervisor},
	supervision.Return:                     {aSupervisor},
	supervision.LeaderClose:                {aAssigning},
	supervision.LeaderCloseWithInstruction: {aAssigning},
	supervision.EvaluateClose:              {aSupervisor},
	supervision.Archive:                    {aSupervisor},
	supervision.Suspend:                    deciders,
	supervision.Resume:                     deciders,
	supervision.Cancel:                     deciders, // and the 督查员, for a draft only
}

// variant is the fixture's source: an item needing 立项审批, and a 批示 item
// whose submission issues it at once.
type variant struct {
	name   string
	source zhongshu.SupervisionSource
	want   map[key]zhongshu.SupervisionStatus
}

func variants() []variant {
	base := map[key]zhongshu.SupervisionStatus{}
	for _, a := range allowedArrows {
		for _, who := range a.actors {
			k := key{a.from, a.action, who}
			if _, dup := base[k]; dup {
				panic(fmt.Sprintf("arrow listed twice: %v", k))
			}
			base[k] = a.to
		}
	}
	instr := map[key]zhongshu.SupervisionStatus{}
	for k, v := range base {
		instr[k] = v
	}
	instr[key{zhongshu.SupervisionDraft, supervision.Submit, aSupervisor}] = zhongshu.SupervisionIssued
	return []variant{{"决策部署", zhongshu.SourceDecision, base}, {"领导批示", zhongshu.SourceInstruction, instr}}
}

func wantCode(k key) zhongshu.Code {
	if slices.Contains(mayAct[k.action], k.actor) ||
		(k.action == supervision.Cancel && k.actor == aSupervisor && k.from == zhongshu.SupervisionDraft) {
		return zhongshu.CodePrecondition
	}
	return zhongshu.CodeForbidden
}

// TestApplyExhaustive runs every state × every action × every actor.
func TestApplyExhaustive(t *testing.T) {
	if got, want := len(supervision.SupervisionActions()), len(mayAct); got != want {
		t.Fatalf("%d actions, mayAct lists %d", got, want)
	}
	for _, v := range variants() {
		for _, s := range zhongshu.AllSupervisionStatuses() {
			for _, a := range supervision.SupervisionActions() {
				for _, who := range actorNames {
					k := key{s, a, who}
					name := fmt.Sprintf("%s/%s/%s/%s", v.name, s, a, who)
					out, err := supervision.Apply(fixture(s, v.source), fullRequest(a, who))
					if to, ok := v.want[k]; ok {
						if err != nil {
							t.Errorf("%s: err = %v, want → %s", name, err, to)
							continue
						}
						got := [3]zhongshu.SupervisionStatus{out.From, out.To, out.Item.Status}
						if diff := cmp.Diff([3]zhongshu.SupervisionStatus{s, to, to}, got); diff != "" {
							t.Errorf("%s: from, to, item status (-want +got):\n%s", name, diff)
						}
						continue
					}
					code := wantCode(k)
					if got := zhongshu.ErrorCode(err); got != code {
						t.Errorf("%s: code = %q (%v), want %q", name, got, err, code)
					}
					if code == zhongshu.CodeForbidden && !strings.HasPrefix(zhongshu.ErrorMessage(err), "您不能") {
						t.Errorf("%s: message %q does not start with 您不能", name, zhongshu.ErrorMessage(err))
					}
					if diff := cmp.Diff(supervision.Outcome{}, out); diff != "" {
						t.Errorf("%s: refused, yet outcome (-want +got):\n%s", name, diff)
					}
				}
			}
		}
	}
}

// TestEveryArrowOfDomain54 checks that the hand-written table covers every
// arrow of DOMAIN.md §5.4.
func TestEveryArrowOfDomain54(t *testing.T) {
	type triple struct {
		from   zhongshu.SupervisionStatus
		action supervision.Action
		to     zhongshu.SupervisionStatus
	}
	domain := []triple{
		{zhongshu.SupervisionDraft, supervision.Submit, zhongshu.SupervisionPendingApproval},
		{zhongshu.SupervisionDraft, supervision.Submit, zhongshu.SupervisionIssued}, // 批示/会议类 skip approval
		{zhongshu.SupervisionPendingApproval, supervision.Approve, zhongshu.SupervisionIssued},
		{zhongshu.SupervisionPendingApproval, supervision.Reject, zhongshu.SupervisionCancelled},
		{zhongshu.SupervisionIssued, supervision.Sign, zhongshu.SupervisionInProgress},
		{zhongshu.SupervisionIssued, supervision.Object, zhongshu.SupervisionTransferRequested},
		{zhongshu.SupervisionInProgress, supervision.Object, zhongshu.SupervisionTransferRequested},
		{zhongshu.SupervisionTransferRequested, supervision.Reassign, zhongshu.SupervisionIssued},
		{zhongshu.SupervisionTransferRequested, supervision.RefuseTransfer, zhongshu.SupervisionInProgress},
		{zhongshu.SupervisionInProgress, supervision.Report, zhongshu.SupervisionInProgress},
		{zhongshu.SupervisionInProgress, supervision.RequestExtension, zhongshu.SupervisionExtensionPending},
		{zhongshu.SupervisionExtensionPending, supervision.ApproveExtension, zhongshu.SupervisionInProgress},
		{zhongshu.SupervisionExtensionPending, supervision.RejectExtension, zhongshu.SupervisionInProgress},
		{zhongshu.SupervisionInProgress, supervision.RequestCompletion, zhongshu.SupervisionUnderReview},
		{zhongshu.SupervisionUnderReview, supervision.Return, zhongshu.SupervisionInProgress},
		{zhongshu.SupervisionUnderReview, supervision.Accept, zhongshu.SupervisionLeaderReview},
		{zhongshu.SupervisionLeaderReview, supervision.LeaderClose, zhongshu.SupervisionCompleted},
		{zhongshu.SupervisionLeaderReview, supervision.LeaderCloseWithInstruction, zhongshu.SupervisionCompleted},
		{zhongshu.SupervisionCompleted, supervision.EvaluateClose, zhongshu.SupervisionClosed},
		{zhongshu.SupervisionClosed, supervision.Archive, zhongshu.SupervisionArchived},
		{zhongshu.SupervisionSuspended, supervision.Resume, zhongshu.SupervisionInProgress},
	}
	for _, s := range zhongshu.AllSupervisionStatuses() {
		if s.Active() { // any active ─▶ SUSPENDED, any active ─▶ CANCELLED
			domain = append(domain, triple{s, supervision.Suspend, zhongshu.SupervisionSuspended},
				triple{s, supervision.Cancel, zhongshu.SupervisionCancelled})
		}
	}
	covered := map[triple]bool{}
	for _, v := range variants() {
		for k, to := range v.want {
			covered[triple{k.from, k.action, to}] = true
		}
	}
	for _, d := range domain {
		if !covered[d] {
			t.Errorf("arrow %s ─%s─▶ %s of §5.4 is not in the table", d.from, d.action, d.to)
		}
	}
}

// TestAllowedAgreesWithApply checks, for every state and actor, that
// Allowed lists exactly the actions of the hand-written table, in order.
func TestAllowedAgreesWithApply(t *testing.T) {
	for _, v := range variants() {
		for _, s := range zhongshu.AllSupervisionStatuses() {
			for _, who := range actorNames {
				var want, applied []supervision.Action
				for _, a := range supervision.SupervisionActions() {
					if _, ok := v.want[key{s, a, who}]; ok {
						want = append(want, a)
					}
					if _, err := supervision.Apply(fixture(s, v.source), fullRequest(a, who)); err == nil {
						applied = append(applied, a)
					}
				}
				p := people[who]
				got := supervision.Allowed(fixture(s, v.source), p.actor, p.units, now, weekdays)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s/%s/%s: Allowed (-table +got):\n%s", v.name, s, who, diff)
				}
				if diff := cmp.Diff(applied, got); diff != "" {
					t.Errorf("%s/%s/%s: Allowed (-Apply +Allowed):\n%s", v.name, s, who, diff)
				}
			}
		}
	}
}

func TestActionLabels(t *testing.T) {
	for _, a := range supervision.SupervisionActions() {
		if a.Label() == string(a) {
			t.Errorf("action %q has no Chinese label", a)
		}
	}
}
