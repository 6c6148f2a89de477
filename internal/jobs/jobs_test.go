package jobs_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/jobs"
)

type run struct {
	Name   string
	OK     bool
	Detail string
}

type recorder struct {
	mu   sync.Mutex
	runs []run
}

func (r *recorder) record(_ context.Context, name string, _ time.Time, ok bool, detail string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, run{name, ok, detail})
	return nil
}

func (r *recorder) got() []run {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]run(nil), r.runs...)
}

func TestRunNow(t *testing.T) {
	rec := &recorder{}
	r := jobs.New([]jobs.Job{
		{Name: "ok", Every: time.Hour, Run: func(context.Context) (string, error) { return "检查 3 项", nil }},
		{Name: "fails", Every: time.Hour, Run: func(context.Context) (string, error) { return "", errors.New("数据库忙") }},
		{Name: "panics", Every: time.Hour, Run: func(context.Context) (string, error) { panic("boom") }},
	}, rec.record, nil)
	ctx := context.Background()
	if d, err := r.RunNow(ctx, "ok"); err != nil || d != "检查 3 项" {
		t.Errorf("ok: %q, %v", d, err)
	}
	if _, err := r.RunNow(ctx, "fails"); err == nil {
		t.Error("fails: no error")
	}
	if _, err := r.RunNow(ctx, "panics"); err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("panics: %v", err)
	}
	if _, err := r.RunNow(ctx, "nosuch"); err == nil {
		t.Error("unknown job ran")
	}
	want := []run{{"ok", true, "检查 3 项"}, {"fails", false, "数据库忙"}, {"panics", false, "jobs: panics panicked: boom"}}
	if diff := cmp.Diff(want, rec.got()); diff != "" {
		t.Errorf("recorded runs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ok", "fails", "panics"}, r.Names()); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

// TestRun runs a job at once and on its ticker, and returns when the
// context ends.
func TestRun(t *testing.T) {
	rec := &recorder{}
	r := jobs.New([]jobs.Job{{Name: "tick", Every: 20 * time.Millisecond, Run: func(context.Context) (string, error) { return "", nil }}}, rec.record, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(rec.got()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if n := len(rec.got()); n < 3 {
		t.Errorf("ran %d times, want at least 3", n)
	}
}
