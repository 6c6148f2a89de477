package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/docsign"
)

// signedDoc is an exported document in a temp directory: the PDF, its
// sidecar signature file, the issuing unit's public key and a stranger's.
type signedDoc struct {
	pdf, sig, pubkey, otherKey string
	keyID                      string
}

// MustSignedDoc writes a signed document into a new temp directory.
func MustSignedDoc(t *testing.T) signedDoc {
	t.Helper()
	dir := t.TempDir()
	pdf := []byte("%PDF-1.7\n% 城关县人民政府文件\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	key, err := docsign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := docsign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sum, size := docsign.Digest(pdf)
	env, err := docsign.Sign(rand.Reader, docsign.Record{
		DocID:        42,
		Number:       "城政发〔2026〕5号",
		Title:        "城关县人民政府关于做好2026年春季森林防火工作的通知",
		IssuerUnitID: 7,
		IssuerUnit:   "城关县人民政府",
		Signers: []docsign.Signer{
			{Name: "张建国", Unit: "城关县人民政府", Opinion: "同意。", Date: "2026-03-05"},
			{Name: "李卫东", Unit: "城关县人民政府", Opinion: "同意", Date: "2026-03-05", Proxy: true},
			{Name: "王秀英", Unit: "城关县人民政府", Date: "2026-03-06", Circled: true},
		},
		WrittenDate:   "2026年3月5日",
		RenditionSM3:  sum,
		RenditionSize: size,
		SignedAt:      time.Date(2026, 3, 6, 8, 30, 5, 0, time.UTC),
	}, key)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := docsign.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	d := signedDoc{
		pdf:      filepath.Join(dir, "城政发〔2026〕5号.pdf"),
		pubkey:   filepath.Join(dir, "城关县人民政府.pem"),
		otherKey: filepath.Join(dir, "other.pem"),
		keyID:    env.Record.KeyID,
	}
	d.sig = d.pdf + ".sig"
	pubPEM, err := docsign.PublicKeyPEM(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	otherPEM, err := docsign.PublicKeyPEM(&other.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for path, data := range map[string][]byte{d.pdf: pdf, d.sig: sig, d.pubkey: []byte(pubPEM), d.otherKey: []byte(otherPEM)} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// MustEdit replaces the first old in the file at path with new.
func MustEdit(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%q not in %s", old, path)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestCmdDoc_Verify(t *testing.T) {
	const (
		passed   = "验证通过：签名有效，版式文件未被改动。"
		noPubkey = "（未指定本县登记的公钥，仅以签名文件所附公钥验证）"
	)
	record := []string{
		"发文字号：城政发〔2026〕5号",
		"标题：城关县人民政府关于做好2026年春季森林防火工作的通知",
		"签发人：张建国，城关县人民政府，2026-03-05，意见：同意。",
		"李卫东（代），城关县人民政府，2026-03-05，意见：同意\n",
		"王秀英（圈阅），城关县人民政府，2026-03-06\n",
		"成文日期：2026年3月5日",
	}
	tests := []struct {
		name    string
		args    func(d signedDoc) []string
		tamper  func(t *testing.T, d signedDoc)
		wantOut []string // substrings of stdout
		notOut  []string
		wantErr string // substring of the error; "" for success
		code    int    // exitCode of the error
	}{
		{
			name:    "valid, enclosed key only",
			args:    func(d signedDoc) []string { return []string{"verify", d.pdf} },
			wantOut: append(record, noPubkey, passed),
		},
		{
			name:    "valid, registered key given after the file",
			args:    func(d signedDoc) []string { return []string{"verify", d.pdf, "--pubkey", d.pubkey} },
			wantOut: append(record, "与本县登记的公钥一致", passed),
			notOut:  []string{noPubkey},
		},
		{
			name: "signature file named with --sig",
			args: func(d signedDoc) []string { return []string{"verify", "--sig", d.sig + ".moved", d.pdf} },
			tamper: func(t *testing.T, d signedDoc) {
				if err := os.Rename(d.sig, d.sig+".moved"); err != nil {
					t.Fatal(err)
				}
			},
			wantOut: []string{passed},
		},
		{
			name:    "one byte of the PDF changed",
			args:    func(d signedDoc) []string { return []string{"verify", "--pubkey", d.pubkey, d.pdf} },
			tamper:  func(t *testing.T, d signedDoc) { MustEdit(t, d.pdf, "1.7", "1.6") },
			wantOut: record, // the record is genuine and is shown
			notOut:  []string{passed},
			wantErr: "版式文件与签发记录中的摘要不符：文件已被改动",
			code:    3,
		},
		{
			name:    "title in the signed record changed",
			args:    func(d signedDoc) []string { return []string{"verify", d.pdf} },
			tamper:  func(t *testing.T, d signedDoc) { MustEdit(t, d.sig, "森林防火", "森林防汛") },
			notOut:  []string{"发文字号", passed},
			wantErr: "签名无效：签发记录被改动或签名不符",
			code:    3,
		},
		{
			name:    "proxy mark removed from the signed record",
			args:    func(d signedDoc) []string { return []string{"verify", d.pdf} },
			tamper:  func(t *testing.T, d signedDoc) { MustEdit(t, d.sig, `"proxy": true`, `"proxy": false`) },
			wantErr: "签名无效",
			code:    3,
		},
		{
			name:    "signed with a key not registered",
			args:    func(d signedDoc) []string { return []string{"verify", "--pubkey", d.otherKey, d.pdf} },
			notOut:  []string{passed},
			wantErr: "不是本县登记的发文单位公钥",
			code:    3,
		},
		{
			name:    "signature file not JSON",
			args:    func(d signedDoc) []string { return []string{"verify", d.pdf} },
			tamper:  func(t *testing.T, d signedDoc) { MustEdit(t, d.sig, "{", "<") },
			wantErr: "签名文件格式不支持",
			code:    3,
		},
		{
			name: "no signature file",
			args: func(d signedDoc) []string { return []string{"verify", d.pdf} },
			tamper: func(t *testing.T, d signedDoc) {
				if err := os.Remove(d.sig); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: "读取签名文件",
			code:    1,
		},
		{
			name:    "public key file not a key",
			args:    func(d signedDoc) []string { return []string{"verify", "--pubkey", d.pdf, d.pdf} },
			wantErr: "公钥文件",
			code:    1,
		},
		{
			name:    "no file",
			args:    func(d signedDoc) []string { return []string{"verify"} },
			wantErr: "usage: zhongshu doc verify",
			code:    2,
		},
		{
			name:    "two files",
			args:    func(d signedDoc) []string { return []string{"verify", d.pdf, d.sig} },
			wantErr: "usage: zhongshu doc verify",
			code:    2,
		},
		{
			name:    "unknown flag",
			args:    func(d signedDoc) []string { return []string{"verify", "--key", d.pubkey, d.pdf} },
			wantErr: "usage: zhongshu doc verify",
			code:    2,
		},
		{
			name:    "unknown subcommand",
			args:    func(d signedDoc) []string { return []string{"sign", d.pdf} },
			wantErr: "usage: zhongshu doc verify",
			code:    2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := MustSignedDoc(t)
			if tt.tamper != nil {
				tt.tamper(t, d)
			}
			var out bytes.Buffer
			err := cmdDoc(context.Background(), tt.args(d), noenv, &out)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("cmdDoc = %v, want success; output:\n%s", err, out.String())
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("cmdDoc = %v, want an error containing %q; output:\n%s", err, tt.wantErr, out.String())
			case err != nil && exitCode(err) != tt.code:
				t.Errorf("exit status %d, want %d (error %v)", exitCode(err), tt.code, err)
			}
			for _, s := range tt.wantOut {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range tt.notOut {
				if strings.Contains(out.String(), s) {
					t.Errorf("output has %q:\n%s", s, out.String())
				}
			}
			if tt.wantErr == "" && !strings.Contains(out.String(), "密钥标识："+d.keyID) {
				t.Errorf("output lacks the key id %s:\n%s", d.keyID, out.String())
			}
		})
	}
}

// TestCmdDoc_VerifyError checks that a failed check can be told apart from
// other errors by callers that wrap cmdDoc.
func TestCmdDoc_VerifyError(t *testing.T) {
	d := MustSignedDoc(t)
	MustEdit(t, d.pdf, "%%EOF", "%%EOG")
	err := cmdDoc(context.Background(), []string{"verify", d.pdf}, noenv, &bytes.Buffer{})
	var ve verifyError
	if !errors.As(err, &ve) {
		t.Fatalf("cmdDoc = %#v, want a verifyError", err)
	}
}
