package engine_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/engine"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// A toy machine: a door that anyone opens and knocks on, and only its owner
// closes and locks.
type state string

const (
	closed state = "closed"
	open   state = "open"
	locked state = "locked"
)

func (s state) Label() string {
	return engine.Label(map[state]string{closed: "关着", open: "开着", locked: "锁着"}, s)
}

type action string

const (
	openDoor  action = "open"
	closeDoor action = "close"
	lockDoor  action = "lock"
	knock     action = "knock"
)

var actions = []action{openDoor, closeDoor, lockDoor, knock}

func (a action) Label() string {
	return engine.Label(map[action]string{openDoor: "开门", closeDoor: "关门", lockDoor: "上锁", knock: "敲门"}, a)
}

type call struct {
	owner  bool   // the actor owns the door
	loud   bool   // the knock is loud, which only the owner may ask for
	broken bool   // the door is stuck
	key    string // the key a lock needs
	from   state
	events []string
}

var errStuck = zhongshu.Errorf(zhongshu.CodePrecondition, "门卡住了。")

var door = engine.Machine[action, *call, state]{
	Noun: "门", Subject: "这扇门", TextField: "note", MaxText: 5,
	Steps: map[action]engine.Step[*call, state]{
		openDoor: {
			From: []state{closed}, Who: func(*call) bool { return true },
			Guard: func(c *call) error {
				if c.broken {
					return errStuck
				}
				return nil
			},
			Do: func(c *call) state { c.events = append(c.events, "opened"); return open },
		},
		closeDoor: {
			From: []state{open}, Who: func(c *call) bool { return c.owner }, Denied: "门由主人关",
			Do: func(*call) state { return closed },
		},
		lockDoor: {
			From: []state{closed}, Who: func(c *call) bool { return c.owner }, Denied: "门由主人锁",
			Input: func(c *call, p *zhongshu.Problems) {
				if c.key == "" {
					p.Add("key", "请选择钥匙")
				}
			},
			Text: "请说明上锁的理由",
			Do:   func(*call) state { return locked },
		},
		knock: {
			From: []state{closed, locked}, Who: func(*call) bool { return true },
			Only: func(c *call) string {
				if c.loud && !c.owner {
					return "只有主人可以大声敲门"
				}
				return ""
			},
			Do: func(c *call) state { c.events = append(c.events, "knocked"); return c.from },
		},
	},
}

func TestMachineRun(t *testing.T) {
	someone := &zhongshu.Actor{User: &zhongshu.User{ID: 1}}
	invalid := func(fields map[string]string) *zhongshu.Error {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。", Fields: fields}
	}
	tests := []struct {
		name       string
		action     action
		actor      *zhongshu.Actor
		call       call
		text       string
		want       state
		wantErr    *zhongshu.Error
		wantEvents []string
	}{
		{name: "Open", action: openDoor, actor: someone, call: call{from: closed}, want: open, wantEvents: []string{"opened"}},
		{name: "UnknownAction", action: "kick", actor: someone, call: call{from: closed},
			wantErr: zhongshu.Errorf(zhongshu.CodeInvalid, "未知的门操作：kick。")},
		{name: "NoActor", action: openDoor, call: call{from: closed},
			wantErr: zhongshu.Errorf(zhongshu.CodeUnauthenticated, "请先登录。")},
		{name: "NoUser", action: openDoor, actor: &zhongshu.Actor{}, call: call{from: closed},
			wantErr: zhongshu.Errorf(zhongshu.CodeUnauthenticated, "请先登录。")},
		{name: "WhoBeforeState", action: closeDoor, actor: someone, call: call{from: closed},
			wantErr: zhongshu.Errorf(zhongshu.CodeForbidden, "您不能关门：门由主人关。")},
		{name: "OnlyBeforeState", action: knock, actor: someone, call: call{from: open, loud: true},
			wantErr: zhongshu.Errorf(zhongshu.CodeForbidden, "您不能敲门：只有主人可以大声敲门。")},
		{name: "OnlyPasses", action: knock, actor: someone, call: call{from: locked, loud: true, owner: true},
			want: locked, wantEvents: []string{"knocked"}},
		{name: "State", action: knock, actor: someone, call: call{from: open},
			wantErr: zhongshu.Errorf(zhongshu.CodePrecondition, "这扇门当前为“开着”，不能敲门。")},
		{name: "Guard", action: openDoor, actor: someone, call: call{from: closed, broken: true}, wantErr: errStuck},
		{name: "GuardBeforeInput", action: openDoor, actor: someone, call: call{from: closed, broken: true},
			text: strings.Repeat("长", 6), wantErr: errStuck},
		{name: "InputAndTextMissing", action: lockDoor, actor: someone, call: call{from: closed, owner: true},
			wantErr: invalid(map[string]string{"key": "请选择钥匙", "note": "请说明上锁的理由"})},
		{name: "TextTooLong", action: lockDoor, actor: someone, call: call{from: closed, owner: true, key: "铜"},
			text: "一二三四五六", wantErr: invalid(map[string]string{"note": "内容不能超过5个字"})},
		{name: "TextTooLongWhereNotRequired", action: openDoor, actor: someone, call: call{from: closed},
			text: "一二三四五六", wantErr: invalid(map[string]string{"note": "内容不能超过5个字"})},
		{name: "TextAtLimit", action: lockDoor, actor: someone, call: call{from: closed, owner: true, key: "铜"},
			text: "一二三四五", want: locked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.call
			got, err := door.Run(tt.action, tt.actor, &c, c.from, tt.text)
			var gotErr *zhongshu.Error
			if err != nil && !errors.As(err, &gotErr) {
				t.Fatalf("Run: %v, not a *zhongshu.Error", err)
			}
			if diff := cmp.Diff(tt.wantErr, gotErr); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if got != tt.want {
				t.Errorf("state = %q, want %q", got, tt.want)
			}
			if diff := cmp.Diff(tt.wantEvents, c.events); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAllowed(t *testing.T) {
	someone := &zhongshu.Actor{User: &zhongshu.User{ID: 1}}
	tests := []struct {
		name string
		call call
		want []action
	}{
		// A lock needs a key and a reason (CodeInvalid): still allowed.
		{name: "OwnerAtClosedDoor", call: call{from: closed, owner: true}, want: []action{openDoor, lockDoor, knock}},
		{name: "GuestAtClosedDoor", call: call{from: closed}, want: []action{openDoor, knock}},
		{name: "GuestAtStuckDoor", call: call{from: closed, broken: true}, want: []action{knock}},
		{name: "GuestAtOpenDoor", call: call{from: open}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := engine.Allowed(actions, func(a action) error {
				c := tt.call
				_, err := door.Run(a, someone, &c, c.from, "")
				return err
			})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Allowed (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ForeignError", func(t *testing.T) {
		got := engine.Allowed(actions, func(action) error { return errors.New("disk on fire") })
		if got != nil {
			t.Errorf("Allowed = %q, want none: a foreign error is internal", got)
		}
	})
}

func TestLabel(t *testing.T) {
	if got := knock.Label(); got != "敲门" {
		t.Errorf("knock.Label() = %q, want 敲门", got)
	}
	if got := action("kick").Label(); got != "kick" {
		t.Errorf("kick.Label() = %q, want the action itself", got)
	}
}
