// Package bench is Zhongshu's own benchmark: a generator that fills a
// database with a county at scale (`zhongshu bench gen`) and a load driver
// that drives a running server over its HTTP API (`zhongshu bench run`).
// Neither is part of the server; tests run both at a tiny scale only.
package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// GenOptions is the scale and shape of a generated county.
type GenOptions struct {
	Users int // people (default 5,000)
	Units int // units, the higher organs that send documents included (default 300)
	Docs  int // 收文 (default 800,000)
	Items int // 督办 items (default 200,000)
	Years int // the documents and items spread over this many years back from now (default 5)
	Seed  uint64
	// AuditEvery: the history of every AuditEvery-th document and item is
	// written to the audit log as the app writes it, one entry per change
	// (default 10; 1 audits every change).
	AuditEvery int
	// Batch is how many documents or items go into one transaction
	// (default 5,000).
	Batch int
}

func (o *GenOptions) defaults() {
	if o.Users == 0 {
		o.Users = 5000
	}
	if o.Units == 0 {
		o.Units = 300
	}
	if o.Years == 0 {
		o.Years = 5
	}
	if o.AuditEvery == 0 {
		o.AuditEvery = 10
	}
	if o.Batch == 0 {
		o.Batch = 5000
	}
}

// Validate checks the scale: enough units for the county's own structure
// and enough people for its posts.
func (o *GenOptions) Validate() error {
	o.defaults()
	switch {
	case o.Units < 30 || o.Units > 2000:
		return fmt.Errorf("units must be between 30 and 2000")
	case o.Users < 2*o.Units || o.Users > 200000:
		return fmt.Errorf("users must be between twice the units (%d) and 200000", 2*o.Units)
	case o.Docs < 0 || o.Items < 0 || o.Docs+o.Items > 20_000_000:
		return fmt.Errorf("docs and items must be between 0 and 20,000,000 together")
	case o.Years < 1 || o.Years > 20:
		return fmt.Errorf("years must be between 1 and 20")
	case o.AuditEvery < 1 || o.Batch < 100:
		return fmt.Errorf("audit-every must be at least 1 and batch at least 100")
	}
	return nil
}

// Clock is the database's clock while generating: the system time, or a
// time set for the transactions that stamp history (audit entries and 待办
// are stamped with the transaction's time, so they are written day by day
// with the clock set to that day).
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the time set, or the system time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}

// Set sets the time; the zero time goes back to the system time.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// GenResult says what was generated and how long it took.
type GenResult struct {
	Password     string
	Units        int
	Users        int
	Docs         int
	Items        int
	Events       int
	WorkItems    int
	AuditEntries int
	SearchDocs   int
	Swept        int
	Tokens       *TokenFile
	Took         time.Duration
	Phases       []Phase
}

// Phase is one step of the generation with its time.
type Phase struct {
	Name string
	Rows int
	Took time.Duration
}

// generator holds the state of one generation.
type generator struct {
	db           *store.DB
	app          *app.App
	clock        *Clock
	opts         GenOptions
	out          io.Writer
	rng          *rand.Rand
	text         textGen
	passwordHash string
	now, start   time.Time
	c            *county
	work         []pendingWork
	audits       []pendingAudit
	res          *GenResult
}

// pendingWork is an open 待办 to register once the records are in, at the
// time the work reached its owner.
type pendingWork struct {
	at time.Time
	w  *zhongshu.WorkItem
}

// pendingAudit is one change of a sampled document or item, written to the
// audit log in time order at the end.
type pendingAudit struct {
	at    time.Time
	entry zhongshu.AuditEntry
}

// Generate fills db with a county at the scale of opts, through the store
// (bulk paths in batched transactions) and the app (待办, the deadline
// sweep, API tokens), printing progress to out. The database's clock must
// be clock. db must be empty of people: the caller checks (IsEmpty).
func Generate(ctx context.Context, db *store.DB, a *app.App, clock *Clock, opts GenOptions, out io.Writer) (*GenResult, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	g := &generator{db: db, app: a, clock: clock, opts: opts, out: out,
		rng: rand.New(rand.NewPCG(opts.Seed, 0x7a68_6f6e_6773_6875)), res: &GenResult{}}
	g.text = textGen{rng: g.rng}
	g.now = time.Now().UTC().Truncate(time.Second)
	g.start = g.now.AddDate(-opts.Years, 0, 0)
	if err := a.LoadCalendar(ctx); err != nil {
		return nil, err
	}
	restore, err := db.BulkLoad(ctx)
	if err != nil {
		return nil, err
	}
	defer restore()

	// One password for every generated account: argon2id costs about 0.2 s
	// per hash, so 5,000 hashes would take a quarter of an hour. This is
	// benchmark data only.
	g.res.Password = auth.GeneratePassword()
	if g.passwordHash, err = auth.HashPassword(g.res.Password); err != nil {
		return nil, err
	}
	steps := []struct {
		name string
		fn   func(context.Context) (int, error)
	}{
		{"单位和人员", g.genCounty},
		{"收文和督办事项", g.genDocuments},
		{"待办", g.genWork},
		{"审计日志", g.genAudit},
		{"期限检查（催办、压误漏）", g.sweep},
		{"接口令牌", g.genTokens},
		{"整理数据库", func(ctx context.Context) (int, error) { return 0, db.Checkpoint(ctx) }},
	}
	for _, s := range steps {
		t := time.Now()
		fmt.Fprintf(out, "— %s …\n", s.name)
		n, err := s.fn(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		took := time.Since(t)
		g.res.Phases = append(g.res.Phases, Phase{Name: s.name, Rows: n, Took: took})
		fmt.Fprintf(out, "  %s：%d 条，用时 %s\n", s.name, n, took.Round(time.Millisecond))
	}
	g.res.Took = time.Since(t0)
	return g.res, nil
}

func (g *generator) genCounty(ctx context.Context) (int, error) {
	c, err := g.buildCounty(ctx)
	if err != nil {
		return 0, err
	}
	g.c = c
	g.res.Units, g.res.Users = g.opts.Units, len(c.users)
	return g.res.Units + g.res.Users, nil
}

// at returns the time of the i-th of n records spread evenly from start to
// an hour before now, with a little jitter.
func (g *generator) at(i, n int) time.Time {
	span := g.now.Add(-time.Hour).Sub(g.start)
	t := g.start.Add(time.Duration(float64(span) * (float64(i) + g.rng.Float64()*0.9) / float64(n)))
	return t.Truncate(time.Second)
}

// progress prints how far a phase has come, about every tenth.
func (g *generator) progress(what string, done, total int, since time.Time) {
	step := max(total/10, g.opts.Batch)
	if done%step >= g.opts.Batch && done != total {
		return
	}
	rate := float64(done) / time.Since(since).Seconds()
	fmt.Fprintf(g.out, "  %s %d/%d（%d%%），%.0f 条/秒\n", what, done, total, done*100/max(total, 1), rate)
}

// inDay runs fn in one write transaction whose time is at, for the rows
// that are stamped with the transaction's time.
func (g *generator) inDay(ctx context.Context, at time.Time, fn func(*store.Tx) error) error {
	g.clock.Set(at)
	defer g.clock.Set(time.Time{})
	return g.db.Transact(ctx, fn)
}

// person returns a generated user.
func (g *generator) person(id int64) *zhongshu.User { return g.c.usersByID[id] }

// pickUser returns one of us at random.
func (g *generator) pickUser(us []*zhongshu.User) *zhongshu.User { return us[g.rng.IntN(len(us))] }

// pickUnit returns one of ids at random.
func (g *generator) pickUnit(ids []int64) int64 { return ids[g.rng.IntN(len(ids))] }

// weighted returns the index of the weight hit, weights out of 100; the
// index past the last weight for the remainder.
func (g *generator) weighted(weights ...int) int {
	r := g.rng.IntN(100)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights)
}

var chinaTime = time.FixedZone("CST", 8*3600)
