// Package outgoing is the 发文 route of DOMAIN.md §3.4.1 and §3.6 as a pure
// state machine: Apply decides whether a person may take an action on a
// draft or an issued document now and returns the changed document; Allowed
// lists what they may do; Holders says who has to act. It knows nothing of
// storage, numbering, rendering or notices — the app does those and passes
// their results in the Request.
package outgoing

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/engine"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Action is a step a person takes on a 发文.
type Action string

// Actions of the 发文 route, in the order Allowed lists them: the forward
// steps in route order, then the side steps.
const (
	Submit      Action = "submit"      // 送核稿 (拟稿人)
	Check       Action = "check"       // 核稿通过, to 会签 or to the office (核稿人)
	Countersign Action = "countersign" // 会签同意 (a person of a 会签单位)
	Review      Action = "review"      // 审核通过, the five points (审核人, 办公室领导)
	Deliberate  Action = "deliberate"  // 上会审议通过 (办公室领导)
	Sign        Action = "sign"        // 签发 (the leader, or whoever holds the leader's work: 代)
	Register    Action = "register"    // 登记编号 after 复核 (文书)
	Produce     Action = "produce"     // 生成版式文件 (文书; the app renders)
	Dispatch    Action = "dispatch"    // 核发 (文书)
	Publish     Action = "publish"     // 公开发布 a 主动公开 document (文书, 办公室领导)
	Archive     Action = "archive"     // 归档 (文书)
	Edit        Action = "edit"        // 修改文稿 by whoever holds the draft (no state change)
	Return      Action = "return"      // 退回修改 from any review step to the drafter
	Recall      Action = "recall"      // 撤回 from 核稿 (拟稿人)
	Resign      Action = "resign"      // 报原签批人复审 after a substantive change at 复核
	Withdraw    Action = "withdraw"    // 撤稿 (拟稿人, 办公室领导)
	Revoke      Action = "revoke"      // 撤销: void from the start (办公室领导 records the decision)
	Abolish     Action = "abolish"     // 废止: void from a date (办公室领导 records the decision)
	VoidNumber  Action = "void"        // 作废编号: a number given in error, back to 复核 (文书)
)

var outgoingActions = []Action{Submit, Check, Countersign, Review, Deliberate, Sign, Register, Produce, Dispatch,
	Publish, Archive, Edit, Return, Recall, Resign, Withdraw, Revoke, Abolish, VoidNumber}

var actionLabels = map[Action]string{
	Submit: "送核稿", Check: "核稿通过", Countersign: "会签同意", Review: "审核通过", Deliberate: "上会审议通过",
	Sign: "签发", Register: "登记编号", Produce: "生成版式文件", Dispatch: "核发", Publish: "公开发布", Archive: "归档",
	Edit: "修改文稿", Return: "退回修改", Recall: "撤回", Resign: "报原签批人复审", Withdraw: "撤稿", Revoke: "撤销",
	Abolish: "废止", VoidNumber: "作废编号",
}

// Actions returns every action of the route in display order.
func Actions() []Action { return slices.Clone(outgoingActions) }

// Label is the action's Chinese name, used on buttons and in messages.
func (a Action) Label() string { return engine.Label(actionLabels, a) }

// Valid reports whether a is an action of the route.
func (a Action) Valid() bool { return slices.Contains(outgoingActions, a) }

// MaxText is the longest Text (and review comment) an action takes, in
// characters.
const MaxText = 2000

// maxRef is the longest of the short references (会议, 归档号, 决定机关…).
const maxRef = 200

// Request is one action applied to a document.
type Request struct {
	Action Action
	Actor  *zhongshu.Actor
	// ActorUnits are the units the actor works for; the actor answers for a
	// 会签单位 when it is listed.
	ActorUnits []int64
	Now        time.Time
	// Text is what the action carries: the 会签意见, the 退回意见, the 签发
	// 意见, the change that needs a new 签发, a reason (撤销, 废止, 撤稿), or
	// why the text was changed (修改文稿).
	Text string
	// To is the person an action names: the 核稿人 (Submit), the office
	// reviewer (Check), the 文电科 person who 复核s (Sign; optional).
	To int64
	// Units are the 会签单位 of Check.
	Units []int64
	// Checks are the reviewer's verdicts on zhongshu.ReviewItems; Signers
	// the leaders of 签发 (LeaderID, and UnitID: the issuer they sign for,
	// 0 for the 主办机关); NeedsMeeting sends the draft to a meeting first.
	Checks       []zhongshu.ReviewCheck
	Signers      []zhongshu.Signature
	NeedsMeeting bool
	// MeetingRef is the meeting that adopted the draft (Deliberate).
	MeetingRef string
	// Circled is a 圈阅 (Sign), which counts as consent without an opinion.
	Circled bool
	// Number, Year and Seq are the 发文字号 the app took from the 机关代字's
	// sequence; Copies the 印制份数 (0 keeps the document's). Register.
	Number    string
	Year, Seq int
	Copies    int
	// RenditionID and RenditionSM3 are the stored document of record and
	// its digest (Produce).
	RenditionID  int64
	RenditionSM3 string
	// ArchiveNumber is the 归档号 (Archive).
	ArchiveNumber string
	// DecidedBy is the 决定机关 of a 撤销 or 废止, DecisionRef its 决定文号;
	// EffectiveAt the date a 废止 takes effect.
	DecidedBy, DecisionRef string
	EffectiveAt            time.Time
}

// Event names what an action did, for the timeline and for counting.
const (
	EventEdited          = "edited"
	EventSubmitted       = "submitted"
	EventRecalled        = "recalled"
	EventChecked         = "checked"
	EventCountersignSent = "countersign_sent"
	EventCountersigned   = "countersigned"
	EventCountersignDone = "countersign_done" // the last 会签单位 agreed
	EventReturned        = "returned"
	EventReviewed        = "reviewed"
	EventDeliberated     = "deliberated"
	EventSentToSign      = "sent_to_sign"
	EventSigned          = "signed"
	EventSigningDone     = "signing_done" // the last leader signed
	EventResign          = "resign"
	EventRegistered      = "registered"
	EventProduced        = "produced"
	EventDispatched      = "dispatched"
	EventPublished       = "published"
	EventArchived        = "archived"
	EventRevoked         = "revoked"
	EventAbolished       = "abolished"
	EventVoided          = "voided"
	EventWithdrawn       = "withdrawn"
)

// Outcome is the result of an applied action.
type Outcome struct {
	From, To zhongshu.OutgoingStatus
	Doc      zhongshu.OutgoingDoc // the updated copy; the input is not changed
	Events   []string
	// Proxy is set when a leader's 签发 (or a return at 签发) was made on
	// the leader's behalf (代): the leader it was made for.
	Proxy int64
}

// Apply applies req to doc and returns the updated copy, or why it may not.
// Checks run in order and the first failing one answers: who
// (CodeForbidden), the state (CodePrecondition), the document's own state
// (CodePrecondition), then input (CodeInvalid with Fields).
func Apply(doc zhongshu.OutgoingDoc, req Request) (Outcome, error) {
	req.Text = strings.TrimSpace(req.Text)
	c := &call{doc: cloneDoc(doc), req: req, from: doc.Status}
	to, err := machine.Run(req.Action, req.Actor, c, c.from, req.Text)
	if err != nil {
		return Outcome{}, err
	}
	c.doc.Status = to
	return Outcome{From: c.from, To: to, Doc: c.doc, Events: c.events, Proxy: c.proxy}, nil
}

// Allowed lists the actions actor may take on doc now, in display order. An
// action is allowed when Apply would accept it once its form is filled in:
// only missing or wrong input (CodeInvalid) is ignored.
func Allowed(doc zhongshu.OutgoingDoc, actor *zhongshu.Actor, actorUnits []int64, now time.Time) []Action {
	return engine.Allowed(outgoingActions, func(a Action) error {
		_, err := Apply(doc, Request{Action: a, Actor: actor, ActorUnits: actorUnits, Now: now})
		return err
	})
}

// Holders says who has to act on doc now, for the 待办: people by id, and
// units any of whose people may act (the 会签单位 yet to answer). A 0 among
// people stands for the 文电科's 文书 as a whole: the 复核 when nobody was
// named, 印制核发, and the 公开发布 of a 主动公开 document. A document
// nobody has to act on (archived, revoked, abolished, withdrawn, or
// dispatched and not to be published) has no holders.
func Holders(doc zhongshu.OutgoingDoc) (people []int64, units []int64) {
	one := func(id int64) []int64 {
		if id == 0 {
			return nil
		}
		return []int64{id}
	}
	switch doc.Status {
	case zhongshu.OutgoingDrafting:
		return one(doc.DrafterID), nil
	case zhongshu.OutgoingUnitCheck:
		return one(doc.CheckerID), nil
	case zhongshu.OutgoingCountersign:
		for _, cs := range doc.Countersigns {
			if !cs.Done() && !cs.SentAt.IsZero() {
				units = append(units, cs.UnitID)
			}
		}
		return nil, units
	case zhongshu.OutgoingOfficeReview, zhongshu.OutgoingDeliberation:
		return one(doc.ReviewerID), nil
	case zhongshu.OutgoingSigning:
		for _, s := range doc.Signatures {
			if !s.Done() && !s.SentAt.IsZero() {
				people = append(people, s.LeaderID)
			}
		}
		return people, nil
	case zhongshu.OutgoingRecheck:
		return []int64{doc.RecheckByID}, nil
	case zhongshu.OutgoingRegistered, zhongshu.OutgoingProducing:
		return []int64{0}, nil
	case zhongshu.OutgoingDispatched:
		if doc.Disclosure == zhongshu.DisclosureActive {
			return []int64{0}, nil
		}
	}
	return nil, nil
}

// machine runs the steps of the route, whose three parts are tabled apart.
var machine = engine.Machine[Action, *call, zhongshu.OutgoingStatus]{
	Noun: "发文", Subject: "该发文", TextField: "text", MaxText: MaxText,
	Steps: union(draftSteps, reviewSteps, issueSteps),
}

// step is one action's rules.
type step = engine.Step[*call, zhongshu.OutgoingStatus]

// union is the tables as one.
func union(tables ...map[Action]step) map[Action]step {
	all := map[Action]step{}
	for _, t := range tables {
		maps.Copy(all, t)
	}
	return all
}

// call is the working state of one Apply.
type call struct {
	doc    zhongshu.OutgoingDoc
	req    Request
	from   zhongshu.OutgoingStatus
	events []string
	proxy  int64
}

func (c *call) emit(events ...string) { c.events = append(c.events, events...) }

func (c *call) hasRole(roles ...zhongshu.Role) bool {
	for _, r := range roles {
		if c.req.Actor.User.HasRole(r) {
			return true
		}
	}
	return false
}

// is reports whether the actor is person id or holds id's work by a 委托
// in force (AB角, leave).
func (c *call) is(id int64) bool {
	return id != 0 && (c.req.Actor.ID() == id || slices.Contains(c.req.Actor.Delegators, id))
}

func precondition(format string, args ...any) error {
	return zhongshu.Errorf(zhongshu.CodePrecondition, format, args...)
}

// cloneDoc copies d deeply enough that changing the copy leaves d alone.
func cloneDoc(d zhongshu.OutgoingDoc) zhongshu.OutgoingDoc {
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

// ref trims *s and checks it as a short reference: required (missing is
// the message when empty; "" allows it) and at most maxRef characters.
func ref(p *zhongshu.Problems, field string, s *string, missing string) {
	*s = strings.TrimSpace(*s)
	switch n := utf8.RuneCountInString(*s); {
	case n == 0 && missing != "":
		p.Add(field, missing)
	case n > maxRef:
		p.Add(field, fmt.Sprintf("不能超过%d个字", maxRef))
	}
}
