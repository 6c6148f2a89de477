package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestCmdDoc_VerifyRegistry issues a 发文 in a demo data folder, exports its
// PDF and .sig, and verifies them against the key registered in that
// folder's database; a key nobody registered fails.
func TestCmdDoc_VerifyRegistry(t *testing.T) {
	if _, err := (&app.App{}).Fonts(); err != nil {
		t.Skip("no CJK font on this machine: ", err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = dir, true
	db, err := open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(db, cfg, nil, nil)
	if err := a.LoadDemo(ctx, demo.County()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadDemoWork(ctx); err != nil {
		t.Fatal(err)
	}
	actor := func(u string) *zhongshu.Actor {
		act, err := a.ActorFor(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return act
	}
	// The demo's 发文 at 签发: sign it, register it (the PDF is made and signed).
	l, err := a.FindOutgoingDocs(ctx, actor("xianzhang"), store.OutgoingFilter{Statuses: []zhongshu.OutgoingStatus{zhongshu.OutgoingSigning}}, app.Page{})
	if err != nil || len(l.Docs) == 0 {
		t.Fatalf("demo 发文 at 签发: %v, %d", err, len(l.Docs))
	}
	id := l.Docs[0].ID
	if _, err := a.ActOnOutgoing(ctx, actor("xianzhang"), id, app.OutgoingRequest{Action: outgoing.Sign, Text: "同意。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ActOnOutgoing(ctx, actor("wenshu"), id, app.OutgoingRequest{Action: outgoing.Register}); err != nil {
		t.Fatal(err)
	}
	att, rc, env, err := a.OpenOutgoingRendition(ctx, actor("wenshu"), id)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(rc)
	rc.Close()
	db.Close()
	out := t.TempDir()
	pdfPath := filepath.Join(out, att.Name)
	if err := os.WriteFile(pdfPath, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdfPath+".sig", env, 0o600); err != nil {
		t.Fatal(err)
	}
	noenv := func(string) string { return "" }
	var buf bytes.Buffer
	if err := cmdDoc(ctx, []string{"verify", "--registry", "--data", dir, pdfPath}, noenv, &buf); err != nil {
		t.Fatalf("verify against the registry: %v\n%s", err, buf.String())
	}
	if !strings.Contains(buf.String(), "验证通过") || !strings.Contains(buf.String(), "本县数据库中登记的公钥") {
		t.Errorf("output:\n%s", buf.String())
	}
	// Another county's database does not know the key.
	other := t.TempDir()
	buf.Reset()
	err = cmdDoc(ctx, []string{"verify", "--registry", "--data", other, pdfPath}, noenv, &buf)
	var ve verifyError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "未在本县登记") {
		t.Errorf("unregistered key: %v", err)
	}
}
