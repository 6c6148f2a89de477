package docsign

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
)

// Format, Algorithm and RecordVersion name what this package writes; Verify
// refuses anything else.
const (
	Format        = "zhongshu-docsign/1"
	Algorithm     = "SM2-with-SM3"
	RecordVersion = 1
)

// Errors of Verify. The messages are shown to the people checking a
// document, so they say in plain words what failed; Verify wraps them with
// detail, so test with errors.Is.
var (
	ErrFormat         = errors.New("签名文件格式不支持")
	ErrBadPublicKey   = errors.New("签名文件所附公钥无效或与密钥标识不符")
	ErrUntrustedKey   = errors.New("签名所用密钥不是本县登记的发文单位公钥")
	ErrBadSignature   = errors.New("签名无效：签发记录被改动或签名不符")
	ErrDigestMismatch = errors.New("版式文件与签发记录中的摘要不符：文件已被改动")
)

// Signer is one 签发人 in a Record.
type Signer struct {
	Name    string `json:"name"`
	Unit    string `json:"unit"`
	Opinion string `json:"opinion"` // 签发意见, e.g. "同意"
	Date    string `json:"date"`    // "2026-03-05"
	Proxy   bool   `json:"proxy"`   // 代: signed on behalf of the principal
	Circled bool   `json:"circled"` // 圈阅: signified by circling the name
}

// Record is what is signed: the 签发 record of an issued 公文 and the
// digest of its rendition.
//
// The signed bytes are Canonical: encoding/json of the struct, which
// writes the fields in declaration order with the tags below, no
// indentation and HTML-escaped strings. Changing the order, names or types
// of these fields therefore changes what signatures cover; do it only with
// a new RecordVersion and Format.
type Record struct {
	Version       int       `json:"version"`
	DocID         int64     `json:"doc_id"`
	Number        string    `json:"number"` // 发文字号
	Title         string    `json:"title"`
	IssuerUnitID  int64     `json:"issuer_unit_id"`
	IssuerUnit    string    `json:"issuer_unit"`
	Signers       []Signer  `json:"signers"`
	WrittenDate   string    `json:"written_date"`   // 成文日期, "2026年3月5日"
	RenditionSM3  string    `json:"rendition_sm3"`  // lower-case hex, see Digest
	RenditionSize int64     `json:"rendition_size"` // bytes
	SignedAt      time.Time `json:"signed_at"`      // UTC, whole seconds
	KeyID         string    `json:"key_id"`         // Fingerprint of the signing key
}

// Canonical returns the bytes that a signature covers.
func (r Record) Canonical() ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("docsign: encode record: %w", err)
	}
	return b, nil
}

// Envelope is a signed Record as written to the sidecar file (the PDF's
// name + ".sig"). PublicKey travels with it so that anyone can check the
// signature; whether the key is the issuing unit's registered key is a
// separate question (the trusted argument of Verify).
type Envelope struct {
	Format    string `json:"format"`
	Algorithm string `json:"algorithm"`
	Record    Record `json:"record"`
	PublicKey string `json:"public_key"` // PEM, see PublicKeyPEM
	// Signature is the base64 ASN.1 SM2 signature of Record.Canonical, with
	// SM3 over Z_A||M and the default user id 1234567812345678
	// (GB/T 32918.2, GM/T 0009).
	Signature string `json:"signature"`
}

// Digest returns the SM3 digest (lower-case hex) and size of a rendition.
func Digest(rendition []byte) (sm3hex string, size int64) {
	sum := sm3.Sum(rendition)
	return hex.EncodeToString(sum[:]), int64(len(rendition))
}

// Sign signs rec with key. It sets rec.KeyID to the key's Fingerprint,
// rec.Version to RecordVersion when it is 0, and rec.SignedAt to UTC whole
// seconds; SignedAt must be set (from the caller's clock). rec.RenditionSM3
// and RenditionSize come from Digest. A nil rand gives a deterministic
// signature (RFC 6979 with SM3).
func Sign(rand io.Reader, rec Record, key *sm2.PrivateKey) (Envelope, error) {
	if key == nil {
		return Envelope{}, errors.New("docsign.Sign: no key")
	}
	if rec.Version == 0 {
		rec.Version = RecordVersion
	}
	if rec.Version != RecordVersion {
		return Envelope{}, fmt.Errorf("docsign.Sign: record version %d, want %d", rec.Version, RecordVersion)
	}
	rec.RenditionSM3 = strings.ToLower(rec.RenditionSM3)
	if d, err := hex.DecodeString(rec.RenditionSM3); err != nil || len(d) != sm3.Size {
		return Envelope{}, fmt.Errorf("docsign.Sign: rendition digest %q is not a hex SM3 digest", rec.RenditionSM3)
	}
	if rec.RenditionSize < 0 {
		return Envelope{}, fmt.Errorf("docsign.Sign: rendition size %d", rec.RenditionSize)
	}
	if rec.SignedAt.IsZero() {
		return Envelope{}, errors.New("docsign.Sign: SignedAt not set")
	}
	rec.SignedAt = rec.SignedAt.UTC().Truncate(time.Second)
	pubPEM, err := PublicKeyPEM(&key.PublicKey)
	if err != nil {
		return Envelope{}, fmt.Errorf("docsign.Sign: %w", err)
	}
	rec.KeyID = Fingerprint(&key.PublicKey)
	msg, err := rec.Canonical()
	if err != nil {
		return Envelope{}, err
	}
	sig, err := key.Sign(rand, msg, sm2.DefaultSM2SignerOpts)
	if err != nil {
		return Envelope{}, fmt.Errorf("docsign.Sign: %w", err)
	}
	return Envelope{
		Format:    Format,
		Algorithm: Algorithm,
		Record:    rec,
		PublicKey: pubPEM,
		Signature: base64.StdEncoding.EncodeToString(sig),
	}, nil
}

// Verify checks env against rendition, the bytes of the PDF in hand, in
// this order:
//
//  1. the format, algorithm and record version are this package's (ErrFormat);
//  2. the enclosed public key parses and its Fingerprint is Record.KeyID
//     (ErrBadPublicKey);
//  3. if trusted is not nil, it is the enclosed key (ErrUntrustedKey); a nil
//     trusted accepts whatever key signed, which proves integrity but not
//     who signed;
//  4. the signature covers Record.Canonical (ErrBadSignature);
//  5. the rendition's SM3 digest and size are the record's (ErrDigestMismatch).
//
// Because the record is authenticated before the digest is compared, an
// ErrDigestMismatch means the record itself is genuine.
func Verify(env Envelope, rendition []byte, trusted *ecdsa.PublicKey) error {
	rec := env.Record
	if env.Format != Format || env.Algorithm != Algorithm || rec.Version != RecordVersion {
		return fmt.Errorf("%w：%q / %q / 记录版本 %d（应为 %q / %q / %d）", ErrFormat,
			env.Format, env.Algorithm, rec.Version, Format, Algorithm, RecordVersion)
	}
	pub, err := ParsePublicKeyPEM(env.PublicKey)
	if err != nil {
		return fmt.Errorf("%w：%w", ErrBadPublicKey, err)
	}
	if id := Fingerprint(pub); id != rec.KeyID {
		return fmt.Errorf("%w：公钥标识 %s，记录中为 %s", ErrBadPublicKey, id, rec.KeyID)
	}
	if trusted != nil && !trusted.Equal(pub) {
		return fmt.Errorf("%w：签名密钥 %s，登记的公钥 %s", ErrUntrustedKey, rec.KeyID, Fingerprint(trusted))
	}
	sig, err := base64.StdEncoding.DecodeString(env.Signature)
	if err != nil {
		return fmt.Errorf("%w：签名值无法解码（%w）", ErrBadSignature, err)
	}
	msg, err := rec.Canonical()
	if err != nil {
		return err
	}
	if !sm2.VerifyASN1WithSM2(pub, nil, msg, sig) {
		return ErrBadSignature
	}
	sum, size := Digest(rendition)
	if sum != rec.RenditionSM3 || size != rec.RenditionSize {
		return fmt.Errorf("%w（记录：%d 字节，SM3 %s；文件：%d 字节，SM3 %s）", ErrDigestMismatch,
			rec.RenditionSize, rec.RenditionSM3, size, sum)
	}
	return nil
}

// Marshal encodes env as indented JSON with a final newline, the form of
// the sidecar ".sig" file. Strings are not HTML-escaped, so Chinese text
// and "<" stay readable; this does not affect what the signature covers.
func Marshal(env Envelope) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(env); err != nil {
		return nil, fmt.Errorf("docsign.Marshal: %w", err)
	}
	return buf.Bytes(), nil
}

// ParseEnvelope decodes a sidecar file written by Marshal. Unknown fields
// are refused: a field that no signature covers must not be shown as if it
// were part of the signed record.
func ParseEnvelope(data []byte) (Envelope, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var env Envelope
	if err := dec.Decode(&env); err != nil {
		return Envelope{}, fmt.Errorf("%w：无法解析签名文件（%w）", ErrFormat, err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return Envelope{}, fmt.Errorf("%w：签名文件末尾有多余内容", ErrFormat)
	}
	return env, nil
}
