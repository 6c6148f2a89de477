// Package jobs runs Zhongshu's periodic background work: the deadline
// sweep, notification fan-out and delivery, the daily digest, session
// cleanup. Each job is a plain function, also callable once by name
// (`zhongshu run-job NAME`, the admin page). Jobs are idempotent, so
// several instances may run them side by side; state lives in the database.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Job is one named periodic task. Run returns a short report for the admin
// page.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) (string, error)
}

// Recorder stores the outcome of a run.
type Recorder func(ctx context.Context, name string, started time.Time, ok bool, detail string) error

// Runner runs jobs on their tickers until its context ends.
type Runner struct {
	jobs   []Job
	record Recorder
	log    *slog.Logger
}

// New returns a runner for jobs.
func New(jobs []Job, record Recorder, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{jobs: jobs, record: record, log: log}
}

// Names lists the jobs.
func (r *Runner) Names() []string {
	names := make([]string, len(r.jobs))
	for i, j := range r.jobs {
		names[i] = j.Name
	}
	return names
}

// Run starts every job and blocks until ctx is done and all runs in
// progress have finished.
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, j := range r.jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(j.Every)
			defer t.Stop()
			for {
				_, _ = r.RunNow(ctx, j.Name)
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}
	wg.Wait()
}

// RunNow runs one job once and records the outcome.
func (r *Runner) RunNow(ctx context.Context, name string) (string, error) {
	for _, j := range r.jobs {
		if j.Name != name {
			continue
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		started := time.Now()
		detail, err := r.safeRun(ctx, j)
		ok := err == nil
		if err != nil {
			detail = err.Error()
			r.log.ErrorContext(ctx, "job failed", "job", name, "err", err)
		}
		if r.record != nil && ctx.Err() == nil {
			if rerr := r.record(ctx, name, started, ok, detail); rerr != nil {
				r.log.ErrorContext(ctx, "record job", "job", name, "err", rerr)
			}
		}
		return detail, err
	}
	return "", fmt.Errorf("jobs: no job named %q", name)
}

// safeRun turns a panic in a job into an error, so one bad run does not
// stop the runner.
func (r *Runner) safeRun(ctx context.Context, j Job) (detail string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("jobs: %s panicked: %v", j.Name, p)
		}
	}()
	return j.Run(ctx)
}
