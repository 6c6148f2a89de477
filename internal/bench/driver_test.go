package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/bench"
	"github.com/zhongshu-oa/zhongshu/internal/web"
)

// TestRun generates a tiny county, serves it on a loopback port and runs
// every operation of the driver against it: each must succeed at least
// once and fail never (search only once the search API is on the server).
func TestRun(t *testing.T) {
	db, _, res, cfg := tinyCounty(t, "sqlite", io.Discard)
	log := slog.New(slog.DiscardHandler)
	a := app.New(db, cfg, nil, log)
	if err := a.LoadCalendar(context.Background()); err != nil {
		t.Fatal(err)
	}
	ws, err := web.New(a, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ws)
	t.Cleanup(srv.Close)
	hasSearch := slices.ContainsFunc(ws.Routes(), func(r web.RouteInfo) bool { return r.Pattern == "/api/v1/search" })

	// Each operation on its own, a few times.
	for _, name := range bench.OpNames() {
		var notes bytes.Buffer
		rep, err := bench.Run(context.Background(), bench.RunOptions{URL: srv.URL, Users: 2, Count: 3, Ops: []string{name},
			Tokens: res.Tokens, Seed: 3}, &notes)
		if err != nil {
			t.Fatalf("Run %s: %v\n%s", name, err, notes.String())
		}
		o := rep.Ops[0]
		if name == "search" && !hasSearch {
			t.Logf("search: no /api/v1/search on this server yet (%d requests, %d errors)", o.Count, o.Errors)
			continue
		}
		if o.Op != name || o.Count != 3 || o.Errors != 0 {
			t.Errorf("%s: %+v", name, o)
		}
	}

	// The default mix for a second, as JSON.
	rep, err := bench.Run(context.Background(), bench.RunOptions{URL: srv.URL, Users: 4, Duration: time.Second,
		Tokens: res.Tokens}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rep.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	var back bench.Report
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatalf("JSON report does not parse: %v\n%s", err, out.String())
	}
	if back.Total.Count == 0 || back.Total.P99 < back.Total.P50 || len(back.Ops) < 10 {
		t.Errorf("report %+v", back)
	}
	if hasSearch && back.Total.Errors != 0 {
		t.Errorf("%d errors in the mix: %s", back.Total.Errors, out.String())
	}
	var table strings.Builder
	rep.WriteTable(&table)
	if !strings.Contains(table.String(), "worklist") {
		t.Errorf("table:\n%s", table.String())
	}
}

func TestRunOptions_Validate(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts bench.RunOptions
		ok   bool
	}{
		{"loopback", bench.RunOptions{URL: "http://127.0.0.1:8080", Users: 32}, true},
		{"localhost", bench.RunOptions{URL: "http://localhost:8080", Users: 1, Count: 10}, true},
		{"ipv6 loopback", bench.RunOptions{URL: "http://[::1]:8080", Users: 1}, true},
		{"remote", bench.RunOptions{URL: "http://10.0.0.5:8080", Users: 1}, false},
		{"name", bench.RunOptions{URL: "https://oa.county.gov.cn", Users: 1}, false},
		{"too many users", bench.RunOptions{URL: "http://127.0.0.1:8080", Users: 257}, false},
		{"too long", bench.RunOptions{URL: "http://127.0.0.1:8080", Users: 1, Duration: 11 * time.Minute}, false},
		{"both", bench.RunOptions{URL: "http://127.0.0.1:8080", Users: 1, Duration: time.Second, Count: 5}, false},
		{"unknown op", bench.RunOptions{URL: "http://127.0.0.1:8080", Users: 1, Ops: []string{"drop"}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
