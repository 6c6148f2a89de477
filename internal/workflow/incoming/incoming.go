// Package incoming is the 收文 route of DOMAIN.md §3.5.1 as a pure state
// machine: Apply decides whether a person may take an action on a document
// now and returns the changed document; Allowed lists what they may do.
// It knows nothing of storage, numbering or notices — the app does those.
package incoming

import (
	"slices"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/engine"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Action is a step a person takes on a 收文.
type Action string

// Actions of the 收文 route, in the order Allowed lists them: the forward
// step of each state before its side steps.
const (
	Sign       Action = "sign"      // 签收 (文书)
	Register   Action = "register"  // 登记, gives the 收文号 (文书)
	Circulate  Action = "circulate" // 分送传阅 a 阅件 (文书, 办公室领导)
	Propose    Action = "propose"   // 拟办意见 (拟办人, 办公室领导)
	Submit     Action = "submit"    // 呈批 to one or several leaders (拟办人, 文书, 办公室领导)
	Instruct   Action = "instruct"  // 批示 (the leader, or whoever holds the leader's work: 代)
	Assign     Action = "assign"    // 交办 to one 主办 and any 协办 units (文书, 拟办人, 办公室领导)
	Accept     Action = "accept"    // 承办单位签收
	Read       Action = "read"      // 已阅 (传阅对象)
	CoInput    Action = "co_input"  // 协办意见 to the 主办 (协办单位; no state change)
	Report     Action = "report"    // 办理结果, 答复来文单位 (主办单位)
	Complete   Action = "complete"  // 办结 (文书, 办公室领导)
	Archive    Action = "archive"   // 归档 (文书)
	Urge       Action = "urge"      // 催办 (文书, 办公室领导, 督查员; no state change)
	Transfer   Action = "transfer"  // 转办: a leader passes the 批示 to another leader, a unit its work to another person
	Decline    Action = "decline"   // 承办单位退回: not our remit (主办单位)
	Withdraw   Action = "withdraw"  // 撤回 before the next person acts
	ReturnDoc  Action = "return"    // 退回来文单位 after 初审 (文书, 办公室领导)
	VoidNumber Action = "void"      // 作废 a registration made in error (文书)
	// LinkItem is not a step of the route: the app records with it that a
	// 督办 item was made from the document's 批示.
	LinkItem Action = "link_item"
)

var incomingActions = []Action{Sign, Register, Circulate, Propose, Submit, Instruct, Assign, Accept, Read, CoInput,
	Report, Complete, Archive, Urge, Transfer, Decline, Withdraw, ReturnDoc, VoidNumber}

var actionLabels = map[Action]string{
	Sign: "签收", Register: "登记", Circulate: "分送传阅", Propose: "拟办", Submit: "呈批", Instruct: "批示",
	Assign: "交办", Accept: "承办签收", Read: "已阅", CoInput: "报送协办意见", Report: "报送办理结果",
	Complete: "办结", Archive: "归档", Urge: "催办", Transfer: "转办", Decline: "退回（非本单位职责）",
	Withdraw: "撤回", ReturnDoc: "退回来文单位", VoidNumber: "作废登记", LinkItem: "转督办",
}

// Actions returns every action of the route in display order.
func Actions() []Action { return slices.Clone(incomingActions) }

// Label is the action's Chinese name, used on buttons and in messages.
func (a Action) Label() string { return engine.Label(actionLabels, a) }

// Valid reports whether a is an action of the route.
func (a Action) Valid() bool { return slices.Contains(incomingActions, a) }

// Request is one action applied to a document.
type Request struct {
	Action Action
	Actor  *zhongshu.Actor
	// ActorUnits are the units the actor works for; the actor acts for an
	// assigned unit (承办签收, 协办意见, 办理结果, 退回) when it is listed.
	ActorUnits []int64
	Now        time.Time
	// Text is what the action carries: the 拟办意见, the 批示, the reason of
	// a return, decline or void, the 办理结果, the 阅批意见, the 催办 note.
	Text string
	// Leaders are the 呈批 chain of Submit (or of Propose, which then
	// submits at once); InOrder sends them one after another.
	Leaders []int64
	InOrder bool
	// Readers are the 传阅 list of Circulate; InOrder as for Leaders.
	Readers []int64
	// Assignments are the units of Assign, or the units proposed by Propose
	// (交办 follows the last 批示 without another step).
	Assignments []zhongshu.IncomingAssignment
	// To is who a Transfer hands the work to.
	To int64
	// ReplyNumber is the 答复文号 of Report, if the answer was a document;
	// ArchiveNumber the 归档号 of Archive.
	ReplyNumber   string
	ArchiveNumber string
}

// Event names what an action did, for the timeline and for counting.
const (
	EventSigned      = "signed"
	EventRegistered  = "registered"
	EventCirculated  = "circulated"
	EventProposed    = "proposed"
	EventSubmitted   = "submitted"
	EventInstructed  = "instructed"
	EventInstructed2 = "instructions_done" // the last 批示 of the chain
	EventAssigned    = "assigned"
	EventAccepted    = "accepted"
	EventRead        = "read"
	EventReadAll     = "read_all"
	EventCoInput     = "co_input"
	EventReported    = "reported"
	EventCompleted   = "completed"
	EventArchived    = "archived"
	EventUrged       = "urged"
	EventTransferred = "transferred"
	EventDeclined    = "declined"
	EventWithdrawn   = "withdrawn"
	EventReturned    = "returned"
	EventVoided      = "voided"
)

// Outcome is the result of an applied action.
type Outcome struct {
	From, To zhongshu.IncomingStatus
	Doc      zhongshu.IncomingDoc // the updated copy; the input is not changed
	Events   []string
	// Proxy is set when a 批示 was written on a leader's behalf (代): the
	// leader it was written for.
	Proxy int64
	// Unassigned is set when a 办件 is left without a 主办 (承办单位退回, or
	// the 批示 chain done with no units named): a 漏 until it is assigned.
	Unassigned bool
}

// Apply applies req to doc and returns the updated copy, or why it may not.
// Checks run in order and the first failing one answers: who
// (CodeForbidden), the state (CodePrecondition), timing and the document's
// own state (CodePrecondition), then input (CodeInvalid with Fields).
func Apply(doc zhongshu.IncomingDoc, req Request) (Outcome, error) {
	req.Text = strings.TrimSpace(req.Text)
	c := &call{doc: cloneDoc(doc), req: req, from: doc.Status}
	to, err := machine.Run(req.Action, req.Actor, c, c.from, req.Text)
	if err != nil {
		return Outcome{}, err
	}
	c.doc.Status = to
	return Outcome{From: c.from, To: to, Doc: c.doc, Events: c.events, Proxy: c.proxy, Unassigned: c.unassigned}, nil
}

// Allowed lists the actions actor may take on doc now, in display order. An
// action is allowed when Apply would accept it once its form is filled in:
// only missing or wrong input (CodeInvalid) is ignored.
func Allowed(doc zhongshu.IncomingDoc, actor *zhongshu.Actor, actorUnits []int64, now time.Time) []Action {
	return engine.Allowed(incomingActions, func(a Action) error {
		_, err := Apply(doc, Request{Action: a, Actor: actor, ActorUnits: actorUnits, Now: now})
		return err
	})
}

// machine runs the steps of the route.
var machine = engine.Machine[Action, *call, zhongshu.IncomingStatus]{
	Noun: "收文", Subject: "该收文", TextField: "text", MaxText: zhongshu.MaxIncomingText, Steps: steps,
}

// step is one action's rules.
type step = engine.Step[*call, zhongshu.IncomingStatus]

// call is the working state of one Apply.
type call struct {
	doc        zhongshu.IncomingDoc
	req        Request
	from       zhongshu.IncomingStatus
	events     []string
	proxy      int64
	unassigned bool
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

// units returns the indexes of the assignments the actor acts for, with
// role r or any role when r is "": by its units, or as the named person.
func (c *call) units(r zhongshu.AssignmentRole) []int {
	var out []int
	for i, a := range c.doc.Assignments {
		if c.doc.AssignedAt.IsZero() {
			break // proposed units do not act yet
		}
		if (r == "" || a.Role == r) && (slices.Contains(c.req.ActorUnits, a.UnitID) || c.is(a.PersonID)) {
			out = append(out, i)
		}
	}
	return out
}

func precondition(format string, args ...any) error {
	return zhongshu.Errorf(zhongshu.CodePrecondition, format, args...)
}

func cloneDoc(d zhongshu.IncomingDoc) zhongshu.IncomingDoc {
	d.Instructions = slices.Clone(d.Instructions)
	d.Readers = slices.Clone(d.Readers)
	d.Assignments = slices.Clone(d.Assignments)
	return d
}
