package main

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestBench_Flags checks what `zhongshu bench` refuses before it touches
// anything: unknown subcommands, remote addresses, too much load, and a
// database that is not empty.
func TestBench_Flags(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"no subcommand", []string{"bench"}},
		{"unknown subcommand", []string{"bench", "drop"}},
		{"remote server", []string{"bench", "run", "--url", "http://192.0.2.1:8080"}},
		{"too many users", []string{"bench", "run", "--users", "1000"}},
		{"too long", []string{"bench", "run", "--duration", "1h"}},
		{"unknown op", []string{"bench", "run", "--op", "delete-all"}},
		{"too few units", []string{"bench", "gen", "--units", "3", "--data", t.TempDir()}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := run(ctx, tt.args, noenv, io.Discard, io.Discard)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Errorf("run(%v) = %v, want a usage error", tt.args, err)
			}
		})
	}

	dir := t.TempDir()
	if err := run(ctx, []string{"demo", "--data", dir}, noenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	err := run(ctx, []string{"bench", "gen", "--data", dir, "--docs", "10", "--items", "10", "--tokens",
		filepath.Join(dir, "t.json")}, noenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("bench gen on a loaded database: %v, want a refusal naming --force", err)
	}
}
