// Package app holds the use cases: the only writer. Each change runs in one
// store transaction: load → authorize → change → audit entry → outbox rows,
// so that a change, its audit entry and its notifications commit together
// or not at all.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/blob"
	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/deadline"
	"github.com/zhongshu-oa/zhongshu/internal/notify"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// App is the application: configuration, the database and the clock.
type App struct {
	db     *store.DB
	cfg    config.Config
	clock  zhongshu.Clock
	log    *slog.Logger
	policy auth.Policy
	rules  deadline.Rules
	// cal is the working-day calendar: built-in years plus administrators'
	// notices. It is replaced whole when a notice is loaded.
	cal atomic.Pointer[calendar.Calendar]
	// senders deliver notices on e-mail and IM; nil channels are skipped.
	email notify.Sender
	im    notify.Sender
	// supRules are the default 督办 deadlines per source, parsed once
	// from cfg.SupervisionDeadlines (config.Validate refuses bad ones).
	supRules map[zhongshu.SupervisionSource]zhongshu.DeadlineRule
	// live wakes open pages (server-sent events) when a person's unread
	// count changes; it may be nil.
	live func(userID int64)
	// files keeps attachment contents; opened on first use (fileStore).
	files     blob.Store
	filesOnce sync.Once
	filesErr  error
	// kek seals the issuing units' signing keys; loaded on first use
	// (signingKEK).
	kek     []byte
	kekOnce sync.Once
	kekErr  error
	// workCache keeps first pages of 待办 (work_cache.go); tokens keeps
	// authenticated API tokens (token_cache.go).
	workCache workCache
	tokens    tokenCache
	unitNames unitNameCache
	// hashSlots admits as many password hash computations at once as the
	// CPUs can run (each keeps auth.HashThreads busy): more would not sign
	// anyone in sooner, and each holds 64 MiB (argon2id) — eight sign-ins
	// at once on two cores held 380 MB (BENCHMARKS.md, session 14).
	hashSlots chan struct{}
	// flagBatch is how many unreached 传阅 readers or unsigned
	// deliveries one transaction of the 漏 jobs raises (raiseInPages).
	flagBatch int
	// statsChunk is how many candidate items the 督办 statistics read and
	// tally at a time: only one chunk's items, timeline times and milestones
	// are held in memory, besides the candidates' ids and the period's
	// reminder counts (a few bytes an item), whatever the size of the county.
	statsChunk int
}

// New returns an App over db.
func New(db *store.DB, cfg config.Config, clock zhongshu.Clock, log *slog.Logger) *App {
	if clock == nil {
		clock = zhongshu.SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &App{db: db, cfg: cfg, clock: clock, log: log, policy: auth.DefaultPolicy,
		rules:     deadline.Rules{WarnWorkdays: cfg.WarnWorkdays, HeldWorkdays: cfg.HeldWorkdays},
		hashSlots: make(chan struct{}, max(1, runtime.NumCPU()/auth.HashThreads)), flagBatch: 200, statsChunk: 2000}
	cal, err := calendar.New(calendar.Builtin(), a.calendarOptions())
	if err != nil { // the built-in data is checked by calendar's tests
		panic("app: built-in calendar: " + err.Error())
	}
	a.cal.Store(cal)
	a.supRules, _ = zhongshu.ParseDeadlineRules(cfg.SupervisionDeadlines)
	return a
}

// SetSenders sets the e-mail and IM channels (either may be nil).
func (a *App) SetSenders(email, im notify.Sender) { a.email, a.im = email, im }

// SetLive sets the function told when a person has a new notice.
func (a *App) SetLive(fn func(userID int64)) { a.live = fn }

// Calendar returns the working-day calendar in force.
func (a *App) Calendar() *calendar.Calendar { return a.cal.Load() }

func (a *App) calendarOptions() calendar.Options {
	return calendar.Options{CountStartDay: a.cfg.CountStartDay, CloseOfDay: a.cfg.CloseOfDay, Location: chinaTime}
}

// Config returns the settings the app runs with.
func (a *App) Config() config.Config { return a.cfg }

// DB returns the database, for modules that build on the app.
func (a *App) DB() *store.DB { return a.db }

// event is what an audit entry says about a change.
type event struct {
	action     string
	objectType string
	objectID   any
	from, to   string
	detail     string
	failed     bool
}

// record writes the audit entry for ev by actor in tx. A change to
// accounts, tokens, delegations, units or the organisation also clears the
// token cache and the unit names, now and after the commit
// (token_cache.go, unit_names.go).
func (a *App) record(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, ev event) error {
	if tokenObject(ev.objectType) {
		a.tokens.clear()
		a.unitNames.clear()
		tx.AfterCommit(a.tokens.clear)
		tx.AfterCommit(a.unitNames.clear)
	}
	e := &zhongshu.AuditEntry{
		Action: ev.action, ObjectType: ev.objectType, FromState: ev.from, ToState: ev.to,
		Detail: ev.detail, Success: !ev.failed,
	}
	if ev.objectID != nil {
		e.ObjectID = fmt.Sprint(ev.objectID)
	}
	if actor != nil {
		e.ActorID, e.ActorName, e.ClientIP = actor.User.ID, actor.User.Name, actor.ClientIP
		e.ActorUnit = actor.User.PrimaryPost().UnitName
	}
	return audit.Append(ctx, tx, e)
}

// deny records a refused attempt in its own transaction and returns err.
// Refusals are security events (等保 安全审计) and must leave a trace even
// though the change itself did not happen.
func (a *App) deny(ctx context.Context, actor *zhongshu.Actor, action string, err error) error {
	werr := a.db.Transact(ctx, func(tx *store.Tx) error {
		return a.record(ctx, tx, actor, event{action: action, failed: true, detail: zhongshu.ErrorMessage(err)})
	})
	if werr != nil {
		a.log.ErrorContext(ctx, "audit of a refusal failed", "action", action, "err", werr)
	}
	return err
}

// require checks permission p for a change named action, auditing a refusal.
func (a *App) require(ctx context.Context, actor *zhongshu.Actor, p zhongshu.Permission, action string) error {
	if err := actor.Require(p); err != nil {
		return a.deny(ctx, actor, action, err)
	}
	return nil
}

// notice queues an in-app notification to userID in tx; the delivery job
// fans it out to e-mail and IM after commit.
func notice(ctx context.Context, tx *store.Tx, userID int64, kind, subject, body, url string) error {
	if userID == 0 {
		return nil
	}
	return tx.AddOutbox(ctx, &store.OutboxMessage{RecipientID: userID, Kind: kind, Subject: subject, Body: body, URL: url})
}

// Page is a page of a list.
type Page struct {
	Offset, Limit int
}

// Normalize clamps the page to sensible bounds.
func (p Page) Normalize() Page {
	if p.Offset < 0 {
		p.Offset = 0
	}
	p.Limit = zhongshu.PageLimit(p.Limit)
	return p
}
