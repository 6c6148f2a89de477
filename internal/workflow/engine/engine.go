// Package engine is what the office's workflow machines (收文, 督办, 发文)
// share: a table of steps, one per action, and Run, which checks a request
// against its step in a fixed order before taking it. Each machine keeps its
// own actions, states, rules and the working state of a call (C); the
// engine only knows the order of the checks and the messages they give.
package engine

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Labeled is an action or a state: a string with a Chinese name.
type Labeled interface {
	~string
	Label() string
}

// Step is one action's rules: who may take it, from which states, what
// else must hold, what input it needs, and what it does. Who and Do are
// required; the other checks are left out when nil or "".
type Step[C any, S Labeled] struct {
	From   []S
	Who    func(c C) bool
	Denied string                          // why the wrong actor may not, after "您不能<action>："
	Only   func(c C) string                // why this actor may not ask for a part of the request; "" if it may
	Guard  func(c C) error                 // the object's own state and timing; CodePrecondition
	Input  func(c C, p *zhongshu.Problems) // checks of request fields other than the text
	Text   string                          // the message when the text is required and missing
	Do     func(c C) S                     // takes the action and returns the new state
}

// Machine is a workflow's steps and the words its messages use.
type Machine[A Labeled, C any, S Labeled] struct {
	Noun      string // the object in "未知的<Noun>操作"
	Subject   string // the object in "<Subject>当前为“<state>”，不能<action>。"
	TextField string // the Problems field of the request's free text
	MaxText   int    // the longest free text, in characters
	Steps     map[A]Step[C, S]
}

// Run checks action a by actor on the call c, whose object is in state
// from and whose request carries the (trimmed) text, and takes it. Checks
// run in order and the first failing one answers: an unknown action
// (CodeInvalid), no actor (CodeUnauthenticated), Who and then Only
// (CodeForbidden), the state (CodePrecondition), Guard, then Input and the
// text together (CodeInvalid with Fields). Run returns the new state; the
// caller sets it on its copy of the object.
func (m Machine[A, C, S]) Run(a A, actor *zhongshu.Actor, c C, from S, text string) (S, error) {
	var none S
	s, ok := m.Steps[a]
	if !ok {
		return none, zhongshu.Errorf(zhongshu.CodeInvalid, "未知的%s操作：%s。", m.Noun, a)
	}
	if actor == nil || actor.User == nil {
		return none, zhongshu.Errorf(zhongshu.CodeUnauthenticated, "请先登录。")
	}
	if !s.Who(c) {
		return none, zhongshu.Errorf(zhongshu.CodeForbidden, "您不能%s：%s。", a.Label(), s.Denied)
	}
	if s.Only != nil {
		if why := s.Only(c); why != "" {
			return none, zhongshu.Errorf(zhongshu.CodeForbidden, "您不能%s：%s。", a.Label(), why)
		}
	}
	if !slices.Contains(s.From, from) {
		return none, zhongshu.Errorf(zhongshu.CodePrecondition, "%s当前为“%s”，不能%s。", m.Subject, from.Label(), a.Label())
	}
	if s.Guard != nil {
		if err := s.Guard(c); err != nil {
			return none, err
		}
	}
	var p zhongshu.Problems
	if s.Input != nil {
		s.Input(c, &p)
	}
	switch n := utf8.RuneCountInString(text); {
	case n == 0 && s.Text != "":
		p.Add(m.TextField, s.Text)
	case n > m.MaxText:
		p.Add(m.TextField, fmt.Sprintf("内容不能超过%d个字", m.MaxText))
	}
	if err := p.Err(); err != nil {
		return none, err
	}
	return s.Do(c), nil
}

// Allowed returns the actions, in their order, that try accepts or refuses
// only for missing or wrong input (CodeInvalid): what a person may do once
// the form is filled in.
func Allowed[A any](actions []A, try func(a A) error) []A {
	var out []A
	for _, a := range actions {
		if err := try(a); err == nil || zhongshu.ErrorCode(err) == zhongshu.CodeInvalid {
			out = append(out, a)
		}
	}
	return out
}

// Label is a's name in labels, or a itself when it has none.
func Label[A ~string](labels map[A]string, a A) string {
	if l, ok := labels[a]; ok {
		return l
	}
	return string(a)
}
