package docsign_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/docsign"
)

// MustKey returns a new SM2 key.
func MustKey(t testing.TB) *sm2.PrivateKey {
	t.Helper()
	key, err := docsign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// samplePDF is a stand-in for a rendition: verification treats it as bytes.
var samplePDF = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
	"trailer << /Root 1 0 R >>\n%%EOF\n")

// sampleRecord is the 签发 record of samplePDF.
func sampleRecord(pdf []byte) docsign.Record {
	sum, size := docsign.Digest(pdf)
	return docsign.Record{
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
		SignedAt:      time.Date(2026, 3, 6, 16, 30, 5, 123456789, time.FixedZone("CST", 8*3600)),
	}
}

// MustSign signs sampleRecord(pdf) with key.
func MustSign(t testing.TB, key *sm2.PrivateKey, pdf []byte) docsign.Envelope {
	t.Helper()
	env, err := docsign.Sign(rand.Reader, sampleRecord(pdf), key)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func TestSignVerify(t *testing.T) {
	key := MustKey(t)
	env := MustSign(t, key, samplePDF)

	if env.Format != docsign.Format || env.Algorithm != docsign.Algorithm {
		t.Errorf("format %q / %q", env.Format, env.Algorithm)
	}
	want := sampleRecord(samplePDF)
	want.Version = docsign.RecordVersion
	want.SignedAt = time.Date(2026, 3, 6, 8, 30, 5, 0, time.UTC)
	want.KeyID = docsign.Fingerprint(&key.PublicKey)
	if diff := cmp.Diff(want, env.Record); diff != "" {
		t.Errorf("signed record (-want +got):\n%s", diff)
	}
	if env.Record.SignedAt.Location() != time.UTC {
		t.Errorf("SignedAt in %v, want UTC", env.Record.SignedAt.Location())
	}
	for _, tt := range []struct {
		name    string
		trusted bool
	}{
		{"enclosed key only", false},
		{"registered key", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			trusted := &key.PublicKey
			if !tt.trusted {
				trusted = nil
			}
			if err := docsign.Verify(env, samplePDF, trusted); err != nil {
				t.Errorf("Verify = %v, want nil", err)
			}
		})
	}
	t.Run("deterministic", func(t *testing.T) {
		a, err := docsign.Sign(nil, sampleRecord(samplePDF), key)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := docsign.Sign(nil, sampleRecord(samplePDF), key)
		if a.Signature != b.Signature {
			t.Error("signing with a nil rand gave two different signatures")
		}
		if err := docsign.Verify(a, samplePDF, &key.PublicKey); err != nil {
			t.Errorf("Verify = %v", err)
		}
	})
}

func TestSign_Refuses(t *testing.T) {
	key := MustKey(t)
	for _, tt := range []struct {
		name   string
		change func(*docsign.Record)
	}{
		{"no signing time", func(r *docsign.Record) { r.SignedAt = time.Time{} }},
		{"digest not hex", func(r *docsign.Record) { r.RenditionSM3 = "xyz" }},
		{"digest too short", func(r *docsign.Record) { r.RenditionSM3 = r.RenditionSM3[:62] }},
		{"negative size", func(r *docsign.Record) { r.RenditionSize = -1 }},
		{"future version", func(r *docsign.Record) { r.Version = 2 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := sampleRecord(samplePDF)
			tt.change(&rec)
			if _, err := docsign.Sign(rand.Reader, rec, key); err == nil {
				t.Error("Sign = nil error, want a refusal")
			}
		})
	}
	if _, err := docsign.Sign(rand.Reader, sampleRecord(samplePDF), nil); err == nil {
		t.Error("Sign with no key = nil error")
	}
}

// TestVerify_RenditionChanged changes each byte of the rendition in turn,
// and also lengthens and shortens it.
func TestVerify_RenditionChanged(t *testing.T) {
	key := MustKey(t)
	env := MustSign(t, key, samplePDF)
	for i := range samplePDF {
		pdf := bytes.Clone(samplePDF)
		pdf[i] ^= 0x01
		if err := docsign.Verify(env, pdf, &key.PublicKey); !errors.Is(err, docsign.ErrDigestMismatch) {
			t.Fatalf("byte %d changed: Verify = %v, want ErrDigestMismatch", i, err)
		}
	}
	for _, tt := range []struct {
		name string
		pdf  []byte
	}{
		{"byte appended", append(bytes.Clone(samplePDF), '\n')},
		{"last byte removed", samplePDF[:len(samplePDF)-1]},
		{"empty", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := docsign.Verify(env, tt.pdf, nil); !errors.Is(err, docsign.ErrDigestMismatch) {
				t.Errorf("Verify = %v, want ErrDigestMismatch", err)
			}
		})
	}
}

func TestVerify_EnvelopeChanged(t *testing.T) {
	key, other := MustKey(t), MustKey(t)
	otherPEM, err := docsign.PublicKeyPEM(&other.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*docsign.Envelope)
		want   error
	}{
		{"title", func(e *docsign.Envelope) { e.Record.Title += "。" }, docsign.ErrBadSignature},
		{"number", func(e *docsign.Envelope) { e.Record.Number = "城政发〔2026〕6号" }, docsign.ErrBadSignature},
		{"opinion", func(e *docsign.Envelope) { e.Record.Signers[0].Opinion = "不同意。" }, docsign.ErrBadSignature},
		{"signer name", func(e *docsign.Envelope) { e.Record.Signers[1].Name = "李卫民" }, docsign.ErrBadSignature},
		{"proxy mark removed", func(e *docsign.Envelope) { e.Record.Signers[1].Proxy = false }, docsign.ErrBadSignature},
		{"circled mark added", func(e *docsign.Envelope) { e.Record.Signers[0].Circled = true }, docsign.ErrBadSignature},
		{"signer added", func(e *docsign.Envelope) {
			e.Record.Signers = append(e.Record.Signers, docsign.Signer{Name: "赵六", Date: "2026-03-06"})
		}, docsign.ErrBadSignature},
		{"signer removed", func(e *docsign.Envelope) { e.Record.Signers = e.Record.Signers[:2] }, docsign.ErrBadSignature},
		{"written date", func(e *docsign.Envelope) { e.Record.WrittenDate = "2026年3月4日" }, docsign.ErrBadSignature},
		{"issuer unit", func(e *docsign.Envelope) { e.Record.IssuerUnit = "城关县人民政府办公室" }, docsign.ErrBadSignature},
		{"doc id", func(e *docsign.Envelope) { e.Record.DocID++ }, docsign.ErrBadSignature},
		{"signing time", func(e *docsign.Envelope) { e.Record.SignedAt = e.Record.SignedAt.Add(time.Second) }, docsign.ErrBadSignature},
		{"digest and size follow a new PDF", func(e *docsign.Envelope) {
			e.Record.RenditionSM3, e.Record.RenditionSize = docsign.Digest([]byte("%PDF-1.7 forged"))
		}, docsign.ErrBadSignature},
		{"signature byte", func(e *docsign.Envelope) {
			sig, _ := base64.StdEncoding.DecodeString(e.Signature)
			sig[len(sig)-1] ^= 0x01
			e.Signature = base64.StdEncoding.EncodeToString(sig)
		}, docsign.ErrBadSignature},
		{"signature not base64", func(e *docsign.Envelope) { e.Signature = "!!" }, docsign.ErrBadSignature},
		{"no signature", func(e *docsign.Envelope) { e.Signature = "" }, docsign.ErrBadSignature},
		{"other key, key id updated", func(e *docsign.Envelope) {
			e.PublicKey, e.Record.KeyID = otherPEM, docsign.Fingerprint(&other.PublicKey)
		}, docsign.ErrBadSignature},
		{"other key, key id kept", func(e *docsign.Envelope) { e.PublicKey = otherPEM }, docsign.ErrBadPublicKey},
		{"key id", func(e *docsign.Envelope) { e.Record.KeyID = strings.Repeat("0", 64) }, docsign.ErrBadPublicKey},
		{"public key garbled", func(e *docsign.Envelope) { e.PublicKey = strings.Replace(e.PublicKey, "M", "N", 1) }, docsign.ErrBadPublicKey},
		{"no public key", func(e *docsign.Envelope) { e.PublicKey = "" }, docsign.ErrBadPublicKey},
		{"format", func(e *docsign.Envelope) { e.Format = "zhongshu-docsign/2" }, docsign.ErrFormat},
		{"algorithm", func(e *docsign.Envelope) { e.Algorithm = "ECDSA-with-SHA256" }, docsign.ErrFormat},
		{"record version", func(e *docsign.Envelope) { e.Record.Version = 2 }, docsign.ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := MustSign(t, key, samplePDF)
			tt.change(&env)
			err := docsign.Verify(env, samplePDF, nil)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestVerify_SignedFileTampered edits the sidecar JSON text itself.
func TestVerify_SignedFileTampered(t *testing.T) {
	key := MustKey(t)
	data, err := docsign.Marshal(MustSign(t, key, samplePDF))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ old, new string }{
		{"森林防火", "森林防汛"},
		{`"同意"`, `"同 意"`},
		{`"proxy": true`, `"proxy": false`},
		{`"rendition_size": `, `"rendition_size": 1`},
	} {
		t.Run(tt.new, func(t *testing.T) {
			if !bytes.Contains(data, []byte(tt.old)) {
				t.Fatalf("%q not in the signature file:\n%s", tt.old, data)
			}
			env, err := docsign.ParseEnvelope(bytes.Replace(data, []byte(tt.old), []byte(tt.new), 1))
			if err != nil {
				t.Fatal(err)
			}
			if err := docsign.Verify(env, samplePDF, &key.PublicKey); !errors.Is(err, docsign.ErrBadSignature) {
				t.Errorf("Verify = %v, want ErrBadSignature", err)
			}
		})
	}
}

func TestVerify_UntrustedKey(t *testing.T) {
	key, registered := MustKey(t), MustKey(t)
	env := MustSign(t, key, samplePDF)
	err := docsign.Verify(env, samplePDF, &registered.PublicKey)
	if !errors.Is(err, docsign.ErrUntrustedKey) {
		t.Fatalf("Verify = %v, want ErrUntrustedKey", err)
	}
	// The key check comes before the digest: a forged PDF signed with a
	// stranger's key is reported as the stranger's key.
	if err := docsign.Verify(env, []byte("forged"), &registered.PublicKey); !errors.Is(err, docsign.ErrUntrustedKey) {
		t.Errorf("Verify(forged PDF) = %v, want ErrUntrustedKey", err)
	}
}

func TestEnvelopeJSON(t *testing.T) {
	key := MustKey(t)
	env := MustSign(t, key, samplePDF)
	data, err := docsign.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("\n  \"record\": {")) || !bytes.HasSuffix(data, []byte("}\n")) {
		t.Errorf("Marshal is not indented JSON with a final newline:\n%s", data)
	}
	if !bytes.Contains(data, []byte("城政发〔2026〕5号")) {
		t.Errorf("Marshal escaped the Chinese text:\n%s", data)
	}
	got, err := docsign.ParseEnvelope(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(env, got); diff != "" {
		t.Errorf("ParseEnvelope(Marshal(env)) (-want +got):\n%s", diff)
	}
	if err := docsign.Verify(got, samplePDF, &key.PublicKey); err != nil {
		t.Errorf("Verify after the round trip = %v", err)
	}

	for _, tt := range []struct {
		name string
		data string
	}{
		{"not JSON", "%PDF-1.7"},
		{"unknown field", strings.Replace(string(data), `"title":`, `"subtitle": "x", "title":`, 1)},
		{"trailing data", string(data) + "{}"},
		{"empty", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := docsign.ParseEnvelope([]byte(tt.data)); !errors.Is(err, docsign.ErrFormat) {
				t.Errorf("ParseEnvelope = %v, want ErrFormat", err)
			}
		})
	}
}

func TestDigest(t *testing.T) {
	for _, tt := range []struct {
		in   string
		sum  string
		size int64
	}{
		// GB/T 32905-2016 appendix A, example 1.
		{"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", 3},
		{"", "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b", 0},
	} {
		sum, size := docsign.Digest([]byte(tt.in))
		if sum != tt.sum || size != tt.size {
			t.Errorf("Digest(%q) = %s, %d; want %s, %d", tt.in, sum, size, tt.sum, tt.size)
		}
	}
}
