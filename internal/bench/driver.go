package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// RunOptions is one run of the load driver.
type RunOptions struct {
	URL        string        // the server, on a loopback address
	TokensFile string        // written by `bench gen`
	Users      int           // concurrent simulated users, 1–256
	Duration   time.Duration // how long, at most 10 minutes; or
	Count      int           // how many operations in all
	Ops        []string      // the operations; none: the default mix
	JSON       bool
	Seed       uint64
	// Tokens, when set, is used instead of reading TokensFile (tests).
	Tokens *TokenFile
}

// Limits of a run: the driver is a benchmark, not a load-testing service.
const (
	MaxUsers    = 256
	MaxDuration = 10 * time.Minute
	MaxCount    = 10_000_000
)

// Validate checks the options and fills in defaults. Only loopback
// addresses are accepted: the driver signs in with real accounts and
// changes data, and must never be pointed at a production server.
func (o *RunOptions) Validate() error {
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url must be http://host:port, not %q", o.URL)
	}
	if !loopback(u.Hostname()) {
		return fmt.Errorf("--url must be a loopback address (127.0.0.0/8, ::1, localhost), not %q", u.Hostname())
	}
	switch {
	case o.Users < 1 || o.Users > MaxUsers:
		return fmt.Errorf("--users must be between 1 and %d", MaxUsers)
	case o.Duration < 0 || o.Duration > MaxDuration:
		return fmt.Errorf("--duration must be at most %s", MaxDuration)
	case o.Count < 0 || o.Count > MaxCount:
		return fmt.Errorf("--count must be at most %d", MaxCount)
	case o.Duration > 0 && o.Count > 0:
		return fmt.Errorf("give --duration or --count, not both")
	}
	if o.Duration == 0 && o.Count == 0 {
		o.Duration = 30 * time.Second
	}
	var ops []string
	for _, op := range o.Ops {
		if _, ok := opsByName[op]; !ok {
			return fmt.Errorf("unknown --op %q; known: %s", op, strings.Join(OpNames(), ", "))
		}
		if !slices.Contains(ops, op) {
			ops = append(ops, op)
		}
	}
	o.Ops = ops
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Report is the outcome of a run: per operation the count, errors,
// throughput and latency percentiles.
type Report struct {
	URL      string     `json:"url"`
	Users    int        `json:"users"`
	Seconds  float64    `json:"seconds"`
	Ops      []OpResult `json:"ops"`
	Total    OpResult   `json:"total"`
	Warnings []string   `json:"warnings,omitempty"`
}

// OpResult is the figures of one operation. Latencies are in milliseconds.
type OpResult struct {
	Op      string   `json:"op"`
	Count   int      `json:"count"`
	Errors  int      `json:"errors"`
	PerSec  float64  `json:"per_second"`
	P50     float64  `json:"p50_ms"`
	P95     float64  `json:"p95_ms"`
	P99     float64  `json:"p99_ms"`
	Max     float64  `json:"max_ms"`
	Samples []string `json:"error_samples,omitempty"`
}

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as a table.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "%s, %d users, %.1f s\n", r.URL, r.Users, r.Seconds)
	fmt.Fprintf(w, "%-20s %8s %7s %9s %9s %9s %9s %9s\n", "op", "count", "errors", "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
	for _, o := range append(r.Ops, r.Total) {
		fmt.Fprintf(w, "%-20s %8d %7d %9.1f %9.2f %9.2f %9.2f %9.2f\n", o.Op, o.Count, o.Errors, o.PerSec, o.P50, o.P95, o.P99, o.Max)
	}
	for _, o := range r.Ops {
		for _, s := range o.Samples {
			fmt.Fprintf(w, "  %s error: %s\n", o.Op, s)
		}
	}
	for _, s := range r.Warnings {
		fmt.Fprintf(w, "note: %s\n", s)
	}
}

// recorder collects the latencies and errors of one operation.
type recorder struct {
	mu      sync.Mutex
	lat     []time.Duration
	errors  int
	samples []string
}

func (r *recorder) add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat = append(r.lat, d)
	if err != nil {
		r.errors++
		if len(r.samples) < 3 {
			r.samples = append(r.samples, err.Error())
		}
	}
}

func (r *recorder) result(op string, secs float64) OpResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := OpResult{Op: op, Count: len(r.lat), Errors: r.errors, Samples: slices.Clone(r.samples)}
	if len(r.lat) == 0 {
		return res
	}
	lat := slices.Clone(r.lat)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	res.PerSec = float64(len(lat)) / secs
	res.P50, res.P95, res.P99, res.Max = pct(0.50), pct(0.95), pct(0.99), float64(lat[len(lat)-1].Microseconds())/1000
	return res
}

// Run drives the server at opts.URL with opts.Users concurrent simulated
// users for opts.Duration or opts.Count operations. Progress and notes go
// to log.
func Run(ctx context.Context, opts RunOptions, log io.Writer) (*Report, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	tf := opts.Tokens
	if tf == nil {
		var err error
		if tf, err = ReadTokenFile(opts.TokensFile); err != nil {
			return nil, err
		}
	}
	ops := opts.Ops
	if len(ops) == 0 {
		for _, o := range defaultMix {
			ops = append(ops, o.name)
		}
	}
	d, err := newDriver(opts, tf, ops)
	if err != nil {
		return nil, err
	}
	if err := d.prepare(ctx, log); err != nil {
		return nil, err
	}
	weights := make([]int, len(ops))
	for i := range ops {
		weights[i] = 1
		if len(opts.Ops) == 0 {
			weights[i] = defaultMix[i].weight
		}
	}
	recs := map[string]*recorder{}
	for _, op := range append(slices.Clone(ops), opPrep) {
		recs[op] = &recorder{}
	}
	d.recs = recs
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if opts.Duration > 0 {
		runCtx, cancel = context.WithTimeout(ctx, opts.Duration)
		defer cancel()
	}
	var left atomic.Int64
	left.Store(int64(opts.Count))
	fmt.Fprintf(log, "running %s with %d users for %s\n", strings.Join(ops, ", "), opts.Users, runLength(opts))
	start := time.Now()
	var wg sync.WaitGroup
	for w := range opts.Users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(opts.Seed, uint64(w)))
			for runCtx.Err() == nil {
				if opts.Count > 0 && left.Add(-1) < 0 {
					return
				}
				op := ops[pickWeighted(rng, weights)]
				t := time.Now()
				err := opsByName[op](runCtx, d, rng)
				if runCtx.Err() != nil && err != nil {
					return // cut off by the end of the run: not an error
				}
				if errors.Is(err, errSkip) {
					continue
				}
				recs[op].add(time.Since(t), err)
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	rep := &Report{URL: opts.URL, Users: opts.Users, Seconds: secs, Warnings: d.warnings()}
	var all recorder
	for _, op := range append(slices.Clone(ops), opPrep) {
		r := recs[op]
		if op == opPrep && len(r.lat) == 0 {
			continue
		}
		rep.Ops = append(rep.Ops, r.result(op, secs))
		if op != opPrep {
			all.lat = append(all.lat, r.lat...)
			all.errors += r.errors
		}
	}
	rep.Total = all.result("total", secs)
	return rep, nil
}

func runLength(o RunOptions) string {
	if o.Count > 0 {
		return fmt.Sprintf("%d operations", o.Count)
	}
	return o.Duration.String()
}

func pickWeighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	r := rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}

// httpError is an answer other than the one expected.
type httpError struct {
	status int
	body   string
}

func (e *httpError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, e.body) }

// call sends one API request with token and decodes the answer into out
// (when not nil); an answer other than want is an error.
func (d *driver) call(ctx context.Context, method, path, token string, body, out any, want int) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := d.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return &httpError{status: resp.StatusCode, body: strings.TrimSpace(string(b))}
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
