package docsign_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/docsign"
)

// MustKEK returns a new key-encryption key.
func MustKEK(t testing.TB) []byte {
	t.Helper()
	kek, err := docsign.NewKEK(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return kek
}

func TestSealPrivateKey(t *testing.T) {
	key, kek := MustKey(t), MustKEK(t)
	sealed, err := docsign.SealPrivateKey(key, kek)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode([]byte(sealed))
	if block == nil || block.Type != docsign.PrivateKeyPEMType {
		t.Fatalf("SealPrivateKey wrote no %q block:\n%s", docsign.PrivateKeyPEMType, sealed)
	}
	if got, want := block.Headers["Key-Id"], docsign.Fingerprint(&key.PublicKey); got != want {
		t.Errorf("Key-Id header %q, want %q", got, want)
	}
	if d := key.D.Bytes(); bytes.Contains(block.Bytes, d) {
		t.Error("the sealed block contains the private scalar in clear")
	}

	got, err := docsign.OpenPrivateKey(sealed, kek)
	if err != nil {
		t.Fatalf("OpenPrivateKey = %v", err)
	}
	if !got.Equal(key) {
		t.Error("OpenPrivateKey returned a different key")
	}
	again, err := docsign.SealPrivateKey(key, kek)
	if err != nil {
		t.Fatal(err)
	}
	if again == sealed {
		t.Error("sealing twice gave the same text: the nonce is not fresh")
	}

	wrongKEK := bytes.Clone(kek)
	wrongKEK[0] ^= 0x80
	tamperedBody := func() string {
		b, _ := pem.Decode([]byte(sealed))
		b.Bytes[len(b.Bytes)/2] ^= 0x01
		return string(pem.EncodeToMemory(b))
	}
	tamperedNonce := func() string {
		b, _ := pem.Decode([]byte(sealed))
		n, _ := hex.DecodeString(b.Headers["Nonce"])
		n[0] ^= 0x01
		b.Headers["Nonce"] = hex.EncodeToString(n)
		return string(pem.EncodeToMemory(b))
	}
	for _, tt := range []struct {
		name   string
		sealed string
		kek    []byte
		want   error // nil: any error
	}{
		{"wrong KEK", sealed, wrongKEK, docsign.ErrWrongKEK},
		{"another KEK", sealed, MustKEK(t), docsign.ErrWrongKEK},
		{"ciphertext changed", tamperedBody(), kek, docsign.ErrWrongKEK},
		{"nonce changed", tamperedNonce(), kek, docsign.ErrWrongKEK},
		{"short KEK", sealed, kek[:8], nil},
		{"no KEK", sealed, nil, nil},
		{"not PEM", "MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQg", kek, nil},
		{"public key PEM", mustPublicPEM(t), kek, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := docsign.OpenPrivateKey(tt.sealed, tt.kek)
			switch {
			case err == nil:
				t.Fatal("OpenPrivateKey = nil error, want a refusal")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("OpenPrivateKey = %v, want %v", err, tt.want)
			}
		})
	}
	if !strings.Contains(docsign.ErrWrongKEK.Error(), "KEK") {
		t.Errorf("ErrWrongKEK = %q does not name the KEK", docsign.ErrWrongKEK)
	}
}

func mustPublicPEM(t *testing.T) string {
	t.Helper()
	s, err := docsign.PublicKeyPEM(&MustKey(t).PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPublicKeyPEM(t *testing.T) {
	key := MustKey(t)
	s, err := docsign.PublicKeyPEM(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s, "-----BEGIN PUBLIC KEY-----\n") {
		t.Errorf("PublicKeyPEM = %q", s)
	}
	pub, err := docsign.ParsePublicKeyPEM(s)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(&key.PublicKey) {
		t.Error("ParsePublicKeyPEM(PublicKeyPEM(pub)) is another key")
	}
	id := docsign.Fingerprint(pub)
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(id) {
		t.Errorf("Fingerprint = %q, want 64 hex digits", id)
	}
	if id != docsign.Fingerprint(&key.PublicKey) || id == docsign.Fingerprint(&MustKey(t).PublicKey) {
		t.Error("Fingerprint is not a function of the key alone")
	}
	if docsign.Fingerprint(nil) != "" {
		t.Error("Fingerprint(nil) is not empty")
	}

	for _, tt := range []struct {
		name, pem string
	}{
		{"empty", ""},
		{"trailing text", s + "extra"},
		{"private key block", strings.ReplaceAll(s, "PUBLIC KEY", "PRIVATE KEY")},
		{"garbled", strings.Replace(s, "M", "A", 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := docsign.ParsePublicKeyPEM(tt.pem); err == nil {
				t.Error("ParsePublicKeyPEM = nil error")
			}
		})
	}
}

func TestParseKEK(t *testing.T) {
	kek := MustKEK(t)
	if len(kek) != docsign.KEKSize {
		t.Fatalf("NewKEK gave %d bytes", len(kek))
	}
	for _, tt := range []struct {
		name string
		in   string
		ok   bool
	}{
		{"hex", hex.EncodeToString(kek), true},
		{"upper case with newline", strings.ToUpper(hex.EncodeToString(kek)) + "\n", true},
		{"too short", hex.EncodeToString(kek[:15]), false},
		{"too long", hex.EncodeToString(append(bytes.Clone(kek), 0)), false},
		{"not hex", strings.Repeat("g", 32), false},
		{"empty", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := docsign.ParseKEK(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseKEK(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if tt.ok && !bytes.Equal(got, kek) {
				t.Errorf("ParseKEK(%q) = %x, want %x", tt.in, got, kek)
			}
		})
	}
}
