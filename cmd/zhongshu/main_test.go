package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func noenv(string) string { return "" }

func TestServe_FirstRunCreatesAdminsAndServes(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, noenv, &out, &logs)
	}()
	addrRE := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)`)
	var addr string
	for i := 0; i < 200 && addr == ""; i++ {
		if m := addrRE.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(25 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("server did not start; output:\n%s\nlogs:\n%s", out.String(), logs.String())
	}
	for _, want := range []string{"sysadmin", "secadmin", "auditadmin", "一次性密码"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("first-run output lacks %q:\n%s", want, out.String())
		}
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(logs.String(), `"msg":"http"`) {
		t.Errorf("no JSON request log: %s", logs.String())
	}
}

func TestAuditVerify_CatchesTamperedEntry(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"demo", "--data", dir}, noenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"user", "reset", "wenshu", "--data", dir}, noenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--data", dir}, noenv, &out, &out); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	if !strings.Contains(out.String(), "校验通过") {
		t.Errorf("output: %s", out.String())
	}
	// An intruder with database access drops the guard and edits entry 2.
	db, err := store.Open(ctx, filepath.Join(dir, "zhongshu.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET detail = '无事发生' WHERE seq = 2`} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	err = run(ctx, []string{"audit", "verify", "--data", dir}, noenv, &out, &out)
	var ve verifyError
	if !errors.As(err, &ve) || exitCode(err) != 3 || !strings.Contains(err.Error(), "第 2 条") {
		t.Fatalf("tampered chain: %v (exit %d), want exit 3 naming entry 2", err, exitCode(err))
	}
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"demo", "--data", dir}, noenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
		fail bool
	}{
		{[]string{"user", "create", "--data", dir, "--username", "wangfang", "--name", "王芳", "--unit", "文电科", "--title", "科员", "--role", "clerk"}, "一次性密码", false},
		{[]string{"user", "create", "--data", dir, "--username", "wangfang", "--name", "王芳"}, "登录名已被使用", true},
		{[]string{"user", "create", "--data", dir, "--username", "x", "--name", ""}, "登录名", true},
		{[]string{"user", "unlock", "wenshu", "--data", dir}, "已解除", false},
		{[]string{"user", "token", "wenshu", "--data", dir, "--name", "门户"}, "zst_", false},
		{[]string{"user", "reset", "nobody", "--data", dir}, "不存在", true},
		{[]string{"frobnicate"}, "unknown command", true},
	}
	for _, tt := range tests {
		out.Reset()
		err := run(ctx, tt.args, noenv, &out, &out)
		got := out.String()
		if err != nil {
			got += err.Error()
		}
		if (err != nil) != tt.fail || !strings.Contains(got, tt.want) {
			t.Errorf("%v: err=%v output=%q, want fail=%v containing %q", tt.args, err, got, tt.fail, tt.want)
		}
	}
}

func TestCalendarCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	notice := filepath.Join(dir, "2029.txt")
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(notice, []byte("年份: 2029\n来源: 国务院办公厅关于2029年部分节假日安排的通知\n放假: 2029-01-01 至 2029-01-03 元旦\n上班: 2029-01-06 元旦调休\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("年份: 2029\n来源: 通知\n放假: 2029/1/1 元旦\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
		fail bool
	}{
		// DOMAIN.md §9.2 vectors, start day not counted.
		{[]string{"calendar", "due", "--from", "2026-02-12", "--workdays", "5", "--data", dir}, "2026-02-26\n", false},
		{[]string{"calendar", "due", "--from", "2025-12-31", "--workdays", "1", "--data", dir}, "2026-01-04\n", false},
		{[]string{"calendar", "due", "--from", "2026-09-30", "--workdays", "3", "--data", dir}, "2026-10-10\n", false},
		{[]string{"calendar", "due", "--from", "2026-09-01", "--months", "1", "--data", dir}, "2026-10-08\n", false},
		{[]string{"calendar", "workday", "2026-02-14", "--data", dir}, "2026-02-14 星期六：工作日（调休上班：春节调休）\n", false},
		{[]string{"calendar", "workday", "2026-02-17", "--data", dir}, "2026-02-17 星期二：休息日（春节）\n", false},
		{[]string{"calendar", "due", "--from", "2028-12-29", "--workdays", "1", "--data", dir}, "2029-01-01\n（暂定", false},
		{[]string{"calendar", "due", "--from", "2026-02-12", "--data", dir}, "--workdays", true},
		{[]string{"calendar", "due", "--from", "2026/02/12", "--workdays", "1", "--data", dir}, "日期格式", true},
		{[]string{"calendar", "load", bad, "--data", dir}, "第 3 行", true},
		{[]string{"calendar", "load", notice, "--data", dir}, "已载入2029年节假日安排", false},
		// The loaded notice is now in force: 2029-01-01 is 元旦, 01-06 a make-up Saturday.
		{[]string{"calendar", "due", "--from", "2028-12-29", "--workdays", "1", "--data", dir}, "2029-01-04\n", false},
		{[]string{"calendar", "workday", "2029-01-06", "--data", dir}, "工作日（调休上班：元旦调休）", false},
		{[]string{"run-job", "deadlines.sweep", "--data", dir}, "deadlines.sweep：检查 0 项", false},
		{[]string{"run-job", "nosuch", "--data", dir}, "no job named", true},
		{[]string{"search", "reindex", "--data", dir}, "检索索引已重建：0 件", false},
		{[]string{"search", "rebuild", "--data", dir}, "usage: zhongshu search reindex", true},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		err := run(ctx, tt.args, noenv, &out, io.Discard)
		got := out.String()
		if err != nil {
			got += err.Error()
		}
		if (err != nil) != tt.fail || !strings.HasPrefix(got, tt.want) && !strings.Contains(got, tt.want) {
			t.Errorf("%v: err=%v output=%q, want fail=%v and %q", tt.args, err, got, tt.fail, tt.want)
		}
	}
}
