//go:build unix

package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The 收文 benchmarks (issue 4; DESIGN.md §5), on SQLite with the durable
// synchronous=FULL (ZHONGSHU_BENCH_SYNC=NORMAL to compare):
//
//	go test -run '^$' -bench Incoming -benchtime 3s -timeout 60m ./internal/app/
//
// The list, open and 待办 benchmarks seed ZHONGSHU_BENCH_DOCS documents
// (default 1,000,000) once per benchmark function, not timed.

// benchDocs is how many documents the list benchmarks store
// (ZHONGSHU_BENCH_DOCS, default 1,000,000).
func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("ZHONGSHU_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// cpuMeter measures the CPU time the process spends (user and system, all
// goroutines): per operation it shows the cost of a call apart from the
// queueing that the latencies include, and it is less disturbed by other
// work on the machine than the wall clock.
type cpuMeter struct{ start time.Duration }

func startCPU() cpuMeter { return cpuMeter{cpuTime()} }

// report adds cpu-us/op: the CPU time since start per b.N.
func (m cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64((cpuTime()-m.start).Microseconds())/float64(b.N), "cpu-us/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchIncoming is a 办件 to register: a numbered notice from the city.
func benchIncoming(i int64) *zhongshu.IncomingDoc {
	return &zhongshu.IncomingDoc{SenderName: "广元市人民政府办公室", SenderNumber: fmt.Sprintf("广府办发〔2026〕%d号", i),
		Title: fmt.Sprintf("关于做好第%d项重点工作的通知", i), Copies: 1, Channel: zhongshu.ChannelExchange,
		Handling: zhongshu.HandlingAction, Summary: "请按要求办理并报送结果。"}
}

// BenchmarkIncomingRegister measures 签收登记 (app.RegisterIncoming: the
// duplicate check, the next 收文号, the document, its timeline event, the
// audit entry, the 拟办人's 待办 and notice) from 8 concurrent 文书.
func BenchmarkIncomingRegister(b *testing.B) {
	f := newBenchFixture(b)
	ctx := context.Background()
	wenshu := f.actor("wenshu")
	var seq atomic.Int64
	b.Run("c=8", func(b *testing.B) {
		var lat latencies
		var failed atomic.Pointer[error]
		b.SetParallelism(4) // 2 cores × 4 = 8 concurrent registrations
		b.ResetTimer()
		cpu := startCPU()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				d := benchIncoming(seq.Add(1))
				t0 := time.Now()
				_, err := f.app.RegisterIncoming(ctx, wenshu, d, app.ModeRegister)
				lat.add(time.Since(t0))
				if err != nil {
					failed.Store(&err)
					return
				}
			}
		})
		b.StopTimer()
		if err := failed.Load(); err != nil {
			b.Fatal(*err)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "registrations/s")
		lat.report(b)
		cpu.report(b)
	})
}

// BenchmarkIncomingRoute drives whole 办件 routes from 8 goroutines: 签收登记
// (文书) → 拟办, 呈县长 with 县发改局 as 主办 (主任) → 批示, 交办 (县长) →
// 承办签收 (联络员) → 办理结果 (联络员) → 办结 (文书); six audited actions,
// each keeping everyone's 待办 in step. DESIGN.md §5: a workflow action
// ≥ 2,000/s at concurrency 8.
func BenchmarkIncomingRoute(b *testing.B) {
	f := newBenchFixture(b)
	ctx := context.Background()
	wenshu, zhuren, leader, lly := f.actor("wenshu"), f.actor("zhuren"), f.actor("xianzhang"), f.actor("fgj.lly")
	fgj := f.unitID("青川县发展和改革局")
	var seq atomic.Int64
	b.Run("c=8", func(b *testing.B) {
		var lat latencies // per action
		var actions atomic.Int64
		var failed atomic.Pointer[error]
		b.SetParallelism(4) // 2 cores × 4 = 8 concurrent routes
		b.ResetTimer()
		cpu := startCPU()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				d := benchIncoming(seq.Add(1))
				steps := []struct {
					who *zhongshu.Actor
					req app.IncomingRequest
				}{
					{zhuren, app.IncomingRequest{Action: incoming.Propose, Text: "拟请发改局牵头办理。呈何县长阅示。",
						Leaders: []int64{leader.ID()}, DueWorkdays: 10,
						Assignments: []zhongshu.IncomingAssignment{{UnitID: fgj, Role: zhongshu.AssignmentLead}}}},
					{leader, app.IncomingRequest{Action: incoming.Instruct, Text: "同意。请发改局抓紧办理。"}},
					{lly, app.IncomingRequest{Action: incoming.Accept}},
					{lly, app.IncomingRequest{Action: incoming.Report, Text: "已按要求办理并报送。"}},
					{wenshu, app.IncomingRequest{Action: incoming.Complete}},
				}
				t0 := time.Now()
				_, err := f.app.RegisterIncoming(ctx, wenshu, d, app.ModeRegister)
				lat.add(time.Since(t0))
				for _, s := range steps {
					if err != nil {
						break
					}
					t0 = time.Now()
					_, err = f.app.ActOnIncoming(ctx, s.who, d.ID, s.req)
					lat.add(time.Since(t0))
				}
				if err != nil {
					failed.Store(&err)
					return
				}
				actions.Add(int64(len(steps) + 1))
			}
		})
		b.StopTimer()
		if err := failed.Load(); err != nil {
			b.Fatal(*err)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "routes/s")
		b.ReportMetric(float64(actions.Load())/b.Elapsed().Seconds(), "actions/s")
		lat.report(b)
		cpu.report(b)
	})
}

// BenchmarkIncomingList measures the first page of 50 of the 收文 list,
// with its total, from 32 concurrent readers over benchDocs() documents:
// the 文书's register unfiltered, filtered to 承办中 and to 超期, and a
// department 联络员's list (only what was routed to the unit).
func BenchmarkIncomingList(b *testing.B) {
	s := seedIncoming(b, benchDocs(), false)
	ctx := context.Background()
	wenshu, lly := s.f.actor("wenshu"), s.f.actor("fgj.lly")
	for _, c := range []struct {
		name   string
		actor  *zhongshu.Actor
		filter store.IncomingFilter
	}{
		{"registrar-all", wenshu, store.IncomingFilter{}},
		{"registrar-in-progress", wenshu, store.IncomingFilter{Statuses: []zhongshu.IncomingStatus{zhongshu.IncomingInProgress}}},
		{"liaison-scoped", lly, store.IncomingFilter{}},
		{"registrar-overdue", wenshu, store.IncomingFilter{Overdue: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			l, err := s.f.app.FindIncomingDocs(ctx, c.actor, c.filter, app.Page{Limit: 50})
			if err != nil || len(l.Docs) == 0 {
				b.Fatalf("%s: %v, %v", c.name, l, err)
			}
			b.Logf("%s: %d on the first page of %d (more: %v)", c.name, len(l.Docs), l.Total, l.More)
			var lat latencies
			var failed atomic.Pointer[error]
			b.SetParallelism(16) // 2 cores × 16 = 32 concurrent users
			b.ResetTimer()
			cpu := startCPU()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					t0 := time.Now()
					_, err := s.f.app.FindIncomingDocs(ctx, c.actor, c.filter, app.Page{Limit: 50})
					lat.add(time.Since(t0))
					if err != nil {
						failed.Store(&err)
						return
					}
				}
			})
			b.StopTimer()
			if err := failed.Load(); err != nil {
				b.Fatal(*err)
			}
			lat.report(b)
			cpu.report(b)
		})
	}
}

// BenchmarkIncomingOpen measures opening one document with its timeline,
// attachments and 去向 (app.FindIncomingDoc; DESIGN.md §5: p99 ≤ 15 ms),
// 32 concurrent readers over benchDocs() documents with their timelines:
// the 文书 opening any document, and a 联络员 opening one of the unit's
// (the visibility check reads the parties).
func BenchmarkIncomingOpen(b *testing.B) {
	s := seedIncoming(b, benchDocs(), true)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		actor *zhongshu.Actor
		ids   []int64
	}{
		{"registrar", s.f.actor("wenshu"), s.sample},
		{"liaison", s.f.actor("fgj.lly"), s.unitSample},
	} {
		b.Run(c.name, func(b *testing.B) {
			if len(c.ids) == 0 {
				b.Fatal("no documents to open")
			}
			var lat latencies
			var next atomic.Int64
			var events atomic.Int64
			var failed atomic.Pointer[error]
			b.SetParallelism(16) // 2 cores × 16 = 32 concurrent users
			b.ResetTimer()
			cpu := startCPU()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := c.ids[int(next.Add(1))%len(c.ids)]
					t0 := time.Now()
					d, err := s.f.app.FindIncomingDoc(ctx, c.actor, id)
					lat.add(time.Since(t0))
					if err != nil {
						failed.Store(&err)
						return
					}
					events.Add(int64(len(d.Events)))
				}
			})
			b.StopTimer()
			if err := failed.Load(); err != nil {
				b.Fatal(*err)
			}
			b.ReportMetric(float64(events.Load())/float64(b.N), "events/doc")
			lat.report(b)
			cpu.report(b)
		})
	}
}

// BenchmarkIncomingWorkList measures the 待办 list (app.Work, first page
// of 50; DESIGN.md §5: p99 ≤ 10 ms under 32 concurrent users) of the
// county's 联络员, whose lists hold 收文 承办 items, and of the 文书, who
// holds every document waiting for 签收登记 or 办结, while benchDocs()
// documents are stored with the 待办 of the open ones.
func BenchmarkIncomingWorkList(b *testing.B) {
	s := seedIncoming(b, benchDocs(), false)
	ctx := context.Background()
	var liaisons []*zhongshu.Actor
	for _, name := range s.liaisons {
		liaisons = append(liaisons, s.f.actor(name))
	}
	for _, c := range []struct {
		name   string
		actors []*zhongshu.Actor
	}{
		{"liaisons", liaisons},
		{"registrar", []*zhongshu.Actor{s.f.actor("wenshu")}},
	} {
		b.Run(c.name, func(b *testing.B) {
			items := 0
			for _, a := range c.actors {
				wl, err := s.f.app.Work(ctx, a, zhongshu.WorkTodo, false, app.Page{Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				items += wl.Total
			}
			if items == 0 {
				b.Fatalf("%s hold no 待办", c.name)
			}
			b.Logf("%s: %d people holding %d open 待办", c.name, len(c.actors), items)
			var lat latencies
			var next atomic.Int64
			var failed atomic.Pointer[error]
			b.SetParallelism(16) // 2 cores × 16 = 32 concurrent users
			b.ResetTimer()
			cpu := startCPU()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					a := c.actors[int(next.Add(1))%len(c.actors)]
					t0 := time.Now()
					_, err := s.f.app.Work(ctx, a, zhongshu.WorkTodo, false, app.Page{Limit: 50})
					lat.add(time.Since(t0))
					if err != nil {
						failed.Store(&err)
						return
					}
				}
			})
			b.StopTimer()
			if err := failed.Load(); err != nil {
				b.Fatal(*err)
			}
			lat.report(b)
			cpu.report(b)
		})
	}
}

// incomingSeed is a county with generated 收文.
type incomingSeed struct {
	f          *fixture
	sample     []int64  // documents spread over the whole register
	unitSample []int64  // documents routed to 县发改局 (fgj.lly sees them)
	liaisons   []string // usernames of the 联络员 holding 收文 待办
}

// benchUnits is how many units the generated county has (DESIGN.md §5):
// the demo county's and generated 专项工作 offices up to that number.
const benchUnits = 300

// seedIncoming loads the demo county, brings it to benchUnits units and
// stores n documents received evenly over the 5 years before the bench
// clock's now (2026-11-27), with their route parts and parties, through
// store.BulkInsertIncoming in transactions of 5,000:
//
//   - 40 % 阅件, 60 % 办件, each 办件 with one 主办 and, for a third, one 协办
//     among the county's units;
//   - older than 90 days: nearly all 已办结 or 已归档, about 1 % of 办件
//     still open (承办中, 已交办, 已答复: overdue by now), some still 传阅中;
//   - the last 90 days: every status, further along the older they are;
//   - 0.5 % each 已退回 and 已作废.
//
// The open documents' 待办 are added through app.AddWork as the route
// would (the 文书, the 主任, the leaders, the units' 联络员); with
// timelines, each document gets the events of the steps it went through
// (generated in SQL).
func seedIncoming(b *testing.B, n int, timelines bool) *incomingSeed {
	b.Helper()
	f := newBenchFixture(b)
	ctx := context.Background()
	s := &incomingSeed{f: f}
	wenshu, zhuren := f.actor("wenshu").ID(), f.actor("zhuren").ID()
	leaders := []int64{f.actor("xianzhang").ID(), f.actor("fuxianzhang").ID()}
	fgj := f.unitID("青川县发展和改革局")

	// The units that handle documents and their 联络员.
	var units []int64
	liaison := map[int64]int64{}
	err := f.db.Transact(ctx, func(tx *store.Tx) error {
		all, _, err := tx.FindUnits(ctx, zhongshu.UnitFilter{})
		if err != nil {
			return err
		}
		var gov int64
		for _, u := range all {
			switch u.Type {
			case zhongshu.UnitCountyGov:
				gov = u.ID
			case zhongshu.UnitDepartment, zhongshu.UnitTown, zhongshu.UnitPeerOffice, zhongshu.UnitOther:
				units = append(units, u.ID)
				if u.LiaisonID != 0 {
					liaison[u.ID] = u.LiaisonID
				}
			}
		}
		for i := len(all); i < benchUnits; i++ {
			u := &zhongshu.Unit{Type: zhongshu.UnitOther, FullName: fmt.Sprintf("青川县第%d专项工作领导小组办公室", i),
				ShortName: fmt.Sprintf("专项办%d", i), ParentID: gov, Active: true}
			if err := tx.CreateUnit(ctx, u); err != nil {
				return err
			}
			units = append(units, u.ID)
		}
		users, _, err := tx.FindUsers(ctx, zhongshu.UserFilter{})
		if err != nil {
			return err
		}
		for _, u := range users {
			for _, id := range liaison {
				if u.ID == id {
					s.liaisons = append(s.liaisons, u.Username)
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}

	now := f.clock.Now()
	start := now.AddDate(-5, 0, 0)
	span := now.Add(-time.Hour).Sub(start)
	rng := rand.New(rand.NewPCG(4, 2026))
	seqs := map[int]int{}
	const day = 24 * time.Hour
	pick := func(weights ...int) int { // index of the weight hit, out of 100
		r := rng.IntN(100)
		for i, w := range weights {
			if r < w {
				return i
			}
			r -= w
		}
		return len(weights)
	}
	const (
		stReceived = iota
		stSigned
		stRegistered
		stProposed
		stAwaiting
		stAssigned
		stInProgress
		stReplied
		stCompleted
		stArchived
		stCirculating
	)
	doc := func(i int) *zhongshu.IncomingDoc {
		at := start.Add(span / time.Duration(n) * time.Duration(i)).Truncate(time.Second)
		age := now.Sub(at)
		action := rng.IntN(10) < 6
		var st int
		switch {
		case age > 90*day && action:
			st = []int{stInProgress, stAssigned, stReplied, stCompleted, stArchived}[pick(1, 0, 0, 20)]
			if rng.IntN(1000) < 3 { // half of the 1 %: 已交办, 已答复
				st = []int{stAssigned, stReplied}[rng.IntN(2)]
			}
		case age > 90*day:
			st = []int{stCirculating, stCompleted, stArchived}[pick(1, 25)]
		case age < day:
			st = []int{stReceived, stSigned, stRegistered, stProposed, stAwaiting}[pick(15, 10, 35, 20)]
		case age < 10*day && action:
			st = []int{stProposed, stAwaiting, stAssigned, stInProgress, stReplied}[pick(5, 25, 20, 45)]
		case age < 10*day:
			st = []int{stCirculating, stCompleted}[pick(80)]
		case action:
			st = []int{stInProgress, stReplied, stCompleted, stArchived}[pick(15, 5, 70)]
		default:
			st = []int{stCirculating, stCompleted, stArchived}[pick(10, 60)]
		}
		if !action && st >= stProposed && st <= stReplied {
			st = stCirculating
		}
		step := min(age/8, 2*day) // between the route's steps
		stepAt := func(k int) time.Time { return at.Add(time.Duration(k) * step) }
		d := &zhongshu.IncomingDoc{ReceivedAt: at, SenderName: "广元市人民政府办公室",
			SenderNumber: fmt.Sprintf("广府办发〔%d〕%d号", at.In(cst).Year(), i), Kind: zhongshu.KindNotice,
			Title: fmt.Sprintf("关于做好第%d项重点工作的通知", i), Secrecy: zhongshu.SecrecyNone,
			Urgency: zhongshu.Urgency(pick(80, 15)), Copies: 1, Channel: zhongshu.ChannelExchange,
			Handling: zhongshu.HandlingRead, Status: zhongshu.IncomingReceived, CreatedByID: wenshu, CreatedAt: at}
		if action {
			d.Handling = zhongshu.HandlingAction
		}
		if st >= stSigned {
			d.Status, d.SignedByID, d.SignedAt = zhongshu.IncomingSigned, wenshu, at
		}
		if st >= stRegistered {
			year := at.In(cst).Year()
			seqs[year]++
			d.Year, d.Seq, d.Number = year, seqs[year], store.IncomingNumber(year, seqs[year])
			d.Status, d.RegisteredByID, d.RegisteredAt = zhongshu.IncomingRegistered, wenshu, at
			if action {
				d.ProposerID = zhuren
			}
			switch r := rng.IntN(200); {
			case r == 0:
				d.Status, d.EndReason = zhongshu.IncomingReturned, "非本机关办理事项，已退回来文单位。"
				return d
			case r == 1:
				d.Status, d.EndReason = zhongshu.IncomingVoided, "重复登记。"
				return d
			}
		}
		if st == stCirculating || (!action && st >= stCompleted) {
			d.Status = zhongshu.IncomingCirculating
			for k, l := range leaders {
				r := zhongshu.Reader{PersonID: l, SentAt: stepAt(1)}
				if st != stCirculating || k == 0 {
					r.OpenedAt, r.FinishedAt = stepAt(2), stepAt(2)
				}
				d.Readers = append(d.Readers, r)
			}
		}
		if action && st >= stProposed {
			lead := units[rng.IntN(len(units))]
			d.Status, d.Proposal, d.ProposedAt = zhongshu.IncomingProposed, "拟请有关单位办理。", stepAt(1)
			d.Assignments = []zhongshu.IncomingAssignment{{UnitID: lead, Role: zhongshu.AssignmentLead}}
			if rng.IntN(3) == 0 {
				if co := units[rng.IntN(len(units))]; co != lead {
					d.Assignments = append(d.Assignments, zhongshu.IncomingAssignment{UnitID: co, Role: zhongshu.AssignmentCo})
				}
			}
		}
		if action && st >= stAwaiting {
			d.Status, d.InstructInOrder = zhongshu.IncomingAwaitingInstruction, true
			d.Instructions = []zhongshu.Instruction{{LeaderID: leaders[i%2], SentAt: stepAt(1)}}
		}
		if action && st >= stAssigned {
			d.Instructions[0].Text, d.Instructions[0].ByID, d.Instructions[0].At = "请抓紧办理。", leaders[i%2], stepAt(2)
			d.Status, d.AssignedByID, d.AssignedAt = zhongshu.IncomingAssigned, zhuren, stepAt(2)
			d.DueAt = stepAt(2).Add(15 * day)
			for k := range d.Assignments {
				d.Assignments[k].DueAt = d.DueAt
			}
		}
		if action && st >= stInProgress {
			d.Status = zhongshu.IncomingInProgress
			for k := range d.Assignments {
				a := &d.Assignments[k]
				if a.Role == zhongshu.AssignmentLead || st >= stReplied || rng.IntN(2) == 0 {
					a.SignedAt, a.PersonID = stepAt(3), liaison[a.UnitID]
				}
				if a.Role == zhongshu.AssignmentCo && st >= stReplied {
					a.InputAt = stepAt(4)
				}
			}
		}
		if action && st >= stReplied {
			d.Status, d.Result, d.ResultAt = zhongshu.IncomingReplied, "已按要求办理。", stepAt(5)
		}
		if st >= stCompleted && st <= stArchived {
			d.Status, d.CompletedAt = zhongshu.IncomingCompleted, stepAt(6)
		}
		if st == stArchived {
			d.Status, d.ArchiveNumber, d.ArchivedAt = zhongshu.IncomingArchived, fmt.Sprintf("%d-收-%04d", d.Year, d.Seq), stepAt(7)
		}
		return d
	}

	// For the seeding, the writer keeps its statement journals in memory
	// and a larger page cache: multi-row INSERTs in transactions of
	// thousands of rows otherwise journal every page they touch to a
	// temporary file (85 % of the bytes written, 4× slower) and spill
	// dirty pages to the WAL more than once.
	if err := f.db.ExecForTest(ctx, `PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144`); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	const batch = 5_000
	works := 0
	for done := 0; done < n; done += batch {
		docs := make([]*zhongshu.IncomingDoc, 0, batch)
		for i := done; i < min(done+batch, n); i++ {
			docs = append(docs, doc(i))
		}
		err := f.db.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.BulkInsertIncoming(ctx, docs); err != nil {
				return err
			}
			for _, d := range docs {
				for _, w := range benchIncomingWork(d, wenshu, liaison) {
					if err := f.app.AddWork(ctx, tx, w); err != nil {
						return err
					}
					works++
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range docs {
			if d.ID%997 == 0 {
				s.sample = append(s.sample, d.ID)
			}
			if !d.AssignedAt.IsZero() {
				for _, a := range d.Assignments {
					if a.UnitID == fgj {
						s.unitSample = append(s.unitSample, d.ID)
					}
				}
			}
		}
	}
	if err := f.db.ExecForTest(ctx, `PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000`); err != nil {
		b.Fatal(err)
	}
	took := time.Since(t0)
	b.Logf("seeded %d documents and %d 待办 over %d units in %s (%.0f documents/s)", n, works, len(units),
		took.Round(time.Millisecond), float64(n)/took.Seconds())
	if timelines {
		t0 := time.Now()
		if err := seedIncomingEvents(ctx, f, wenshu, zhuren); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded the timelines in %s", time.Since(t0).Round(time.Millisecond))
	}
	return s
}

// benchIncomingWork is the open 待办/待阅 of a generated document, as the
// route gives them (app.incomingTasks, without the due-date arithmetic).
func benchIncomingWork(d *zhongshu.IncomingDoc, wenshu int64, liaison map[int64]int64) []*zhongshu.WorkItem {
	var out []*zhongshu.WorkItem
	add := func(owner int64, kind zhongshu.WorkKind, step string, due time.Time) {
		if owner == 0 {
			return
		}
		out = append(out, &zhongshu.WorkItem{OwnerID: owner, Kind: kind, Module: app.IncomingModule,
			RefType: app.IncomingRefType, RefID: d.ID, Title: d.Number + " " + d.Title, Step: step, Urgency: d.Urgency,
			DueAt: due, URL: app.IncomingURL(d.ID)})
	}
	day := 24 * time.Hour
	switch d.Status {
	case zhongshu.IncomingReceived, zhongshu.IncomingSigned:
		add(wenshu, zhongshu.WorkTodo, app.StepIncomingRegister, d.ReceivedAt.Add(8*time.Hour))
	case zhongshu.IncomingRegistered:
		if d.Handling == zhongshu.HandlingRead {
			add(wenshu, zhongshu.WorkTodo, app.StepIncomingRoute, d.RegisteredAt.Add(8*time.Hour))
		} else {
			add(d.ProposerID, zhongshu.WorkTodo, app.StepIncomingPropose, d.RegisteredAt.Add(day))
		}
	case zhongshu.IncomingProposed:
		add(d.ProposerID, zhongshu.WorkTodo, app.StepIncomingDispatch, d.ProposedAt.Add(day))
	case zhongshu.IncomingAwaitingInstruction:
		add(d.Instructions[0].LeaderID, zhongshu.WorkTodo, app.StepIncomingInstruct, d.Instructions[0].SentAt.Add(2*day))
	case zhongshu.IncomingAssigned, zhongshu.IncomingInProgress:
		for _, a := range d.Assignments {
			switch {
			case a.SignedAt.IsZero():
				add(liaison[a.UnitID], zhongshu.WorkTodo, app.StepIncomingAccept, d.AssignedAt.Add(day))
			case a.Role == zhongshu.AssignmentLead:
				add(a.PersonID, zhongshu.WorkTodo, app.StepIncomingHandle, a.DueAt)
			case a.InputAt.IsZero():
				add(a.PersonID, zhongshu.WorkTodo, app.StepIncomingCoInput, a.DueAt)
			}
		}
	case zhongshu.IncomingCirculating:
		for _, r := range d.Readers {
			if r.FinishedAt.IsZero() {
				add(r.PersonID, zhongshu.WorkToRead, app.StepIncomingRead, r.SentAt.Add(2*day))
			}
		}
	case zhongshu.IncomingReplied:
		add(wenshu, zhongshu.WorkTodo, app.StepIncomingComplete, d.ResultAt.Add(day))
	}
	return out
}

// seedIncomingEvents writes each stored document's timeline in SQL: one
// event per step it went through, in route order.
func seedIncomingEvents(ctx context.Context, f *fixture, wenshu, zhuren int64) error {
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT id, received_at, %d, '文书', 'sign', '', 'signed', '' FROM incoming_docs WHERE status = 'signed'`, wenshu),
		fmt.Sprintf(`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT id, registered_at, %d, '文书', 'register', '', 'registered', '来文机关：' || sender_name || '；文种：通知；份数：1；渠道：电子公文交换'
			FROM incoming_docs WHERE registered_at IS NOT NULL`, wenshu),
		fmt.Sprintf(`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT doc_id, sent_at, %d, '文书', 'circulate', 'registered', 'circulating', '分送传阅' FROM incoming_readers WHERE position = 0`, wenshu),
		`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT doc_id, finished_at, person_id, '领导', 'read', 'circulating', 'circulating', '已阅' FROM incoming_readers WHERE finished_at IS NOT NULL`,
		fmt.Sprintf(`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT id, proposed_at, %d, '主任', 'propose', 'registered', 'awaiting_instruction', proposal FROM incoming_docs WHERE proposed_at IS NOT NULL`, zhuren),
		`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT doc_id, at, by_id, '县领导', 'instruct', 'awaiting_instruction', 'assigned', text FROM incoming_instructions WHERE at IS NOT NULL`,
		`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT doc_id, signed_at, COALESCE(person_id, 0), '联络员', 'accept', 'assigned', 'in_progress', '' FROM incoming_assignments WHERE signed_at IS NOT NULL`,
		`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT id, result_at, 0, '联络员', 'report', 'in_progress', 'replied', result FROM incoming_docs WHERE result_at IS NOT NULL`,
		fmt.Sprintf(`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT id, completed_at, %d, '文书', 'complete', 'replied', 'completed', '' FROM incoming_docs WHERE completed_at IS NOT NULL`, wenshu),
		fmt.Sprintf(`INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status, to_status, text)
			SELECT id, archived_at, %d, '文书', 'archive', 'completed', 'archived', archive_number FROM incoming_docs WHERE archived_at IS NOT NULL`, wenshu),
	} {
		if err := f.db.ExecForTest(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
