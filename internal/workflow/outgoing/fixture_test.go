package outgoing_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Shorter names for the states.
const (
	drafting     = zhongshu.OutgoingDrafting
	unitCheck    = zhongshu.OutgoingUnitCheck
	countersign  = zhongshu.OutgoingCountersign
	officeReview = zhongshu.OutgoingOfficeReview
	deliberation = zhongshu.OutgoingDeliberation
	signing      = zhongshu.OutgoingSigning
	recheck      = zhongshu.OutgoingRecheck
	registered   = zhongshu.OutgoingRegistered
	producing    = zhongshu.OutgoingProducing
	dispatched   = zhongshu.OutgoingDispatched
	published    = zhongshu.OutgoingPublished
	archived     = zhongshu.OutgoingArchived
	revoked      = zhongshu.OutgoingRevoked
	abolished    = zhongshu.OutgoingAbolished
	withdrawn    = zhongshu.OutgoingWithdrawn
)

// Time of the fixture. 2026-03-02 is a Monday.
var (
	cst = time.FixedZone("CST", 8*3600)
	t0  = time.Date(2026, 3, 2, 9, 0, 0, 0, cst) // the draft is made
	now = time.Date(2026, 3, 4, 15, 0, 0, 0, cst)
)

// at is the fixture's clock: h hours after the draft was made.
func at(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

// People and units of the fixture.
const (
	idDrafter   = 10 // 秘书科科员, the 拟稿人
	idChecker   = 11 // 秘书科科长, the 核稿人
	idCounter   = 12 // 联络员 of the 会签单位 yet to answer (财政局)
	idOtherUnit = 13 // 联络员 of the 会签单位 that has agreed (发改局)
	idReviewer  = 14 // 综合科科长, named as the office reviewer
	idDirector  = 15 // 办公室主任
	idStandIn   = 16 // 科员 holding the drafter's work by a 委托 (not a table actor)
	idDeputyDir = 17 // 办公室副主任 (not a table actor)
	idCounty    = 20 // 县长, a leader of 签发
	idDeputy    = 21 // 副县长, the other leader of 签发
	idAB        = 22 // 副县长 holding the 县长's work (AB角), not himself a signer
	idBureau    = 23 // 财政局局长, signs a joint document for the 财政局 (not a table actor)
	idRegistrar = 30 // 文书 of the 文电科
	idStranger  = 40 // 科员 of an unrelated department

	unitGov       = 1   // 青川县人民政府办公室, the 发文机关
	unitSecretary = 2   // 秘书科, the 拟稿单位
	unitGeneral   = 3   // 综合科
	unitLeaders   = 4   // 办公室领导
	unitWendian   = 5   // 文电科
	unitFinance   = 101 // 会签单位: 财政局
	unitDevReform = 102 // 会签单位: 发改局
	unitEdu       = 103 // 无关单位: 教育局
)

// The actors of the exhaustive table.
const (
	aDrafter   = "拟稿人"
	aChecker   = "核稿人"
	aCounter   = "待会签单位人员"
	aOtherUnit = "已会签单位人员"
	aReviewer  = "审核人"
	aDirector  = "办公室主任"
	aCounty    = "县长（签发人）"
	aDeputy    = "副县长（签发人）"
	aAB        = "县长的AB角"
	aRegistrar = "文书"
	aStranger  = "无关人员"
	aNobody    = "未登录"

	// Not in the table, used by the paths.
	aStandIn   = "代拟稿人"
	aDeputyDir = "办公室副主任"
	aBureau    = "财政局局长"
)

var actorNames = []string{aDrafter, aChecker, aCounter, aOtherUnit, aReviewer, aDirector, aCounty, aDeputy, aAB,
	aRegistrar, aStranger, aNobody}

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
	aDrafter:   newPerson(idDrafter, []int64{unitSecretary}, nil, zhongshu.RoleClerk),
	aChecker:   newPerson(idChecker, []int64{unitSecretary}, nil, zhongshu.RoleSectionChief),
	aCounter:   newPerson(idCounter, []int64{unitFinance}, nil, zhongshu.RoleUnitLiaison),
	aOtherUnit: newPerson(idOtherUnit, []int64{unitDevReform}, nil, zhongshu.RoleUnitLiaison),
	aReviewer:  newPerson(idReviewer, []int64{unitGeneral}, nil, zhongshu.RoleSectionChief),
	aDirector:  newPerson(idDirector, []int64{unitLeaders}, nil, zhongshu.RoleOfficeDirector),
	aCounty:    newPerson(idCounty, nil, nil, zhongshu.RoleCountyHead),
	aDeputy:    newPerson(idDeputy, nil, nil, zhongshu.RoleDeputyHead),
	aAB:        newPerson(idAB, nil, []int64{idCounty}, zhongshu.RoleDeputyHead),
	aRegistrar: newPerson(idRegistrar, []int64{unitWendian}, nil, zhongshu.RoleRegistrar),
	aStranger:  newPerson(idStranger, []int64{unitEdu}, nil, zhongshu.RoleClerk),
	aNobody:    {},

	aStandIn:   newPerson(idStandIn, []int64{unitSecretary}, []int64{idDrafter}, zhongshu.RoleClerk),
	aDeputyDir: newPerson(idDeputyDir, []int64{unitLeaders}, nil, zhongshu.RoleOfficeDeputy),
	aBureau:    newPerson(idBureau, []int64{unitFinance}, nil, zhongshu.RoleSectionChief),
}

// fx names a fixture document: a state, and for DRAFTING whether the draft
// came back from the office's 审核 rather than being new.
type fx struct {
	status   zhongshu.OutgoingStatus
	returned bool
}

func (f fx) String() string {
	if f.returned {
		return string(f.status) + "(退回)"
	}
	return string(f.status)
}

func fxs(ss ...zhongshu.OutgoingStatus) []fx {
	var out []fx
	for _, s := range ss {
		out = append(out, fx{status: s})
	}
	return out
}

var returnedDraft = fx{drafting, true}

// fixtures are every state of the route, and a returned draft.
var fixtures = append(fxs(zhongshu.AllOutgoingStatuses()...), returnedDraft)

// passed is a 审核 with every point passed.
func passed() []zhongshu.ReviewCheck {
	cs := make([]zhongshu.ReviewCheck, len(zhongshu.ReviewItems))
	for i := range cs {
		cs[i].OK = true
	}
	return cs
}

// fixture is a document as it would look in f. It is drafted in the 秘书科,
// checked by its 科长, sent to the 财政局 and the 发改局 for 会签 (the 发改局
// has agreed while COUNTERSIGN), reviewed by the 综合科科长, adopted at a
// meeting and signed by the 县长 and a 副县长 in parallel (neither has
// signed while SIGNING); it is 主动公开. A withdrawn draft was withdrawn
// new; a returned draft came back from the office's 审核; a revoked
// document was revoked once dispatched, an abolished one once published.
func fixture(f fx) zhongshu.OutgoingDoc {
	s := f.status
	d := zhongshu.OutgoingDoc{
		ID: 1, Kind: zhongshu.KindNotice, Format: zhongshu.FormatGeneral, Direction: zhongshu.DirectionDown,
		Issuers: []zhongshu.Issuer{{UnitID: unitGov, Name: "青川县人民政府办公室"}}, Series: "青政办发",
		Title:           "青川县人民政府办公室关于做好2026年春季森林防火工作的通知",
		MainTo:          []zhongshu.Recipient{{Name: "各乡镇人民政府，县政府各部门"}},
		CC:              []zhongshu.Recipient{{UnitID: unitFinance}},
		Body:            "为切实做好春季森林防火工作，现将有关事项通知如下。\n一、压实责任",
		AttachmentNames: []string{"春季森林防火责任分工表"}, Secrecy: zhongshu.SecrecyNone,
		Urgency: zhongshu.UrgencyNormal, Disclosure: zhongshu.DisclosureActive, Copies: 40,
		PrintingUnit: "青川县人民政府办公室", Status: s, Version: 1, DrafterID: idDrafter, DraftUnit: unitSecretary,
		CreatedAt: t0, UpdatedAt: t0,
	}
	switch {
	case s == withdrawn:
		d.WithdrawReason = "工作已另行部署"
		return d
	case s == drafting && !f.returned:
		return d
	}
	d.CheckerID = idChecker
	if s == unitCheck {
		return d
	}
	d.CheckedAt, d.ReviewerID = at(2), idReviewer
	d.Countersigns = []zhongshu.Countersign{
		{UnitID: unitFinance, SentAt: at(2)},
		{UnitID: unitDevReform, SentAt: at(2), ByID: idOtherUnit, At: at(3), Agreed: true, Text: "同意。"},
	}
	if s == countersign {
		return d
	}
	d.Countersigns[0].ByID, d.Countersigns[0].At, d.Countersigns[0].Agreed = idCounter, at(4), true
	switch s {
	case officeReview:
		return d
	case drafting:
		d.ReturnedFrom, d.ReturnText = officeReview, "请补充扑火预案。"
		return d
	}
	d.Review, d.ReviewedAt, d.NeedsMeeting = passed(), at(5), true
	d.Signatures = []zhongshu.Signature{{LeaderID: idCounty, UnitID: unitGov}, {LeaderID: idDeputy, UnitID: unitGov}}
	if s == deliberation {
		return d
	}
	d.MeetingRef = "县政府第12次常务会议"
	d.Signatures[0].SentAt, d.Signatures[1].SentAt = at(6), at(6)
	if s == signing {
		return d
	}
	d.Signatures[0].ByID, d.Signatures[0].At, d.Signatures[0].Opinion = idCounty, at(7), "同意印发。"
	d.Signatures[1].ByID, d.Signatures[1].At, d.Signatures[1].Circled = idDeputy, at(6), true
	d.RecheckByID = idRegistrar
	if s == recheck {
		return d
	}
	d.Year, d.Seq, d.Number = 2026, 12, "青政办发〔2026〕12号"
	d.RegisteredByID, d.RegisteredAt, d.WrittenAt = idRegistrar, at(8), at(7)
	if s == registered {
		return d
	}
	d.RenditionID, d.RenditionSM3, d.ProducedAt = 7, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", at(9)
	if s == producing {
		return d
	}
	d.DispatchedByID, d.DispatchedAt, d.PrintedAt = idRegistrar, at(10), at(10)
	switch s {
	case dispatched:
		return d
	case revoked:
		d.Revocation = &zhongshu.Revocation{EffectiveAt: at(10), DecidedBy: "青川县人民政府", Reason: "违反上位法",
			RecordedByID: idDirector, RecordedAtUTC: at(11).UTC()}
		return d
	}
	d.PublishedAt = at(11)
	switch s {
	case published:
		return d
	case abolished:
		d.Revocation = &zhongshu.Revocation{Abolished: true, EffectiveAt: at(24), DecidedBy: "青川县人民政府",
			Reason: "已被新规定替代", RecordedByID: idDirector, RecordedAtUTC: at(12).UTC()}
		return d
	}
	d.ArchiveNumber, d.ArchivedAt = "2026-发-青政办发〔2026〕12号", at(12)
	return d
}

// fullRequest carries everything any action may need, so that only who and
// the document decide.
func fullRequest(a outgoing.Action, who string) outgoing.Request {
	p := people[who]
	return outgoing.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: now, Text: "意见", To: idReviewer,
		Units: []int64{unitFinance, unitDevReform}, Checks: passed(),
		Signers:    []zhongshu.Signature{{LeaderID: idCounty, UnitID: unitGov}, {LeaderID: idDeputy}},
		MeetingRef: "县政府第12次常务会议", Circled: true, Number: "青政办发〔2026〕12号", Year: 2026, Seq: 12, Copies: 40,
		RenditionID: 7, RenditionSM3: "66c7f0f4", ArchiveNumber: "2026-发-0012", DecidedBy: "青川县人民政府",
		DecisionRef: "青府发〔2026〕3号", EffectiveAt: now}
}

// opt fills in a part of a request.
type opt func(*outgoing.Request)

func text(s string) opt                    { return func(r *outgoing.Request) { r.Text = s } }
func to(id int64) opt                      { return func(r *outgoing.Request) { r.To = id } }
func units(ids ...int64) opt               { return func(r *outgoing.Request) { r.Units = ids } }
func checks(cs []zhongshu.ReviewCheck) opt { return func(r *outgoing.Request) { r.Checks = cs } }
func signers(ss ...zhongshu.Signature) opt { return func(r *outgoing.Request) { r.Signers = ss } }
func meeting(ref string) opt               { return func(r *outgoing.Request) { r.MeetingRef = ref } }
func circled() opt                         { return func(r *outgoing.Request) { r.Circled = true } }
func needsMeeting() opt                    { return func(r *outgoing.Request) { r.NeedsMeeting = true } }
func archiveNumber(n string) opt           { return func(r *outgoing.Request) { r.ArchiveNumber = n } }
func decidedBy(by string) opt              { return func(r *outgoing.Request) { r.DecidedBy = by } }
func effective(t time.Time) opt            { return func(r *outgoing.Request) { r.EffectiveAt = t } }
func rendition(id int64, sm3 string) opt {
	return func(r *outgoing.Request) { r.RenditionID, r.RenditionSM3 = id, sm3 }
}
func signer(leader, unit int64) zhongshu.Signature {
	return zhongshu.Signature{LeaderID: leader, UnitID: unit}
}

// number is the 发文字号 the app takes for Register.
func number(n string, year, seq, copies int) opt {
	return func(r *outgoing.Request) { r.Number, r.Year, r.Seq, r.Copies = n, year, seq, copies }
}

// request is a request by one of the fixture's people.
func request(a outgoing.Action, who string, when time.Time, opts ...opt) outgoing.Request {
	p, ok := people[who]
	if !ok {
		panic("no such person: " + who)
	}
	r := outgoing.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: when}
	for _, o := range opts {
		o(&r)
	}
	return r
}

func doc(s zhongshu.OutgoingStatus) zhongshu.OutgoingDoc { return fixture(fx{status: s}) }

// mustApply applies req and fails the test on error.
func mustApply(t *testing.T, d zhongshu.OutgoingDoc, req outgoing.Request) outgoing.Outcome {
	t.Helper()
	out, err := outgoing.Apply(d, req)
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
	req    outgoing.Request
	to     zhongshu.OutgoingStatus
	events []string
	check  func(t *testing.T, out outgoing.Outcome) // optional
}

// walk applies the steps in turn, checking each one's state and events and
// that the input was left alone, and returns the document at the end with
// all the events in order.
func walk(t *testing.T, d zhongshu.OutgoingDoc, steps []step) (zhongshu.OutgoingDoc, []string) {
	t.Helper()
	var all []string
	for i, s := range steps {
		before := cloneForCompare(d)
		out, err := outgoing.Apply(d, s.req)
		if err != nil {
			t.Fatalf("step %d (%s by %s) on %s: %v", i+1, s.req.Action, s.req.Actor.User.Name, d.Status, err)
		}
		got := [3]zhongshu.OutgoingStatus{out.From, out.To, out.Doc.Status}
		if diff := cmp.Diff([3]zhongshu.OutgoingStatus{d.Status, s.to, s.to}, got); diff != "" {
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

// cloneForCompare copies d with its own slices, so that a later change
// through shared backing arrays shows up in a comparison.
func cloneForCompare(d zhongshu.OutgoingDoc) zhongshu.OutgoingDoc {
	d.Issuers = slices.Clone(d.Issuers)
	d.MainTo = slices.Clone(d.MainTo)
	d.CC = slices.Clone(d.CC)
	d.AttachmentNames = slices.Clone(d.AttachmentNames)
	d.Countersigns = slices.Clone(d.Countersigns)
	d.Review = slices.Clone(d.Review)
	d.Signatures = slices.Clone(d.Signatures)
	if d.Revocation != nil {
		r := *d.Revocation
		d.Revocation = &r
	}
	return d
}
