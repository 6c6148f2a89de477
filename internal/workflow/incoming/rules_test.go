package incoming_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// opt fills in a part of a request.
type opt func(*incoming.Request)

func text(s string) opt { return func(r *incoming.Request) { r.Text = s } }
func leaders(inOrder bool, ids ...int64) opt {
	return func(r *incoming.Request) { r.Leaders, r.InOrder = ids, inOrder }
}
func readers(inOrder bool, ids ...int64) opt {
	return func(r *incoming.Request) { r.Readers, r.InOrder = ids, inOrder }
}
func units(as ...zhongshu.IncomingAssignment) opt {
	return func(r *incoming.Request) { r.Assignments = as }
}
func to(id int64) opt            { return func(r *incoming.Request) { r.To = id } }
func replyNumber(n string) opt   { return func(r *incoming.Request) { r.ReplyNumber = n } }
func archiveNumber(n string) opt { return func(r *incoming.Request) { r.ArchiveNumber = n } }

// request is a request by one of the fixture's people.
func request(a incoming.Action, who string, now time.Time, opts ...opt) incoming.Request {
	p, ok := people[who]
	if !ok {
		panic("no such person: " + who)
	}
	r := incoming.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: now}
	for _, o := range opts {
		o(&r)
	}
	return r
}

func lead(unit int64, due time.Time) zhongshu.IncomingAssignment {
	return zhongshu.IncomingAssignment{UnitID: unit, Role: zhongshu.AssignmentLead, DueAt: due}
}

func co(unit int64, due time.Time) zhongshu.IncomingAssignment {
	return zhongshu.IncomingAssignment{UnitID: unit, Role: zhongshu.AssignmentCo, DueAt: due}
}

func doc(s zhongshu.IncomingStatus, h zhongshu.Handling) zhongshu.IncomingDoc {
	return fixture(fx{s, h})
}

const (
	yueJian = zhongshu.HandlingRead
	banJian = zhongshu.HandlingAction
)

// mustApply applies req and fails the test on error.
func mustApply(t *testing.T, d zhongshu.IncomingDoc, req incoming.Request) incoming.Outcome {
	t.Helper()
	out, err := incoming.Apply(d, req)
	if err != nil {
		t.Fatalf("Apply(%s by %s) on %s: %v", req.Action, req.Actor.User.Name, d.Status, err)
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

// step is one action of a path and what it must do.
type step struct {
	req    incoming.Request
	to     zhongshu.IncomingStatus
	events []string
	check  func(t *testing.T, out incoming.Outcome) // optional
}

// walk applies the steps in turn, checking each one's state and events, and
// returns the document at the end with all the events in order.
func walk(t *testing.T, d zhongshu.IncomingDoc, steps []step) (zhongshu.IncomingDoc, []string) {
	t.Helper()
	var all []string
	for i, s := range steps {
		before := d
		out, err := incoming.Apply(d, s.req)
		if err != nil {
			t.Fatalf("step %d (%s by %s) on %s: %v", i+1, s.req.Action, s.req.Actor.User.Name, d.Status, err)
		}
		got := [3]zhongshu.IncomingStatus{out.From, out.To, out.Doc.Status}
		if diff := cmp.Diff([3]zhongshu.IncomingStatus{d.Status, s.to, s.to}, got); diff != "" {
			t.Errorf("step %d (%s): from, to, doc status (-want +got):\n%s", i+1, s.req.Action, diff)
		}
		if diff := cmp.Diff(s.events, out.Events); diff != "" {
			t.Errorf("step %d (%s): events (-want +got):\n%s", i+1, s.req.Action, diff)
		}
		if s.check != nil {
			s.check(t, out)
		}
		if diff := cmp.Diff(before, d); diff != "" {
			t.Errorf("step %d (%s): input changed (-before +after):\n%s", i+1, s.req.Action, diff)
		}
		d, all = out.Doc, append(all, out.Events...)
	}
	return d, all
}

func TestReadPath(t *testing.T) {
	start := doc(received, yueJian)
	checkReader2 := func(want time.Time) func(*testing.T, incoming.Outcome) {
		return func(t *testing.T, out incoming.Outcome) {
			t.Helper()
			if got := out.Doc.Readers[1].SentAt; !got.Equal(want) {
				t.Errorf("second reader sent at %v, want %v", got, want)
			}
		}
	}
	steps := []step{
		{request(incoming.Register, aRegistrar, at(1)), registered, []string{incoming.EventSigned, incoming.EventRegistered}, nil},
		{request(incoming.Circulate, aRegistrar, at(2), readers(true, idReader, idReader2)), circulating,
			[]string{incoming.EventCirculated}, checkReader2(time.Time{})},
		{request(incoming.Read, aReader, at(3), text("已阅。")), circulating, []string{incoming.EventRead}, checkReader2(at(3))},
		{request(incoming.Read, aReader2, at(4)), completed,
			[]string{incoming.EventRead, incoming.EventReadAll, incoming.EventCompleted}, nil},
		{request(incoming.Archive, aRegistrar, at(5), archiveNumber("2026-Y-0123")), archived, []string{incoming.EventArchived}, nil},
	}
	end, events := walk(t, start, steps)

	wantDoc := start
	wantDoc.Status = archived
	wantDoc.SignedByID, wantDoc.SignedAt, wantDoc.RegisteredByID, wantDoc.RegisteredAt = idRegistrar, at(1), idRegistrar, at(1)
	wantDoc.ReadInOrder = true
	wantDoc.Readers = []zhongshu.Reader{
		{PersonID: idReader, SentAt: at(2), OpenedAt: at(3), FinishedAt: at(3), Text: "已阅。"},
		{PersonID: idReader2, SentAt: at(3), OpenedAt: at(4), FinishedAt: at(4)},
	}
	wantDoc.CompletedAt, wantDoc.ArchiveNumber, wantDoc.ArchivedAt = at(4), "2026-Y-0123", at(5)
	if diff := cmp.Diff(wantDoc, end); diff != "" {
		t.Errorf("document at the end (-want +got):\n%s", diff)
	}
	wantEvents := []string{incoming.EventSigned, incoming.EventRegistered, incoming.EventCirculated, incoming.EventRead,
		incoming.EventRead, incoming.EventReadAll, incoming.EventCompleted, incoming.EventArchived}
	if diff := cmp.Diff(wantEvents, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}

	t.Run("not before one's turn", func(t *testing.T) {
		d := mustApply(t, doc(registered, yueJian), request(incoming.Circulate, aDirector, at(2), readers(true, idReader, idReader2))).Doc
		_, err := incoming.Apply(d, request(incoming.Read, aReader2, at(3)))
		checkRefusal(t, err, forbidden("您不能已阅：您不是本件的传阅对象，或尚未轮到您阅。"))
		d = mustApply(t, d, request(incoming.Read, aReader, at(3))).Doc
		_, err = incoming.Apply(d, request(incoming.Read, aReader, at(4)))
		checkRefusal(t, err, forbidden("您不能已阅：您不是本件的传阅对象，或尚未轮到您阅。"))
	})
	t.Run("all at once", func(t *testing.T) {
		d := mustApply(t, doc(registered, yueJian), request(incoming.Circulate, aRegistrar, at(2), readers(false, idReader, idReader2))).Doc
		if d.ReadInOrder || !d.Readers[0].SentAt.Equal(at(2)) || !d.Readers[1].SentAt.Equal(at(2)) {
			t.Fatalf("parallel 传阅: in order %v, readers %+v", d.ReadInOrder, d.Readers)
		}
		out := mustApply(t, d, request(incoming.Read, aReader2, at(3)))
		if out.To != circulating || !cmp.Equal([]string{incoming.EventRead}, out.Events) {
			t.Errorf("second reader first: to %s, events %q", out.To, out.Events)
		}
		out = mustApply(t, out.Doc, request(incoming.Read, aReader, at(4)))
		if out.To != completed || !out.Doc.CompletedAt.Equal(at(4)) {
			t.Errorf("last reader: to %s, completed %v", out.To, out.Doc.CompletedAt)
		}
	})
	t.Run("a reader's stand-in reads", func(t *testing.T) {
		standIn := person{zhongshu.NewActor(&zhongshu.User{ID: 80, Roles: []zhongshu.Role{zhongshu.RoleClerk}}, "", []int64{idReader}), nil}
		out := mustApply(t, doc(circulating, yueJian), incoming.Request{Action: incoming.Read, Actor: standIn.actor, Now: now})
		if !out.Doc.Readers[0].FinishedAt.Equal(now) {
			t.Errorf("reader %+v", out.Doc.Readers[0])
		}
	})
}

// TestActionPath walks a 办件 from 签收 to 归档: 县长 then
// 副县长 in order, then 应急局 as 主办 and 林业局 as 协办.
func TestActionPath(t *testing.T) {
	start := doc(received, banJian)
	start.ProposerID = idProposer // named on the 登记 form
	dueLead, dueCo := due, due.AddDate(0, 0, -5)
	steps := []step{
		{request(incoming.Sign, aRegistrar, at(1)), signed, []string{incoming.EventSigned}, nil},
		{request(incoming.Register, aRegistrar, at(2)), registered, []string{incoming.EventRegistered}, nil},
		{request(incoming.Propose, aProposer, at(3), text("拟请县长、副县长阅示。"), leaders(true, idCounty, idDeputy),
			units(lead(unitLead, dueLead), co(unitCo, dueCo))), awaiting,
			[]string{incoming.EventProposed, incoming.EventSubmitted}, func(t *testing.T, out incoming.Outcome) {
				want := []zhongshu.Instruction{{LeaderID: idCounty, SentAt: at(3)}, {LeaderID: idDeputy}}
				if diff := cmp.Diff(want, out.Doc.Instructions); diff != "" {
					t.Errorf("chain (-want +got):\n%s", diff)
				}
				_, err := incoming.Apply(out.Doc, request(incoming.Instruct, aDeputy, at(3), text("同意")))
				checkRefusal(t, err, forbidden("您不能批示：您不在本件的呈批领导之列，或尚未轮到您批示。"))
				_, err = incoming.Apply(out.Doc, request(incoming.Assign, aRegistrar, at(3), units(lead(unitLead, dueLead))))
				checkRefusal(t, err, precond("领导尚未全部批示，请待批示后交办。"))
				for _, who := range []string{aLead, aCo} { // proposed units do not act yet
					if got := incoming.Allowed(out.Doc, people[who].actor, people[who].units, now); got != nil {
						t.Errorf("%s may %q before the 交办", who, got)
					}
				}
			}},
		{request(incoming.Instruct, aCounty, at(4), text("同意拟办意见。")), awaiting, []string{incoming.EventInstructed},
			func(t *testing.T, out incoming.Outcome) {
				if !out.Doc.Instructions[1].SentAt.Equal(at(4)) || out.Proxy != 0 || out.Unassigned {
					t.Errorf("after the first 批示: %+v, proxy %d, unassigned %v", out.Doc.Instructions, out.Proxy, out.Unassigned)
				}
			}},
		{request(incoming.Instruct, aDeputy, at(5), text("请应急局抓紧落实。")), assigned,
			[]string{incoming.EventInstructed, incoming.EventInstructed2, incoming.EventAssigned}, nil},
		{request(incoming.Accept, aLead, at(6)), inProgress, []string{incoming.EventAccepted}, nil},
		{request(incoming.Accept, aCo, at(7)), inProgress, []string{incoming.EventAccepted}, nil},
		{request(incoming.CoInput, aCo, at(8), text("林业局已安排护林员巡查。")), inProgress, []string{incoming.EventCoInput}, nil},
		{request(incoming.Urge, aSuper, at(9), text("请按时限办结")), inProgress, []string{incoming.EventUrged}, nil},
		{request(incoming.Report, aLead, at(10), text("已部署全县春季森林防火工作。"), replyNumber("X应急函〔2026〕3号")), replied,
			[]string{incoming.EventReported}, nil},
		{request(incoming.Complete, aDirector, at(11)), completed, []string{incoming.EventCompleted}, nil},
		{request(incoming.Archive, aRegistrar, at(12), archiveNumber("2026-Y-0123")), archived, []string{incoming.EventArchived}, nil},
	}
	end, events := walk(t, start, steps)

	wantDoc := start
	wantDoc.Status = archived
	wantDoc.SignedByID, wantDoc.SignedAt, wantDoc.RegisteredByID, wantDoc.RegisteredAt = idRegistrar, at(1), idRegistrar, at(2)
	wantDoc.Proposal, wantDoc.ProposedAt = "拟请县长、副县长阅示。", at(3)
	wantDoc.InstructInOrder = true
	wantDoc.Instructions = []zhongshu.Instruction{
		{LeaderID: idCounty, SentAt: at(3), Text: "同意拟办意见。", ByID: idCounty, At: at(4)},
		{LeaderID: idDeputy, SentAt: at(4), Text: "请应急局抓紧落实。", ByID: idDeputy, At: at(5)},
	}
	wantDoc.AssignedByID, wantDoc.AssignedAt = idProposer, at(5) // the 拟办人 proposed the units
	wantDoc.Assignments = []zhongshu.IncomingAssignment{
		{UnitID: unitLead, Role: zhongshu.AssignmentLead, PersonID: idLead, DueAt: dueLead, SignedAt: at(6)},
		{UnitID: unitCo, Role: zhongshu.AssignmentCo, PersonID: idCo, DueAt: dueCo, SignedAt: at(7), InputAt: at(8)},
	}
	wantDoc.Result, wantDoc.ResultAt, wantDoc.ReplyNumber = "已部署全县春季森林防火工作。", at(10), "X应急函〔2026〕3号"
	wantDoc.CompletedAt, wantDoc.ArchiveNumber, wantDoc.ArchivedAt = at(11), "2026-Y-0123", at(12)
	if diff := cmp.Diff(wantDoc, end); diff != "" {
		t.Errorf("document at the end (-want +got):\n%s", diff)
	}
	wantEvents := []string{incoming.EventSigned, incoming.EventRegistered, incoming.EventProposed, incoming.EventSubmitted,
		incoming.EventInstructed, incoming.EventInstructed, incoming.EventInstructed2, incoming.EventAssigned,
		incoming.EventAccepted, incoming.EventAccepted, incoming.EventCoInput, incoming.EventUrged, incoming.EventReported,
		incoming.EventCompleted, incoming.EventArchived}
	if diff := cmp.Diff(wantEvents, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestParallelSubmission(t *testing.T) {
	d := mustApply(t, doc(registered, banJian), request(incoming.Propose, aProposer, at(3), text("拟请两位领导阅示。"),
		leaders(false, idCounty, idDeputy), units(proposedUnits()...))).Doc
	want := []zhongshu.Instruction{{LeaderID: idCounty, SentAt: at(3)}, {LeaderID: idDeputy, SentAt: at(3)}}
	if diff := cmp.Diff(want, d.Instructions); diff != "" || d.InstructInOrder {
		t.Fatalf("parallel chain, in order %v (-want +got):\n%s", d.InstructInOrder, diff)
	}
	for _, order := range [][2]string{{aCounty, aDeputy}, {aDeputy, aCounty}} {
		t.Run(order[0]+"先批", func(t *testing.T) {
			_, events := walk(t, d, []step{
				{request(incoming.Instruct, order[0], at(4), text("同意")), awaiting, []string{incoming.EventInstructed}, nil},
				{request(incoming.Instruct, order[1], at(5), text("同意")), assigned,
					[]string{incoming.EventInstructed, incoming.EventInstructed2, incoming.EventAssigned},
					func(t *testing.T, out incoming.Outcome) {
						if out.Doc.AssignedByID != idProposer || !out.Doc.AssignedAt.Equal(at(5)) {
							t.Errorf("assigned by %d at %v", out.Doc.AssignedByID, out.Doc.AssignedAt)
						}
					}},
			})
			if len(events) != 4 {
				t.Errorf("events %q", events)
			}
		})
	}
}

func TestInstructionByStandIn(t *testing.T) {
	d := doc(awaiting, banJian)
	out := mustApply(t, d, request(incoming.Instruct, aAB, now, text("同意，请抓紧办理。")))
	type result struct {
		Proxy       int64
		Instruction zhongshu.Instruction
		Events      []string
		Unassigned  bool
	}
	want := result{idCounty, zhongshu.Instruction{LeaderID: idCounty, SentAt: at(2), Text: "同意，请抓紧办理。", ByID: idAB, At: now},
		[]string{incoming.EventInstructed}, false}
	if diff := cmp.Diff(want, result{out.Proxy, out.Doc.Instructions[0], out.Events, out.Unassigned}); diff != "" {
		t.Errorf("代批 (-want +got):\n%s", diff)
	}
	if !out.Doc.Instructions[0].Proxy() {
		t.Error("instruction not marked as 代")
	}
	// once written, neither the 县长 nor his AB角 may write again
	for _, who := range []string{aCounty, aAB} {
		_, err := incoming.Apply(out.Doc, request(incoming.Instruct, who, now, text("再批")))
		checkRefusal(t, err, forbidden("您不能批示：您不在本件的呈批领导之列，或尚未轮到您批示。"))
	}
	if out := mustApply(t, d, request(incoming.Instruct, aCounty, now, text("同意"))); out.Proxy != 0 || out.Doc.Instructions[0].Proxy() {
		t.Errorf("the 县长 himself: proxy %d", out.Proxy)
	}
	t.Run("not before the leader's turn", func(t *testing.T) {
		d := doc(awaiting, banJian)
		d.Instructions = []zhongshu.Instruction{{LeaderID: idExec, SentAt: at(2)}, {LeaderID: idCounty}}
		_, err := incoming.Apply(d, request(incoming.Instruct, aAB, now, text("同意")))
		checkRefusal(t, err, forbidden("您不能批示：您不在本件的呈批领导之列，或尚未轮到您批示。"))
	})
	t.Run("the last 批示 by a stand-in assigns", func(t *testing.T) {
		d := doc(awaiting, banJian)
		d.Instructions = []zhongshu.Instruction{{LeaderID: idCounty, SentAt: at(2)}}
		out := mustApply(t, d, request(incoming.Instruct, aAB, now, text("同意")))
		want := []string{incoming.EventInstructed, incoming.EventInstructed2, incoming.EventAssigned}
		if out.To != assigned || out.Proxy != idCounty || !cmp.Equal(want, out.Events) || out.Doc.AssignedByID != idProposer {
			t.Errorf("to %s, proxy %d, events %q, assigned by %d", out.To, out.Proxy, out.Events, out.Doc.AssignedByID)
		}
	})
}

func TestInstructionsWithoutUnits(t *testing.T) {
	d := doc(registered, banJian)
	d, events := walk(t, d, []step{
		{request(incoming.Propose, aProposer, at(3), text("拟请县长阅示。"), leaders(true, idCounty)), awaiting,
			[]string{incoming.EventProposed, incoming.EventSubmitted}, nil},
		{request(incoming.Instruct, aCounty, at(4), text("请办公室研究后交有关部门办理。")), awaiting,
			[]string{incoming.EventInstructed, incoming.EventInstructed2}, func(t *testing.T, out incoming.Outcome) {
				if !out.Unassigned || out.Doc.Assignments != nil || !out.Doc.AssignedAt.IsZero() {
					t.Errorf("unassigned %v, assignments %+v, assigned at %v", out.Unassigned, out.Doc.Assignments, out.Doc.AssignedAt)
				}
			}},
	})
	_, err := incoming.Apply(d, request(incoming.Assign, aRegistrar, at(5), units(co(unitCo, due))))
	checkRefusal(t, err, invalid(map[string]string{"assignments": "须明确一个且只有一个主办单位"}))
	_, err = incoming.Apply(d, request(incoming.Assign, aRegistrar, at(5), units(lead(unitLead, due), lead(unitCo, due))))
	checkRefusal(t, err, invalid(map[string]string{"assignments": "须明确一个且只有一个主办单位"}))
	_, err = incoming.Apply(d, request(incoming.Assign, aRegistrar, at(5), units(lead(unitLead, time.Time{}))))
	checkRefusal(t, err, invalid(map[string]string{"assignments": "请填写办理时限"}))
	_, err = incoming.Apply(d, request(incoming.Assign, aClerk, at(5), units(lead(unitLead, due))))
	checkRefusal(t, err, forbidden("您不能交办：交办由文书、拟办人或办公室领导办理。"))

	as := []zhongshu.IncomingAssignment{lead(unitLead, due), co(unitCo, due)}
	as[1].SignedAt = at(1) // whatever the form sends, nobody has signed yet
	out := mustApply(t, d, request(incoming.Assign, aRegistrar, at(5), units(as...)))
	wantAs := []zhongshu.IncomingAssignment{lead(unitLead, due), co(unitCo, due)}
	if diff := cmp.Diff(wantAs, out.Doc.Assignments); diff != "" {
		t.Errorf("assignments (-want +got):\n%s", diff)
	}
	if out.To != assigned || out.Doc.AssignedByID != idRegistrar || !out.Doc.AssignedAt.Equal(at(5)) || out.Unassigned ||
		!cmp.Equal([]string{incoming.EventAssigned}, out.Events) {
		t.Errorf("to %s, assigned by %d at %v, unassigned %v, events %q", out.To, out.Doc.AssignedByID, out.Doc.AssignedAt,
			out.Unassigned, out.Events)
	}
	if diff := cmp.Diff([]string{incoming.EventProposed, incoming.EventSubmitted, incoming.EventInstructed,
		incoming.EventInstructed2}, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestProposeWithoutLeaders(t *testing.T) {
	t.Run("拟办 only", func(t *testing.T) {
		out := mustApply(t, doc(registered, banJian), request(incoming.Propose, aStandIn, at(3), text("拟呈县长阅示。")))
		if out.To != proposed || out.Doc.ProposerID != idProposer || out.Doc.Proposal != "拟呈县长阅示。" ||
			!cmp.Equal([]string{incoming.EventProposed}, out.Events) {
			t.Errorf("to %s, proposer %d, proposal %q, events %q", out.To, out.Doc.ProposerID, out.Doc.Proposal, out.Events)
		}
		out = mustApply(t, out.Doc, request(incoming.Submit, aRegistrar, at(4), leaders(true, idCounty, idExec)))
		if out.To != awaiting || !cmp.Equal([]string{incoming.EventSubmitted}, out.Events) || len(out.Doc.Instructions) != 2 {
			t.Errorf("submit: to %s, events %q, chain %+v", out.To, out.Events, out.Doc.Instructions)
		}
	})
	t.Run("转有关部门办理", func(t *testing.T) {
		out := mustApply(t, doc(registered, banJian), request(incoming.Propose, aProposer, at(3), text("拟转应急局办理。"),
			units(lead(unitLead, due))))
		want := []string{incoming.EventProposed, incoming.EventAssigned}
		if out.To != assigned || out.Doc.AssignedByID != idProposer || !cmp.Equal(want, out.Events) {
			t.Errorf("to %s, assigned by %d, events %q", out.To, out.Doc.AssignedByID, out.Events)
		}
	})
	t.Run("the director proposes instead", func(t *testing.T) {
		out := mustApply(t, doc(registered, banJian), request(incoming.Propose, aDirector, at(3), text("拟呈县长阅示。")))
		if out.Doc.ProposerID != idDirector {
			t.Errorf("proposer %d, want the director", out.Doc.ProposerID)
		}
	})
	t.Run("inputs", func(t *testing.T) {
		d := doc(registered, banJian)
		_, err := incoming.Apply(d, request(incoming.Propose, aProposer, at(3)))
		checkRefusal(t, err, invalid(map[string]string{"text": "请填写拟办意见"}))
		_, err = incoming.Apply(d, request(incoming.Propose, aProposer, at(3), text("拟办"), leaders(true, idCounty, 0)))
		checkRefusal(t, err, invalid(map[string]string{"leaders": "人员不能为空"}))
		_, err = incoming.Apply(d, request(incoming.Propose, aProposer, at(3), text("拟办"), leaders(true, idCounty, idCounty),
			units(co(unitCo, due))))
		checkRefusal(t, err, invalid(map[string]string{"leaders": "同一人员不能重复选择", "assignments": "须明确一个且只有一个主办单位"}))
		_, err = incoming.Apply(doc(proposed, banJian), request(incoming.Submit, aProposer, at(3)))
		checkRefusal(t, err, invalid(map[string]string{"leaders": "请选择呈批的领导"}))
	})
}

func TestDecline(t *testing.T) {
	for _, s := range []zhongshu.IncomingStatus{assigned, inProgress} {
		t.Run(string(s), func(t *testing.T) {
			d := doc(s, banJian)
			_, err := incoming.Apply(d, request(incoming.Decline, aLead, now))
			checkRefusal(t, err, invalid(map[string]string{"text": "请说明退回理由（如不属于本单位职责）"}))
			_, err = incoming.Apply(d, request(incoming.Decline, aCo, now, text("不属本单位职责")))
			checkRefusal(t, err, forbidden("您不能退回（非本单位职责）：只有主办单位可以退回。"))
			out := mustApply(t, d, request(incoming.Decline, aLead, now, text("不属本单位职责")))
			type result struct {
				To           zhongshu.IncomingStatus
				Events       []string
				Unassigned   bool
				Assignments  []zhongshu.IncomingAssignment
				AssignedAt   time.Time
				AssignedByID int64
				Declines     int
				Instructions []zhongshu.Instruction
			}
			want := result{proposed, []string{incoming.EventDeclined}, true, nil, time.Time{}, 0, 1, d.Instructions}
			got := result{out.To, out.Events, out.Unassigned, out.Doc.Assignments, out.Doc.AssignedAt, out.Doc.AssignedByID,
				out.Doc.Declines, out.Doc.Instructions}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("decline (-want +got):\n%s", diff)
			}
			// the units no longer act; the 文电科 re-dispatches
			if got := incoming.Allowed(out.Doc, people[aLead].actor, people[aLead].units, now); got != nil {
				t.Errorf("the declining unit may still %q", got)
			}
			again := mustApply(t, out.Doc, request(incoming.Assign, aRegistrar, now, units(lead(unitOther, due))))
			if again.To != assigned || again.Doc.AssignedByID != idRegistrar {
				t.Errorf("re-dispatch: to %s, by %d", again.To, again.Doc.AssignedByID)
			}
			clerk := people[aClerk]
			twice := mustApply(t, again.Doc, incoming.Request{Action: incoming.Decline, Actor: clerk.actor,
				ActorUnits: clerk.units, Now: now, Text: "亦非本单位职责"})
			if twice.Doc.Declines != 2 || twice.To != proposed {
				t.Errorf("second decline: declines %d, to %s", twice.Doc.Declines, twice.To)
			}
		})
	}
}

func TestWithdraw(t *testing.T) {
	opened := doc(circulating, yueJian)
	opened.Readers[0].OpenedAt = at(3)
	readByFirst := mustApply(t, doc(circulating, yueJian), request(incoming.Read, aReader, at(3))).Doc
	instructed := mustApply(t, doc(awaiting, banJian), request(incoming.Instruct, aCounty, at(3), text("同意"))).Doc
	coSigned := mustApply(t, doc(assigned, banJian), request(incoming.Accept, aCo, at(5))).Doc
	leadTransferred := mustApply(t, doc(assigned, banJian), request(incoming.Transfer, aLead, at(5), to(idLead2))).Doc
	direct := mustApply(t, doc(registered, banJian), request(incoming.Propose, aProposer, at(3), text("拟转应急局办理。"),
		units(proposedUnits()...))).Doc
	declined := mustApply(t, doc(inProgress, banJian), request(incoming.Decline, aLead, at(6), text("不属本单位职责"))).Doc
	declinedDirect := mustApply(t, direct, request(incoming.Decline, aLead, at(6), text("不属本单位职责"))).Doc
	byStandIn := doc(assigned, banJian)
	byStandIn.AssignedByID = idStandIn // assigned while holding the 拟办人's work; the 委托 has ended since

	props := doc(proposed, banJian)
	waiting := doc(awaiting, banJian)
	tests := []struct {
		name   string
		doc    zhongshu.IncomingDoc
		who    string
		want   *zhongshu.Error
		to     zhongshu.IncomingStatus
		change func(d *zhongshu.IncomingDoc) // what the withdrawal undoes
		unassd bool
	}{
		{"传阅 before anyone opened it", doc(circulating, yueJian), aRegistrar, nil, registered,
			func(d *zhongshu.IncomingDoc) { d.Readers = nil }, false},
		{"传阅 once a reader opened it", opened, aRegistrar, precond("已有传阅对象阅看，不能撤回。"), "", nil, false},
		{"传阅 once a reader read it", readByFirst, aDirector, precond("已有传阅对象阅看，不能撤回。"), "", nil, false},
		{"传阅 by a reader", doc(circulating, yueJian), aReader, forbidden("您不能撤回：只有送出本件的人可以撤回。"), "", nil, false},
		{"拟办", props, aStandIn, nil, registered,
			func(d *zhongshu.IncomingDoc) { d.Proposal, d.ProposedAt, d.Assignments = "", time.Time{}, nil }, false},
		{"拟办 after its 批示 and a 退回", declined, aProposer, precond("领导已批示，不能撤回。"), "", nil, false},
		{"拟办 after a 退回, no 批示", declinedDirect, aProposer, nil, registered,
			func(d *zhongshu.IncomingDoc) { d.Proposal, d.ProposedAt = "", time.Time{} }, false},
		{"拟办 by the 文书", props, aRegistrar, forbidden("您不能撤回：只有送出本件的人可以撤回。"), "", nil, false},
		{"呈批 before any 批示", waiting, aProposer, nil, proposed,
			func(d *zhongshu.IncomingDoc) { d.Instructions = nil }, false},
		{"呈批 by the 文书", waiting, aRegistrar, nil, proposed,
			func(d *zhongshu.IncomingDoc) { d.Instructions = nil }, false},
		{"呈批 after a 批示", instructed, aProposer, precond("领导已批示，不能撤回。"), "", nil, false},
		{"呈批 by the leader", waiting, aCounty, forbidden("您不能撤回：只有送出本件的人可以撤回。"), "", nil, false},
		{"交办 after the 批示", doc(assigned, banJian), aProposer, nil, awaiting,
			func(d *zhongshu.IncomingDoc) { d.AssignedAt, d.AssignedByID = time.Time{}, 0 }, true},
		{"交办 straight from the 拟办", direct, aProposer, nil, proposed,
			func(d *zhongshu.IncomingDoc) { d.AssignedAt, d.AssignedByID = time.Time{}, 0 }, false},
		{"交办 by whoever made it", byStandIn, aFormerStandIn, nil, awaiting,
			func(d *zhongshu.IncomingDoc) { d.AssignedAt, d.AssignedByID = time.Time{}, 0 }, true},
		{"交办 after a unit signed", coSigned, aProposer, precond("承办单位已签收，不能撤回。"), "", nil, false},
		{"交办 after a unit passed it on", leadTransferred, aRegistrar, nil, awaiting,
			func(d *zhongshu.IncomingDoc) { d.AssignedAt, d.AssignedByID = time.Time{}, 0 }, true},
		{"交办 by the unit", doc(assigned, banJian), aLead, forbidden("您不能撤回：只有送出本件的人可以撤回。"), "", nil, false},
		{"承办中", doc(inProgress, banJian), aProposer, precond("该收文当前为“承办中”，不能撤回。"), "", nil, false},
		{"已登记", doc(registered, banJian), aRegistrar, precond("该收文当前为“已登记”，不能撤回。"), "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := incoming.Apply(tt.doc, request(incoming.Withdraw, tt.who, now))
			checkRefusal(t, err, tt.want)
			if tt.want != nil {
				return
			}
			wantDoc := tt.doc
			wantDoc.Status = tt.to
			tt.change(&wantDoc)
			if diff := cmp.Diff(wantDoc, out.Doc); diff != "" {
				t.Errorf("document (-want +got):\n%s", diff)
			}
			if !cmp.Equal([]string{incoming.EventWithdrawn}, out.Events) || out.To != tt.to || out.Unassigned != tt.unassd {
				t.Errorf("to %s, events %q, unassigned %v", out.To, out.Events, out.Unassigned)
			}
		})
	}
}

func TestTransfer(t *testing.T) {
	t.Run("a 批示 to another leader", func(t *testing.T) {
		d := doc(awaiting, banJian)
		for _, tt := range []struct {
			to   int64
			want map[string]string
		}{
			{0, map[string]string{"to": "请选择转交给谁"}},
			{idCounty, map[string]string{"to": "不能转给自己"}},
			{idExec, map[string]string{"to": "该领导已在呈批之列"}},
		} {
			_, err := incoming.Apply(d, request(incoming.Transfer, aCounty, now, to(tt.to)))
			checkRefusal(t, err, invalid(tt.want))
		}
		_, err := incoming.Apply(d, request(incoming.Transfer, aDeputy, now, to(idOther)))
		checkRefusal(t, err, forbidden("您不能转办：只有当前批示领导或承办单位人员可以转办。"))
		_, err = incoming.Apply(d, request(incoming.Transfer, aExec, now, to(idOther)))
		checkRefusal(t, err, forbidden("您不能转办：只有当前批示领导或承办单位人员可以转办。"))

		out := mustApply(t, d, request(incoming.Transfer, aCounty, now, text("请常务副县长之外的分管领导批示"), to(idOther)))
		want := []zhongshu.Instruction{{LeaderID: idOther, SentAt: now}, {LeaderID: idExec}}
		if diff := cmp.Diff(want, out.Doc.Instructions); diff != "" {
			t.Errorf("chain (-want +got):\n%s", diff)
		}
		if out.To != awaiting || !cmp.Equal([]string{incoming.EventTransferred}, out.Events) {
			t.Errorf("to %s, events %q", out.To, out.Events)
		}
		_, err = incoming.Apply(out.Doc, request(incoming.Instruct, aCounty, now, text("同意")))
		checkRefusal(t, err, forbidden("您不能批示：您不在本件的呈批领导之列，或尚未轮到您批示。"))
		_, err = incoming.Apply(out.Doc, request(incoming.Instruct, aAB, now, text("同意")))
		checkRefusal(t, err, forbidden("您不能批示：您不在本件的呈批领导之列，或尚未轮到您批示。"))
		next := mustApply(t, out.Doc, request(incoming.Instruct, aOther, now.Add(time.Hour), text("同意")))
		if !next.Doc.Instructions[1].SentAt.Equal(now.Add(time.Hour)) {
			t.Errorf("the chain did not move on: %+v", next.Doc.Instructions)
		}
	})
	t.Run("by the AB角", func(t *testing.T) {
		out := mustApply(t, doc(awaiting, banJian), request(incoming.Transfer, aAB, now, to(idOther)))
		if out.Doc.Instructions[0].LeaderID != idOther {
			t.Errorf("chain %+v", out.Doc.Instructions)
		}
	})
	t.Run("a unit's work to another person", func(t *testing.T) {
		d := doc(inProgress, banJian)
		out := mustApply(t, d, request(incoming.Transfer, aLead, now, to(idLead2)))
		want := d.Assignments
		want = append([]zhongshu.IncomingAssignment(nil), want...)
		want[0].PersonID = idLead2
		if diff := cmp.Diff(want, out.Doc.Assignments); diff != "" {
			t.Errorf("assignments (-want +got):\n%s", diff)
		}
		if out.To != inProgress || !cmp.Equal([]string{incoming.EventTransferred}, out.Events) {
			t.Errorf("to %s, events %q", out.To, out.Events)
		}
		// the named person acts for the unit without being on its staff list
		rep := mustApply(t, out.Doc, request(incoming.Report, aLead2, now, text("已办结")))
		if rep.To != replied {
			t.Errorf("report by the new person: to %s", rep.To)
		}
		_, err := incoming.Apply(d, request(incoming.Transfer, aLead, now, to(idLead)))
		checkRefusal(t, err, invalid(map[string]string{"to": "不能转给自己"}))
		_, err = incoming.Apply(d, request(incoming.Transfer, aClerk, now, to(idLead2)))
		checkRefusal(t, err, forbidden("您不能转办：只有当前批示领导或承办单位人员可以转办。"))
	})
	t.Run("before signing", func(t *testing.T) {
		out := mustApply(t, doc(assigned, banJian), request(incoming.Transfer, aLead, now, to(idLead2)))
		acc := mustApply(t, out.Doc, request(incoming.Accept, aLead2, now))
		if acc.To != inProgress || acc.Doc.Assignments[0].PersonID != idLead2 || !acc.Doc.Assignments[0].SignedAt.Equal(now) {
			t.Errorf("accept by the new person: to %s, %+v", acc.To, acc.Doc.Assignments[0])
		}
	})
}

func TestAccept(t *testing.T) {
	d := doc(assigned, banJian)
	d.Assignments[0].PersonID = idLead2 // named by the 交办
	out := mustApply(t, d, request(incoming.Accept, aLead, now))
	if out.Doc.Assignments[0].PersonID != idLead2 || out.To != inProgress {
		t.Errorf("a named person is kept: %+v, to %s", out.Doc.Assignments[0], out.To)
	}
	_, err := incoming.Apply(out.Doc, request(incoming.Accept, aLead, now))
	checkRefusal(t, err, precond("本单位已签收。"))
	_, err = incoming.Apply(d, request(incoming.CoInput, aCo, now, text("意见")))
	checkRefusal(t, err, precond("请先签收，再报送协办意见。"))
	_, err = incoming.Apply(d, request(incoming.CoInput, aLead, now, text("意见")))
	checkRefusal(t, err, forbidden("您不能报送协办意见：协办意见由协办单位报送。"))
	_, err = incoming.Apply(doc(inProgress, banJian), request(incoming.CoInput, aCo, now))
	checkRefusal(t, err, invalid(map[string]string{"text": "请填写协办意见"}))
	_, err = incoming.Apply(doc(inProgress, banJian), request(incoming.Report, aCo, now, text("结果")))
	checkRefusal(t, err, forbidden("您不能报送办理结果：办理结果由主办单位报送。"))
	_, err = incoming.Apply(doc(inProgress, banJian), request(incoming.Report, aLead, now))
	checkRefusal(t, err, invalid(map[string]string{"text": "请填写办理结果"}))
	// the co unit signs first: still ASSIGNED until the 主办 signs
	co := mustApply(t, doc(assigned, banJian), request(incoming.Accept, aCo, now))
	if co.To != assigned || co.Doc.Assignments[1].PersonID != idCo {
		t.Errorf("co first: to %s, %+v", co.To, co.Doc.Assignments[1])
	}
	in := mustApply(t, co.Doc, request(incoming.CoInput, aCo, now, text("意见")))
	if in.To != assigned || !in.Doc.Assignments[1].InputAt.Equal(now) {
		t.Errorf("co input while assigned: to %s, %+v", in.To, in.Doc.Assignments[1])
	}
	lead := mustApply(t, in.Doc, request(incoming.Accept, aLead, now))
	if lead.To != inProgress {
		t.Errorf("lead signs: to %s", lead.To)
	}
}

func TestReturnAndVoidNeedAReason(t *testing.T) {
	for _, h := range []zhongshu.Handling{yueJian, banJian} {
		d := doc(registered, h)
		_, err := incoming.Apply(d, request(incoming.ReturnDoc, aDirector, now, text("  ")))
		checkRefusal(t, err, invalid(map[string]string{"text": "请说明退回理由（如不符合行文规则）"}))
		_, err = incoming.Apply(d, request(incoming.VoidNumber, aRegistrar, now))
		checkRefusal(t, err, invalid(map[string]string{"text": "请说明作废理由（如重复登记）"}))
		_, err = incoming.Apply(d, request(incoming.VoidNumber, aDirector, now, text("重复登记")))
		checkRefusal(t, err, forbidden("您不能作废登记：作废登记由文电科文书办理。"))

		out := mustApply(t, d, request(incoming.ReturnDoc, aDirector, now, text(" 不符合行文规则 ")))
		if out.To != returned || out.Doc.EndReason != "不符合行文规则" || !cmp.Equal([]string{incoming.EventReturned}, out.Events) {
			t.Errorf("return: to %s, reason %q, events %q", out.To, out.Doc.EndReason, out.Events)
		}
		out = mustApply(t, d, request(incoming.VoidNumber, aRegistrar, now, text("重复登记")))
		if out.To != voided || out.Doc.EndReason != "重复登记" || !cmp.Equal([]string{incoming.EventVoided}, out.Events) {
			t.Errorf("void: to %s, reason %q, events %q", out.To, out.Doc.EndReason, out.Events)
		}
		if out.Doc.Number != d.Number {
			t.Errorf("the void number changed: %q", out.Doc.Number)
		}
	}
}

func TestHandlingDecidesTheRoute(t *testing.T) {
	_, err := incoming.Apply(doc(registered, banJian), request(incoming.Circulate, aRegistrar, now, readers(true, idReader)))
	checkRefusal(t, err, precond("办件须先拟办、呈批，不能直接传阅。"))
	_, err = incoming.Apply(doc(registered, yueJian), request(incoming.Propose, aDirector, now, text("拟办"),
		leaders(true, idCounty)))
	checkRefusal(t, err, precond("阅件不需拟办，请直接分送传阅。"))

	d := doc(registered, yueJian)
	_, err = incoming.Apply(d, request(incoming.Circulate, aRegistrar, now))
	checkRefusal(t, err, invalid(map[string]string{"readers": "请选择传阅对象"}))
	_, err = incoming.Apply(d, request(incoming.Circulate, aRegistrar, now, readers(true, idReader, idReader)))
	checkRefusal(t, err, invalid(map[string]string{"readers": "同一人员不能重复选择"}))
	_, err = incoming.Apply(d, request(incoming.Circulate, aRegistrar, now, readers(true, 0)))
	checkRefusal(t, err, invalid(map[string]string{"readers": "人员不能为空"}))
	_, err = incoming.Apply(d, request(incoming.Circulate, aClerk, now, readers(true, idReader)))
	checkRefusal(t, err, forbidden("您不能分送传阅：传阅由文电科或办公室领导安排。"))
}

func TestTextLimits(t *testing.T) {
	long := strings.Repeat("批", zhongshu.MaxIncomingText)
	tooLong := long + "示"
	cases := []struct {
		name string
		doc  zhongshu.IncomingDoc
		req  func(s string) incoming.Request
	}{
		{"拟办", doc(registered, banJian), func(s string) incoming.Request {
			return request(incoming.Propose, aProposer, now, text(s))
		}},
		{"批示", doc(awaiting, banJian), func(s string) incoming.Request { return request(incoming.Instruct, aCounty, now, text(s)) }},
		{"已阅", doc(circulating, yueJian), func(s string) incoming.Request { return request(incoming.Read, aReader, now, text(s)) }},
		{"协办意见", doc(inProgress, banJian), func(s string) incoming.Request { return request(incoming.CoInput, aCo, now, text(s)) }},
		{"办理结果", doc(inProgress, banJian), func(s string) incoming.Request { return request(incoming.Report, aLead, now, text(s)) }},
		{"退回", doc(inProgress, banJian), func(s string) incoming.Request { return request(incoming.Decline, aLead, now, text(s)) }},
		{"催办", doc(inProgress, banJian), func(s string) incoming.Request { return request(incoming.Urge, aSuper, now, text(s)) }},
		{"退回来文单位", doc(registered, yueJian), func(s string) incoming.Request {
			return request(incoming.ReturnDoc, aRegistrar, now, text(s))
		}},
		{"作废", doc(registered, yueJian), func(s string) incoming.Request {
			return request(incoming.VoidNumber, aRegistrar, now, text(s))
		}},
		{"签收", doc(received, yueJian), func(s string) incoming.Request { return request(incoming.Sign, aRegistrar, now, text(s)) }},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := incoming.Apply(tt.doc, tt.req(tooLong))
			checkRefusal(t, err, invalid(map[string]string{"text": "内容不能超过2000个字"}))
			mustApply(t, tt.doc, tt.req(" "+long+"\n")) // trimmed first
		})
	}
	t.Run("texts are kept trimmed", func(t *testing.T) {
		out := mustApply(t, doc(awaiting, banJian), request(incoming.Instruct, aCounty, now, text("  同意。\n")))
		if got := out.Doc.Instructions[0].Text; got != "同意。" {
			t.Errorf("批示 %q", got)
		}
		_, err := incoming.Apply(doc(awaiting, banJian), request(incoming.Instruct, aCounty, now, text(" \t ")))
		checkRefusal(t, err, invalid(map[string]string{"text": "请填写批示意见"}))
	})
}

// domainArrowCases are single steps along the arrows of §3.5.1 that the
// exhaustive table's fixtures cannot show (the last reader, the last 批示),
// and each arrow once more with its events.
type domainCase struct {
	name   string
	doc    zhongshu.IncomingDoc
	req    incoming.Request
	to     zhongshu.IncomingStatus
	events []string
}

func domainArrowCases() []domainCase {
	lastReader := doc(circulating, yueJian)
	lastReader.Readers[0].OpenedAt, lastReader.Readers[0].FinishedAt, lastReader.Readers[1].SentAt = at(3), at(3), at(3)
	lastLeader := doc(awaiting, banJian)
	lastLeader.Instructions[0].Text, lastLeader.Instructions[0].ByID, lastLeader.Instructions[0].At = "同意", idCounty, at(3)
	lastLeader.Instructions[1].SentAt = at(3)
	return []domainCase{
		{"签收", doc(received, banJian), request(incoming.Sign, aRegistrar, now), signed, []string{incoming.EventSigned}},
		{"登记", doc(signed, banJian), request(incoming.Register, aRegistrar, now), registered,
			[]string{incoming.EventRegistered}},
		{"退回来文单位", doc(registered, banJian), request(incoming.ReturnDoc, aRegistrar, now, text("非本机关办理")), returned,
			[]string{incoming.EventReturned}},
		{"作废", doc(registered, banJian), request(incoming.VoidNumber, aRegistrar, now, text("重复登记")), voided,
			[]string{incoming.EventVoided}},
		{"分送传阅", doc(registered, yueJian), request(incoming.Circulate, aRegistrar, now, readers(false, idReader)),
			circulating, []string{incoming.EventCirculated}},
		{"拟办", doc(registered, banJian), request(incoming.Propose, aProposer, now, text("拟呈县长阅示")), proposed,
			[]string{incoming.EventProposed}},
		{"呈批", doc(proposed, banJian), request(incoming.Submit, aRegistrar, now, leaders(true, idCounty)), awaiting,
			[]string{incoming.EventSubmitted}},
		{"最后一位领导批示", lastLeader, request(incoming.Instruct, aExec, now, text("同意")), assigned,
			[]string{incoming.EventInstructed, incoming.EventInstructed2, incoming.EventAssigned}},
		{"主办单位签收", doc(assigned, banJian), request(incoming.Accept, aLead, now), inProgress,
			[]string{incoming.EventAccepted}},
		{"催办", doc(inProgress, banJian), request(incoming.Urge, aRegistrar, now, text("请于本周内报送结果")), inProgress,
			[]string{incoming.EventUrged}},
		{"承办单位退回", doc(inProgress, banJian), request(incoming.Decline, aLead, now, text("不属本单位职责")), proposed,
			[]string{incoming.EventDeclined}},
		{"办理结果", doc(inProgress, banJian), request(incoming.Report, aLead, now, text("已办理")), replied,
			[]string{incoming.EventReported}},
		{"办结", doc(replied, banJian), request(incoming.Complete, aRegistrar, now), completed,
			[]string{incoming.EventCompleted}},
		{"最后一位传阅对象", lastReader, request(incoming.Read, aReader2, now), completed,
			[]string{incoming.EventRead, incoming.EventReadAll, incoming.EventCompleted}},
		{"归档（阅件）", doc(completed, yueJian), request(incoming.Archive, aRegistrar, now), archived,
			[]string{incoming.EventArchived}},
		{"归档（办件）", doc(completed, banJian), request(incoming.Archive, aRegistrar, now), archived,
			[]string{incoming.EventArchived}},
	}
}

func TestDomainArrows(t *testing.T) {
	for _, tt := range domainArrowCases() {
		t.Run(tt.name, func(t *testing.T) {
			out := mustApply(t, tt.doc, tt.req)
			type result struct {
				From, To zhongshu.IncomingStatus
				Events   []string
			}
			if diff := cmp.Diff(result{tt.doc.Status, tt.to, tt.events}, result{out.From, out.To, out.Events}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyOddRequests(t *testing.T) {
	d := doc(inProgress, banJian)
	_, err := incoming.Apply(d, request("fly", aLead, now))
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "未知的收文操作：fly。"})
	_, err = incoming.Apply(d, request(incoming.LinkItem, aRegistrar, now))
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "未知的收文操作：link_item。"})
	_, err = incoming.Apply(d, incoming.Request{Action: incoming.Report, Now: now, Text: "结果"})
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeUnauthenticated, Message: "请先登录。"})
	_, err = incoming.Apply(d, incoming.Request{Action: incoming.Report, Actor: &zhongshu.Actor{}, Now: now, Text: "结果"})
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeUnauthenticated, Message: "请先登录。"})
	if got := incoming.Allowed(d, nil, nil, now); got != nil {
		t.Errorf("Allowed for nobody = %q, want none", got)
	}
	if got := incoming.Allowed(d, zhongshu.SystemActor(), nil, now); got != nil {
		t.Errorf("Allowed for the system = %q, want none", got)
	}
}

func TestActions(t *testing.T) {
	want := []incoming.Action{incoming.Sign, incoming.Register, incoming.Circulate, incoming.Propose, incoming.Submit,
		incoming.Instruct, incoming.Assign, incoming.Accept, incoming.Read, incoming.CoInput, incoming.Report,
		incoming.Complete, incoming.Archive, incoming.Urge, incoming.Transfer, incoming.Decline, incoming.Withdraw,
		incoming.ReturnDoc, incoming.VoidNumber}
	if diff := cmp.Diff(want, incoming.Actions()); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	for _, a := range want {
		if !a.Valid() || a.Label() == string(a) {
			t.Errorf("%s: valid %v, label %q", a, a.Valid(), a.Label())
		}
	}
	if incoming.LinkItem.Valid() || incoming.LinkItem.Label() != "转督办" || incoming.Action("fly").Label() != "fly" {
		t.Error("link_item is not a step of the route, yet is labelled; unknown actions keep their name")
	}
	as := incoming.Actions()
	as[0] = "changed"
	if incoming.Actions()[0] != incoming.Sign {
		t.Error("Actions returned its own slice")
	}
}
