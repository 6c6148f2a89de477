package outgoing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Groups of actors.
var (
	drafters   = []string{aDrafter}
	registrars = []string{aRegistrar}
	directors  = []string{aDirector}
	reviewers  = []string{aReviewer, aDirector}  // the named reviewer and the office leadership
	leaders    = []string{aCounty, aDeputy, aAB} // the leaders of 签发 and the 县长's AB角
	clerks     = []string{aRegistrar, aDirector} // 文电科 and the office leadership
	closers    = []string{aDrafter, aDirector}   // who may withdraw a draft
	checkers   = []string{aChecker}              // the named 核稿人
	counters   = []string{aCounter}              // the 会签单位 yet to answer
	anyEditor  = []string{aDrafter, aChecker, aReviewer, aDirector, aRegistrar}
	anyReturns = []string{aChecker, aReviewer, aDirector}
)

// arrow is a set of (fixture, action, actor) triples that succeed, and the
// state they lead to.
type arrow struct {
	from   []fx
	action outgoing.Action
	actors []string
	to     zhongshu.OutgoingStatus
}

var drafts = []fx{{status: drafting}, returnedDraft}

// allowedArrows are, written out by hand from DOMAIN.md §3.4.1 and the
// action comments, the only triples of the fixtures that succeed.
var allowedArrows = []arrow{
	{drafts, outgoing.Submit, drafters, unitCheck},
	{drafts, outgoing.Edit, drafters, drafting},
	{drafts, outgoing.Withdraw, closers, withdrawn},

	{fxs(unitCheck), outgoing.Check, checkers, countersign}, // the full request names 会签单位
	{fxs(unitCheck), outgoing.Edit, checkers, unitCheck},
	{fxs(unitCheck), outgoing.Return, checkers, drafting},
	{fxs(unitCheck), outgoing.Recall, drafters, drafting},

	{fxs(countersign), outgoing.Countersign, counters, officeReview}, // the 发改局 has agreed
	{fxs(countersign), outgoing.Return, counters, drafting},

	{fxs(officeReview), outgoing.Review, reviewers, signing}, // no meeting asked for
	{fxs(officeReview), outgoing.Edit, reviewers, officeReview},
	{fxs(officeReview), outgoing.Return, reviewers, drafting},

	{fxs(deliberation), outgoing.Deliberate, directors, signing},
	{fxs(deliberation), outgoing.Return, directors, drafting},

	{fxs(signing), outgoing.Sign, leaders, signing}, // the other leader has not signed
	{fxs(signing), outgoing.Return, leaders, drafting},

	{fxs(recheck), outgoing.Register, registrars, registered},
	{fxs(recheck), outgoing.Edit, registrars, recheck},
	{fxs(recheck), outgoing.Resign, clerks, signing},

	{fxs(registered, producing), outgoing.Produce, registrars, producing},
	{fxs(registered, producing), outgoing.VoidNumber, registrars, recheck},
	{fxs(producing), outgoing.Dispatch, registrars, dispatched},

	{fxs(dispatched), outgoing.Publish, clerks, published},
	{fxs(dispatched, published), outgoing.Archive, registrars, archived},
	{fxs(dispatched, published, archived), outgoing.Revoke, directors, revoked},
	{fxs(dispatched, published, archived), outgoing.Abolish, directors, abolished},
	// REVOKED, ABOLISHED, WITHDRAWN: nothing.
}

// mayAct lists, by hand, who passes the "who" check of action a on fixture
// f; a refusal for them is CodePrecondition, for anybody else but the
// signed-out CodeForbidden.
func mayAct(a outgoing.Action, f fx) []string {
	// a new draft (and one withdrawn new) names no 核稿人 and no reviewer;
	// the reviewer is named once the draft is checked.
	fresh := f == fx{status: drafting} || f.status == withdrawn
	chk, revs, editors, returners := checkers, reviewers, anyEditor, anyReturns
	if fresh {
		chk, revs, editors, returners = nil, directors, []string{aDrafter, aDirector, aRegistrar}, directors
	} else if f.status == unitCheck {
		revs, editors, returners = directors, []string{aDrafter, aChecker, aDirector, aRegistrar}, []string{aChecker, aDirector}
	}
	only := func(cond bool, who ...string) []string {
		if cond {
			return who
		}
		return nil
	}
	switch a {
	case outgoing.Submit, outgoing.Recall:
		return drafters
	case outgoing.Withdraw:
		return closers
	case outgoing.Check:
		return chk
	case outgoing.Countersign:
		return only(f.status == countersign, counters...)
	case outgoing.Review:
		return revs
	case outgoing.Deliberate, outgoing.Revoke, outgoing.Abolish:
		return directors
	case outgoing.Sign:
		return only(f.status == signing, leaders...)
	case outgoing.Resign, outgoing.Publish:
		return clerks
	case outgoing.Register, outgoing.Produce, outgoing.Dispatch, outgoing.Archive, outgoing.VoidNumber:
		return registrars
	case outgoing.Edit: // whoever holds the draft where it may change
		switch f.status {
		case drafting:
			return drafters
		case unitCheck:
			return chk
		case officeReview:
			return revs
		case recheck:
			return registrars
		}
		return editors
	case outgoing.Return: // whoever holds it at a review step
		switch f.status {
		case unitCheck:
			return chk
		case countersign:
			return counters
		case officeReview:
			return revs
		case deliberation:
			return directors
		case signing:
			return leaders
		}
		return returners
	}
	panic("mayAct: no rule for " + string(a))
}

type key struct {
	f      fx
	action outgoing.Action
	actor  string
}

// want is the hand-written table: the state each succeeding triple leads to.
func want() map[key]zhongshu.OutgoingStatus {
	m := map[key]zhongshu.OutgoingStatus{}
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
	switch {
	case k.actor == aNobody:
		return zhongshu.CodeUnauthenticated
	case slices.Contains(mayAct(k.action, k.f), k.actor):
		return zhongshu.CodePrecondition
	}
	return zhongshu.CodeForbidden
}

func TestFixturesCoverEveryState(t *testing.T) {
	var got []zhongshu.OutgoingStatus
	for _, f := range fixtures {
		if !slices.Contains(got, f.status) {
			got = append(got, f.status)
		}
		if d := fixture(f); d.Status != f.status {
			t.Errorf("fixture %s is %s", f, d.Status)
		}
	}
	if diff := cmp.Diff(zhongshu.AllOutgoingStatuses(), got); diff != "" {
		t.Errorf("fixture states (-all +got):\n%s", diff)
	}
	for _, a := range outgoing.Actions() {
		for _, f := range fixtures {
			mayAct(a, f) // panics on an action without a rule
		}
	}
	for _, a := range allowedArrows {
		for _, f := range a.from {
			for _, who := range a.actors {
				if !slices.Contains(mayAct(a.action, f), who) {
					t.Errorf("%s/%s/%s succeeds, yet mayAct does not list the actor", f, a.action, who)
				}
			}
		}
	}
}

// TestApplyExhaustive runs every fixture × every action × every actor and
// checks the code Apply returns (or the state it leads to), and that it left
// its input alone.
func TestApplyExhaustive(t *testing.T) {
	if got := len(outgoing.Actions()); got != 19 {
		t.Fatalf("%d actions, the table is written for 19", got)
	}
	table := want()
	used := map[key]bool{}
	for _, f := range fixtures {
		for _, a := range outgoing.Actions() {
			for _, who := range actorNames {
				k := key{f, a, who}
				name := fmt.Sprintf("%s/%s/%s", f, a, who)
				d := fixture(f)
				out, err := outgoing.Apply(d, fullRequest(a, who))
				if diff := cmp.Diff(fixture(f), d); diff != "" {
					t.Errorf("%s: input changed (-before +after):\n%s", name, diff)
				}
				if to, ok := table[k]; ok {
					used[k] = true
					if err != nil {
						t.Errorf("%s: err = %v, want → %s", name, err, to)
						continue
					}
					got := [3]zhongshu.OutgoingStatus{out.From, out.To, out.Doc.Status}
					if diff := cmp.Diff([3]zhongshu.OutgoingStatus{f.status, to, to}, got); diff != "" {
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
				switch msg := zhongshu.ErrorMessage(err); code {
				case zhongshu.CodeForbidden:
					if !strings.HasPrefix(msg, "您不能"+a.Label()+"：") {
						t.Errorf("%s: message %q does not start with 您不能%s：", name, msg, a.Label())
					}
				case zhongshu.CodePrecondition:
					if want := "该发文当前为“" + f.status.Label() + "”，不能" + a.Label() + "。"; msg != want {
						t.Errorf("%s: message %q, want %q", name, msg, want)
					}
				}
				if diff := cmp.Diff(outgoing.Outcome{}, out); diff != "" {
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
			var wantActions, applied []outgoing.Action
			for _, a := range outgoing.Actions() {
				if _, ok := table[key{f, a, who}]; ok {
					wantActions = append(wantActions, a)
				}
				_, err := outgoing.Apply(fixture(f), outgoing.Request{Action: a, Actor: p.actor, ActorUnits: p.units, Now: now})
				if err == nil || zhongshu.ErrorCode(err) == zhongshu.CodeInvalid {
					applied = append(applied, a)
				}
			}
			got := outgoing.Allowed(fixture(f), p.actor, p.units, now)
			if diff := cmp.Diff(wantActions, got); diff != "" {
				t.Errorf("%s/%s: Allowed (-table +got):\n%s", f, who, diff)
			}
			if diff := cmp.Diff(applied, got); diff != "" {
				t.Errorf("%s/%s: Allowed (-Apply +Allowed):\n%s", f, who, diff)
			}
		}
	}
}

// domainCase is one step along an arrow of §3.4.1 that the exhaustive
// table's fixtures cannot show (the last 会签 with no units named, a
// meeting, the last 签发).
type domainCase struct {
	name   string
	doc    zhongshu.OutgoingDoc
	req    outgoing.Request
	to     zhongshu.OutgoingStatus
	events []string
}

func domainArrowCases() []domainCase {
	lastSigner := doc(signing)
	lastSigner.Signatures[1].ByID, lastSigner.Signatures[1].At, lastSigner.Signatures[1].Circled = idDeputy, at(7), true
	return []domainCase{
		{"核稿通过，无需会签", doc(unitCheck), request(outgoing.Check, aChecker, now, to(idReviewer)), officeReview,
			[]string{outgoing.EventChecked}},
		{"核稿通过，送会签", doc(unitCheck), request(outgoing.Check, aChecker, now, to(idReviewer), units(unitFinance)),
			countersign, []string{outgoing.EventChecked, outgoing.EventCountersignSent}},
		{"最后一个会签单位同意", doc(countersign), request(outgoing.Countersign, aCounter, now), officeReview,
			[]string{outgoing.EventCountersigned, outgoing.EventCountersignDone}},
		{"审核通过，需上会", doc(officeReview), request(outgoing.Review, aReviewer, now, checks(passed()),
			signers(signer(idCounty, unitGov)), needsMeeting()), deliberation, []string{outgoing.EventReviewed}},
		{"审核通过，呈签发", doc(officeReview), request(outgoing.Review, aDirector, now, checks(passed()),
			signers(signer(idCounty, unitGov))), signing, []string{outgoing.EventReviewed, outgoing.EventSentToSign}},
		{"上会审议通过", doc(deliberation), request(outgoing.Deliberate, aDirector, now, meeting("县政府第12次常务会议")),
			signing, []string{outgoing.EventDeliberated, outgoing.EventSentToSign}},
		{"最后一位领导签发", lastSigner, request(outgoing.Sign, aCounty, now, text("同意")), recheck,
			[]string{outgoing.EventSigned, outgoing.EventSigningDone}},
		{"报原签批人复审", doc(recheck), request(outgoing.Resign, aRegistrar, now, text("第二条措施有实质性修改")), signing,
			[]string{outgoing.EventResign, outgoing.EventSentToSign}},
		{"登记编号", doc(recheck), request(outgoing.Register, aRegistrar, now, number("青政办发〔2026〕12号", 2026, 12, 0)),
			registered, []string{outgoing.EventRegistered}},
	}
}

func TestDomainArrows(t *testing.T) {
	for _, tt := range domainArrowCases() {
		t.Run(tt.name, func(t *testing.T) {
			out := mustApply(t, tt.doc, tt.req)
			type result struct {
				From, To zhongshu.OutgoingStatus
				Events   []string
			}
			if diff := cmp.Diff(result{tt.doc.Status, tt.to, tt.events}, result{out.From, out.To, out.Events}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestEveryArrowOfDomain341 checks that the table and the single steps
// cover every arrow of DOMAIN.md §3.4.1.
func TestEveryArrowOfDomain341(t *testing.T) {
	type triple struct {
		from   zhongshu.OutgoingStatus
		action outgoing.Action
		to     zhongshu.OutgoingStatus
	}
	domain := []triple{
		{drafting, outgoing.Submit, unitCheck},
		{unitCheck, outgoing.Check, countersign},
		{unitCheck, outgoing.Check, officeReview},
		{countersign, outgoing.Countersign, officeReview},
		{unitCheck, outgoing.Return, drafting},
		{countersign, outgoing.Return, drafting},
		{officeReview, outgoing.Return, drafting},
		{deliberation, outgoing.Return, drafting},
		{signing, outgoing.Return, drafting},
		{officeReview, outgoing.Review, deliberation},
		{officeReview, outgoing.Review, signing},
		{deliberation, outgoing.Deliberate, signing},
		{signing, outgoing.Sign, recheck},
		{recheck, outgoing.Resign, signing},
		{recheck, outgoing.Register, registered},
		{registered, outgoing.Produce, producing},
		{producing, outgoing.Dispatch, dispatched},
		{dispatched, outgoing.Publish, published},
		{dispatched, outgoing.Archive, archived},
		{published, outgoing.Archive, archived},
		{dispatched, outgoing.Revoke, revoked},
		{published, outgoing.Revoke, revoked},
		{archived, outgoing.Revoke, revoked},
		{dispatched, outgoing.Abolish, abolished},
		{published, outgoing.Abolish, abolished},
		{archived, outgoing.Abolish, abolished},
		{drafting, outgoing.Withdraw, withdrawn},
	}
	covered := map[triple]bool{}
	for k, to := range want() {
		covered[triple{k.f.status, k.action, to}] = true
	}
	for _, tt := range domainArrowCases() {
		out, err := outgoing.Apply(tt.doc, tt.req)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		covered[triple{out.From, tt.req.Action, out.To}] = true
	}
	for _, d := range domain {
		if !covered[d] {
			t.Errorf("arrow %s ─%s─▶ %s of §3.4.1 is not covered", d.from, d.action, d.to)
		}
	}
}
