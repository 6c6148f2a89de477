package incoming_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Shorter names for the states.
const (
	received    = zhongshu.IncomingReceived
	signed      = zhongshu.IncomingSigned
	registered  = zhongshu.IncomingRegistered
	returned    = zhongshu.IncomingReturned
	circulating = zhongshu.IncomingCirculating
	proposed    = zhongshu.IncomingProposed
	awaiting    = zhongshu.IncomingAwaitingInstruction
	assigned    = zhongshu.IncomingAssigned
	inProgress  = zhongshu.IncomingInProgress
	replied     = zhongshu.IncomingReplied
	completed   = zhongshu.IncomingCompleted
	archived    = zhongshu.IncomingArchived
	voided      = zhongshu.IncomingVoided
)

// Time of the fixture. 2026-03-02 is a Monday.
var (
	cst = time.FixedZone("CST", 8*3600)
	t0  = time.Date(2026, 3, 2, 9, 0, 0, 0, cst) // the document arrives
	now = time.Date(2026, 3, 4, 15, 0, 0, 0, cst)
	due = time.Date(2026, 3, 21, 0, 0, 0, 0, cst) // 2026-03-20 24:00
)

// at is the fixture's clock: h hours after the document arrived.
func at(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

// People and units of the fixture.
const (
	idRegistrar = 10 // 文书 of the 文电科
	idDirector  = 11 // 办公室主任
	idProposer  = 12 // 办公室副主任, the 拟办人 named at registration
	idStandIn   = 13 // 秘书科科长 holding the 拟办人's work by a 委托
	idCounty    = 20 // 县长, first in the 呈批 chain
	idDeputy    = 21 // 副县长 with no part in the fixture document
	idAB        = 22 // 副县长 holding the 县长's work (AB角)
	idExec      = 23 // 常务副县长, second in the chain (not a table actor)
	idLead      = 30 // 联络员 of the 主办 unit
	idCo        = 31 // 科员 of the 协办 unit
	idReader    = 40 // first in the 传阅
	idReader2   = 41 // second in the 传阅 (not a table actor)
	idClerk     = 50 // 科员 of an unrelated department
	idSuper     = 60 // 督查员
	idOther     = 70 // 另一位县领导, to whom a 批示 is transferred
	idLead2     = 71 // another person of the 主办 unit

	unitWendian = 1   // 文电科
	unitOffice  = 2   // 秘书科
	unitDucha   = 3   // 督查室
	unitLead    = 101 // 主办: 应急管理局
	unitCo      = 102 // 协办: 林业局
	unitOther   = 104 // 无关单位: 教育局
)

// The actors of the exhaustive table.
const (
	aRegistrar = "文书"
	aDirector  = "办公室主任"
	aProposer  = "拟办人（办公室副主任）"
	aStandIn   = "代拟办人的科长"
	aCounty    = "县长"
	aDeputy    = "无关副县长"
	aAB        = "县长的AB角"
	aLead      = "主办单位联络员"
	aCo        = "协办单位人员"
	aReader    = "传阅对象"
	aClerk     = "无关科员"
	aSuper     = "督查员"

	// Not in the table, used by the paths.
	aExec    = "常务副县长"
	aReader2 = "第二位传阅对象"
	aOther   = "另一位县领导"
	aLead2   = "主办单位另一人员"
	// the 科长 once the 委托 has ended
	aFormerStandIn = "已无委托的科长"
)

var actorNames = []string{aRegistrar, aDirector, aProposer, aStandIn, aCounty, aDeputy, aAB, aLead, aCo, aReader,
	aClerk, aSuper}

type person struct {
	actor *zhongshu.Actor
	units []int64
}

// newPerson makes a user with a post in each unit and the roles given; the
// actor works for the units of its posts, as the app passes them.
func newPerson(id int64, units []int64, delegators []int64, roles ...zhongshu.Role) person {
	u := &zhongshu.User{ID: id, Name: fmt.Sprint("用户", id), Roles: roles}
	for i, unit := range units {
		u.Posts = append(u.Posts, zhongshu.Post{UnitID: unit, Primary: i == 0})
	}
	return person{zhongshu.NewActor(u, "", delegators), units}
}

var people = map[string]person{
	aRegistrar: newPerson(idRegistrar, []int64{unitWendian}, nil, zhongshu.RoleRegistrar),
	aDirector:  newPerson(idDirector, []int64{unitOffice}, nil, zhongshu.RoleOfficeDirector),
	aProposer:  newPerson(idProposer, []int64{unitOffice}, nil, zhongshu.RoleOfficeDeputy),
	aStandIn:   newPerson(idStandIn, []int64{unitOffice}, []int64{idProposer}, zhongshu.RoleSectionChief),
	aCounty:    newPerson(idCounty, nil, nil, zhongshu.RoleCountyHead),
	aDeputy:    newPerson(idDeputy, nil, nil, zhongshu.RoleDeputyHead),
	aAB:        newPerson(idAB, nil, []int64{idCounty}, zhongshu.RoleDeputyHead),
	aLead:      newPerson(idLead, []int64{unitLead}, nil, zhongshu.RoleUnitLiaison),
	aCo:        newPerson(idCo, []int64{unitCo}, nil, zhongshu.RoleClerk),
	aReader:    newPerson(idReader, []int64{unitOffice}, nil, zhongshu.RoleSectionChief),
	aClerk:     newPerson(idClerk, []int64{unitOther}, nil, zhongshu.RoleClerk),
	aSuper:     newPerson(idSuper, []int64{unitDucha}, nil, zhongshu.RoleSupervisor),

	aExec:    newPerson(idExec, nil, nil, zhongshu.RoleExecDeputyHead),
	aReader2: newPerson(idReader2, []int64{unitOffice}, nil, zhongshu.RoleClerk),
	aOther:   newPerson(idOther, nil, nil, zhongshu.RoleDeputyHead),
	aLead2:   newPerson(idLead2, nil, nil, zhongshu.RoleClerk), // acts as the unit's named person only

	aFormerStandIn: newPerson(idStandIn, []int64{unitOffice}, nil, zhongshu.RoleSectionChief),
}

// fx names a fixture document: a state and whether it is a 阅件 or a 办件.
type fx struct {
	status   zhongshu.IncomingStatus
	handling zhongshu.Handling
}

func (f fx) String() string { return f.handling.Label() + "/" + string(f.status) }

// yue and ban are the fixtures of a 阅件 and a 办件 in the states given;
// both those of either.
func yue(ss ...zhongshu.IncomingStatus) []fx  { return fxs(zhongshu.HandlingRead, ss) }
func ban(ss ...zhongshu.IncomingStatus) []fx  { return fxs(zhongshu.HandlingAction, ss) }
func both(ss ...zhongshu.IncomingStatus) []fx { return append(yue(ss...), ban(ss...)...) }

func fxs(h zhongshu.Handling, ss []zhongshu.IncomingStatus) []fx {
	var out []fx
	for _, s := range ss {
		out = append(out, fx{s, h})
	}
	return out
}

// fixtures are every state a document of either kind can be in: the states
// before and after the route for both, 传阅 for a 阅件, the rest for a 办件.
var fixtures = slices.Concat(
	both(received, signed, registered, returned, voided),
	yue(circulating, completed, archived),
	ban(proposed, awaiting, assigned, inProgress, replied, completed, archived),
)

// proposedUnits are the units of the fixture's 拟办: 主办 and 协办.
func proposedUnits() []zhongshu.IncomingAssignment {
	return []zhongshu.IncomingAssignment{
		{UnitID: unitLead, Role: zhongshu.AssignmentLead, DueAt: due},
		{UnitID: unitCo, Role: zhongshu.AssignmentCo, DueAt: due},
	}
}

// fixture is a document as it would look in f: a 阅件 goes to two readers in
// order, the first of whom has it while CIRCULATING; a 办件 names its 拟办人
// at registration, goes to the 县长 then the 常务副县长 in order (the 县长
// holds it while AWAITING_INSTRUCTION) and to a 主办 and a 协办 unit, which
// nobody has signed for while ASSIGNED and both have from IN_PROGRESS on.
func fixture(f fx) zhongshu.IncomingDoc {
	s := f.status
	d := zhongshu.IncomingDoc{
		ID: 1, Year: 2026, ReceivedAt: t0, SenderName: "市人民政府办公室", SenderNumber: "X市政办发〔2026〕5号",
		Kind: zhongshu.KindNotice, Title: "关于做好春季森林防火工作的通知", Secrecy: zhongshu.SecrecyNone,
		Urgency: zhongshu.UrgencyNormal, Copies: 1, Channel: zhongshu.ChannelExchange, Handling: f.handling,
		Status: s, CreatedByID: idRegistrar, CreatedAt: t0,
	}
	if s == received {
		return d
	}
	d.SignedByID, d.SignedAt = idRegistrar, at(1)
	if s == signed {
		return d
	}
	d.Seq, d.Number, d.RegisteredByID, d.RegisteredAt = 123, "收〔2026〕0123", idRegistrar, at(1)
	if f.handling == zhongshu.HandlingAction {
		d.ProposerID = idProposer
	}
	switch s {
	case registered:
		return d
	case returned:
		d.EndReason = "不符合行文规则"
		return d
	case voided:
		d.EndReason = "重复登记"
		return d
	}
	if f.handling == zhongshu.HandlingRead {
		d.ReadInOrder = true
		d.Readers = []zhongshu.Reader{{PersonID: idReader, SentAt: at(2)}, {PersonID: idReader2}}
		if s == circulating {
			return d
		}
		d.Readers = []zhongshu.Reader{
			{PersonID: idReader, SentAt: at(2), OpenedAt: at(3), FinishedAt: at(3), Text: "已阅"},
			{PersonID: idReader2, SentAt: at(3), OpenedAt: at(4), FinishedAt: at(4)},
		}
		d.CompletedAt = at(4)
		if s == archived {
			d.ArchiveNumber, d.ArchivedAt = "2026-Y-0123", at(5)
		}
		return d
	}
	d.Proposal, d.ProposedAt, d.Assignments = "拟请县长、常务副县长阅示，由应急局牵头、林业局配合办理。", at(2), proposedUnits()
	if s == proposed {
		return d
	}
	d.InstructInOrder = true
	d.Instructions = []zhongshu.Instruction{{LeaderID: idCounty, SentAt: at(2)}, {LeaderID: idExec}}
	if s == awaiting {
		return d
	}
	d.Instructions = []zhongshu.Instruction{
		{LeaderID: idCounty, SentAt: at(2), Text: "同意拟办意见。", ByID: idCounty, At: at(3)},
		{LeaderID: idExec, SentAt: at(3), Text: "请应急局抓紧落实。", ByID: idExec, At: at(4)},
	}
	d.AssignedByID, d.AssignedAt = idProposer, at(4)
	if s == assigned {
		return d
	}
	d.Assignments[0].PersonID, d.Assignments[0].SignedAt = idLead, at(5)
	d.Assignments[1].PersonID, d.Assignments[1].SignedAt = idCo, at(5)
	if s == inProgress {
		return d
	}
	d.Result, d.ResultAt, d.ReplyNumber = "已部署全县春季森林防火工作。", at(6), "X政办函〔2026〕12号"
	if s == replied {
		return d
	}
	d.CompletedAt = at(7)
	if s == archived {
		d.ArchiveNumber, d.ArchivedAt = "2026-Y-0123", at(8)
	}
	return d
}

// fullRequest carries everything any action may need, so that only who and
// the document decide.
func fullRequest(a incoming.Action, who string) incoming.Request {
	p := people[who]
	return incoming.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: now, Text: "意见",
		Leaders: []int64{idCounty, idExec}, InOrder: true, Readers: []int64{idReader, idReader2},
		Assignments: proposedUnits(), To: idOther, ReplyNumber: "X政办函〔2026〕12号", ArchiveNumber: "2026-Y-0123"}
}

// Groups of actors.
var (
	registrars  = []string{aRegistrar}
	routers     = []string{aRegistrar, aDirector, aProposer}           // 文电科 and the office leadership
	urgers      = []string{aRegistrar, aDirector, aProposer, aSuper}   // and the 督查室
	proposers   = []string{aDirector, aProposer, aStandIn}             // office leadership and whoever holds the 拟办人's work
	dispatchers = []string{aRegistrar, aDirector, aProposer, aStandIn} // 文电科 and the proposers
	instructors = []string{aCounty, aAB}                               // the 县长 in the chain and his AB角
	unitPeople  = []string{aLead, aCo}
)

// arrow is a set of (fixture, action, actor) triples that succeed, and the
// state they lead to.
type arrow struct {
	from   []fx
	action incoming.Action
	actors []string
	to     zhongshu.IncomingStatus
}

// allowedArrows are, written out by hand from DOMAIN.md §3.5.1 and the
// action comments, the only triples of the fixtures that succeed.
var allowedArrows = []arrow{
	{both(received), incoming.Sign, registrars, signed},
	{both(received, signed), incoming.Register, registrars, registered}, // registering signs what is not yet signed

	{yue(registered), incoming.Circulate, routers, circulating},
	{ban(registered), incoming.Propose, proposers, awaiting}, // with leaders named: 拟办 and 呈批 at once
	{both(registered), incoming.ReturnDoc, routers, returned},
	{both(registered), incoming.VoidNumber, registrars, voided},

	{yue(circulating), incoming.Read, []string{aReader}, circulating}, // the second reader has not read
	{yue(circulating), incoming.Urge, urgers, circulating},
	{yue(circulating), incoming.Withdraw, routers, registered},

	{ban(proposed), incoming.Submit, dispatchers, awaiting},
	{ban(proposed), incoming.Assign, dispatchers, assigned},
	{ban(proposed), incoming.Urge, urgers, proposed},
	{ban(proposed), incoming.Withdraw, proposers, registered},

	{ban(awaiting), incoming.Instruct, instructors, awaiting}, // the 常务副县长 is next
	{ban(awaiting), incoming.Urge, urgers, awaiting},
	{ban(awaiting), incoming.Transfer, instructors, awaiting},
	{ban(awaiting), incoming.Withdraw, dispatchers, proposed},

	{ban(assigned), incoming.Accept, []string{aLead}, inProgress},
	{ban(assigned), incoming.Accept, []string{aCo}, assigned}, // the 主办 has not signed
	{ban(assigned), incoming.Urge, urgers, assigned},
	{ban(assigned), incoming.Transfer, unitPeople, assigned},
	{ban(assigned), incoming.Decline, []string{aLead}, proposed},
	{ban(assigned), incoming.Withdraw, dispatchers, awaiting}, // back before the 交办, after the 批示

	{ban(inProgress), incoming.CoInput, []string{aCo}, inProgress},
	{ban(inProgress), incoming.Report, []string{aLead}, replied},
	{ban(inProgress), incoming.Urge, urgers, inProgress},
	{ban(inProgress), incoming.Transfer, unitPeople, inProgress},
	{ban(inProgress), incoming.Decline, []string{aLead}, proposed},

	{ban(replied), incoming.Complete, routers, completed},
	{both(completed), incoming.Archive, registrars, archived},
	// RETURNED, VOIDED, ARCHIVED: nothing.
}

// mayAct lists, by hand, who passes the "who" check of action a on fixture
// f; a refusal for them is CodePrecondition, for anybody else CodeForbidden.
func mayAct(a incoming.Action, f fx) []string {
	isBan := f.handling == zhongshu.HandlingAction
	// the 拟办人 is named at registration of a 办件; a 阅件 has none.
	props, disps := proposers, dispatchers
	if !isBan || !f.status.Registered() {
		props, disps = []string{aDirector, aProposer}, routers
	}
	// the units act from the 交办 on.
	var units []string
	if isBan && slices.Contains([]zhongshu.IncomingStatus{assigned, inProgress, replied, completed, archived}, f.status) {
		units = unitPeople
	}
	only := func(cond bool, who ...string) []string {
		if cond {
			return who
		}
		return nil
	}
	switch a {
	case incoming.Sign, incoming.Register, incoming.Archive, incoming.VoidNumber:
		return registrars
	case incoming.Circulate, incoming.Complete, incoming.ReturnDoc:
		return routers
	case incoming.Urge:
		return urgers
	case incoming.Propose:
		return props
	case incoming.Submit, incoming.Assign:
		return disps
	case incoming.Read: // a reader the document has reached and who has not read
		return only(f == fx{circulating, zhongshu.HandlingRead}, aReader)
	case incoming.Instruct: // a leader (or stand-in) the document has reached and who has not written
		return only(f == fx{awaiting, zhongshu.HandlingAction}, instructors...)
	case incoming.Accept:
		return units
	case incoming.CoInput:
		return only(units != nil, aCo)
	case incoming.Report, incoming.Decline:
		return only(units != nil, aLead)
	case incoming.Transfer:
		if f.status == awaiting {
			return mayAct(incoming.Instruct, f)
		}
		return units
	case incoming.Withdraw: // whoever sent it on
		switch f.status {
		case circulating:
			return routers
		case proposed:
			return props
		}
		return disps // and whoever made the 交办, here the 拟办人
	}
	panic("mayAct: no rule for " + string(a))
}

type key struct {
	f      fx
	action incoming.Action
	actor  string
}

// want is the hand-written table: the state each succeeding triple leads to.
func want() map[key]zhongshu.IncomingStatus {
	m := map[key]zhongshu.IncomingStatus{}
	for _, a := range allowedArrows {
		for _, f := range a.from {
			for _, who := range a.actors {
				k := key{f, a.action, who}
				if _, dup := m[k]; dup {
					panic(fmt.Sprintf("arrow listed twice: %v", k))
				}
				m[k] = a.to
			}
		}
	}
	return m
}

func wantCode(k key) zhongshu.Code {
	if slices.Contains(mayAct(k.action, k.f), k.actor) {
		return zhongshu.CodePrecondition
	}
	return zhongshu.CodeForbidden
}

func TestFixturesCoverEveryState(t *testing.T) {
	var got []zhongshu.IncomingStatus
	for _, f := range fixtures {
		if !slices.Contains(got, f.status) {
			got = append(got, f.status)
		}
		if d := fixture(f); d.Status != f.status || d.Handling != f.handling {
			t.Errorf("fixture %s is %s/%s", f, d.Handling, d.Status)
		}
	}
	slices.Sort(got)
	all := zhongshu.AllIncomingStatuses()
	slices.Sort(all)
	if diff := cmp.Diff(all, got); diff != "" {
		t.Errorf("fixture states (-all +got):\n%s", diff)
	}
	for _, a := range incoming.Actions() {
		for _, f := range fixtures {
			mayAct(a, f) // panics on an action without a rule
		}
	}
}

// TestApplyExhaustive runs every fixture × every action × every actor and
// checks the code Apply returns (or the state it leads to), and that it left
// its input alone.
func TestApplyExhaustive(t *testing.T) {
	if got := len(incoming.Actions()); got != 19 {
		t.Fatalf("%d actions, the table is written for 19", got)
	}
	table := want()
	used := map[key]bool{}
	for _, f := range fixtures {
		for _, a := range incoming.Actions() {
			for _, who := range actorNames {
				k := key{f, a, who}
				name := fmt.Sprintf("%s/%s/%s", f, a, who)
				doc := fixture(f)
				out, err := incoming.Apply(doc, fullRequest(a, who))
				if diff := cmp.Diff(fixture(f), doc); diff != "" {
					t.Errorf("%s: input changed (-before +after):\n%s", name, diff)
				}
				if to, ok := table[k]; ok {
					used[k] = true
					if err != nil {
						t.Errorf("%s: err = %v, want → %s", name, err, to)
						continue
					}
					got := [3]zhongshu.IncomingStatus{out.From, out.To, out.Doc.Status}
					if diff := cmp.Diff([3]zhongshu.IncomingStatus{f.status, to, to}, got); diff != "" {
						t.Errorf("%s: from, to, doc status (-want +got):\n%s", name, diff)
					}
					if len(out.Events) == 0 {
						t.Errorf("%s: no events", name)
					}
					continue
				}
				code := wantCode(k)
				if got := zhongshu.ErrorCode(err); got != code {
					t.Errorf("%s: code = %q (%v), want %q", name, got, err, code)
				}
				if code == zhongshu.CodeForbidden && !strings.HasPrefix(zhongshu.ErrorMessage(err), "您不能"+a.Label()+"：") {
					t.Errorf("%s: message %q does not start with 您不能%s：", name, zhongshu.ErrorMessage(err), a.Label())
				}
				if diff := cmp.Diff(incoming.Outcome{}, out); diff != "" {
					t.Errorf("%s: refused, yet outcome (-want +got):\n%s", name, diff)
				}
			}
		}
	}
	if len(used) != len(table) {
		t.Errorf("%d of %d table entries were exercised", len(used), len(table))
	}
}

// TestAllowedAgreesWithApply checks, for every fixture and actor, that
// Allowed lists exactly the actions of the hand-written table, in order, and
// exactly those Apply accepts from a bare request once CodeInvalid is ignored.
func TestAllowedAgreesWithApply(t *testing.T) {
	table := want()
	for _, f := range fixtures {
		for _, who := range actorNames {
			p := people[who]
			var wantActions, applied []incoming.Action
			for _, a := range incoming.Actions() {
				if _, ok := table[key{f, a, who}]; ok {
					wantActions = append(wantActions, a)
				}
				_, err := incoming.Apply(fixture(f), incoming.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: now})
				if err == nil || zhongshu.ErrorCode(err) == zhongshu.CodeInvalid {
					applied = append(applied, a)
				}
			}
			got := incoming.Allowed(fixture(f), p.actor, p.units, now)
			if diff := cmp.Diff(wantActions, got); diff != "" {
				t.Errorf("%s/%s: Allowed (-table +got):\n%s", f, who, diff)
			}
			if diff := cmp.Diff(applied, got); diff != "" {
				t.Errorf("%s/%s: Allowed (-Apply +Allowed):\n%s", f, who, diff)
			}
		}
	}
}

// TestEveryArrowOfDomain351 checks that the table and the paths cover every
// arrow of DOMAIN.md §3.5.1.
func TestEveryArrowOfDomain351(t *testing.T) {
	type triple struct {
		from   zhongshu.IncomingStatus
		action incoming.Action
		to     zhongshu.IncomingStatus
	}
	domain := []triple{
		{received, incoming.Sign, signed},
		{signed, incoming.Register, registered},
		{registered, incoming.ReturnDoc, returned},
		{registered, incoming.Circulate, circulating},
		{registered, incoming.Propose, proposed},
		{proposed, incoming.Submit, awaiting},
		{awaiting, incoming.Instruct, assigned},
		{assigned, incoming.Accept, inProgress},
		{inProgress, incoming.Decline, proposed},
		{inProgress, incoming.Report, replied},
		{inProgress, incoming.Urge, inProgress},
		{replied, incoming.Complete, completed},
		{circulating, incoming.Read, completed},
		{completed, incoming.Archive, archived},
		{registered, incoming.VoidNumber, voided}, // not in §3.5.1: 作废 (zhongshu.IncomingVoided)
	}
	covered := map[triple]bool{}
	for k, to := range want() {
		covered[triple{k.f.status, k.action, to}] = true
	}
	for _, tt := range domainArrowCases() {
		out, err := incoming.Apply(tt.doc, tt.req)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		covered[triple{out.From, tt.req.Action, out.To}] = true
	}
	for _, d := range domain {
		if !covered[d] {
			t.Errorf("arrow %s ─%s─▶ %s of §3.5.1 is not covered", d.from, d.action, d.to)
		}
	}
}
